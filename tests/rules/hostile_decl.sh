#!/bin/sh
# hostile_decl.sh — issue 11 class 3 and bounded findings: declarations validated, finding size and evidence refs, each hostile file alone beside the bundled rules.
# See lib_hostile.sh for what is asserted of each file.
FILES="finding_long_message finding_many_evidence evidence_bad_ref points_nan rule_id_control duplicate_id load_chunk_error"
. "$(dirname "$0")/lib_hostile.sh"
