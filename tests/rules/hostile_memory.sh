#!/bin/sh
# hostile_memory.sh — issue 11 class 2: memory charged per rule file, a fail-fast cap, SQLite's own limits, each hostile file alone beside the bundled rules.
# See lib_hostile.sh for what is asserted of each file.
FILES="memory_hoard memory_pcall_storm sql_big_string big_blob"
. "$(dirname "$0")/lib_hostile.sh"
