#!/bin/sh
# hostile_time.sh — issue 11 class 1: time, and loops inside one C call (the library's and SQLite's), each hostile file alone beside the bundled rules; also the whole check's deadline.
# See lib_hostile.sh for what is asserted of each file.
CHECK_DEADLINE=1
FILES="rep_empty_huge concat_c_index refs_huge_length like_pattern instr_loop step_limit_pcall slow_copies"
. "$(dirname "$0")/lib_hostile.sh"
