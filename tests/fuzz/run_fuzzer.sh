#!/usr/bin/env bash
# One fuzz target's ctest (label fuzz; tests/fuzz/CMakeLists.txt):
#   run_fuzzer.sh BINARY WORK_DIR SECONDS DICTIONARY REGRESSIONS_DIR [SEED_DIR...]
# First replays every input of REGRESSIONS_DIR once (each a crash found and
# fixed before), then fuzzes for SECONDS from WORK_DIR/corpus (kept between
# runs of one build tree), the seed folders and the regressions. Fails on
# any crash, sanitizer report, leak, timeout (-timeout) or memory blow-up
# (-rss_limit_mb); the input that did it is written to WORK_DIR/artifacts/
# and named at the end. DICTIONARY (libFuzzer's -dict) holds values worth
# trying early.
set -uo pipefail
bin="$1" work="$2" seconds="$3" dict="$4" regressions="$5"
shift 5
name="$(basename "$bin")"
mkdir -p "$work/corpus" "$work/artifacts"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
limits=(-rss_limit_mb=2048 -timeout=10 -malloc_limit_mb=2048)

fail() {
  echo "FAILED: $name: $1" >&2
  local found
  found="$(find "$work/artifacts" -type f 2>/dev/null)"
  if [[ -n "$found" ]]; then
    echo "input(s) that failed it (once fixed, copy each into tests/fuzz/regressions/$name/):" >&2
    echo "$found" >&2
  fi
  exit 1
}

mapfile -t kept < <(find "$regressions" -type f ! -name '.*' 2>/dev/null | sort)
if ((${#kept[@]} > 0)); then
  echo "==> $name: replaying ${#kept[@]} regression input(s)" >&2
  "$bin" "${limits[@]}" -artifact_prefix="$work/artifacts/" "${kept[@]}" ||
    fail "a regression input fails again"
fi

echo "==> $name: fuzzing for ${seconds} s" >&2
log="$work/fuzz.log"
"$bin" "${limits[@]}" -max_total_time="$seconds" -print_final_stats=1 -dict="$dict" \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$@" "$regressions" \
  >"$log" 2>&1
status=$?
# The run's last progress lines and its final statistics (execs/s, coverage).
grep -E '^#[0-9]+' "$log" | tail -n 3 >&2
grep -E '^stat::' "$log" >&2
if ((status != 0)) || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
  tail -n 80 "$log" >&2
  fail "exit status $status (log: $log)"
fi
echo "==> $name: no crash in ${seconds} s" >&2
