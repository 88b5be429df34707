#!/usr/bin/env bash
# Fuzzes every target (or the named ones) for SECONDS each, up to nproc at a time, on corpora kept
# between runs in $QB_FUZZ_BUILD_DIR/fuzz-corpus/<reader>/ (seeded as scripts/fuzz-run.sh does).
# A crash does not end a target's time: its input is saved and fuzzing restarts. At the end each
# corpus is minimized (libFuzzer -merge=1) and a table gives per target the executions, corpus
# size, coverage (cov = edges, ft = features), crashes (crash, leak, timeout, out-of-memory) and
# slow inputs (over 10 s); the exit code is 1 if any crashed.
# Usage: scripts/fuzz-long.sh SECONDS [READER...]     (READER: onnx, plan, ... as in fuzz_<reader>)
# Env: QB_FUZZ_BUILD_DIR (default <repo>/build-fuzz), QB_JOBS (default nproc), QB_SHARED_DIR.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || { echo "usage: $0 SECONDS [READER...]" >&2; exit 2; }
seconds=$1
shift
build=$(realpath -m "${QB_FUZZ_BUILD_DIR:-$root/build-fuzz}")
jobs=${QB_JOBS:-$(nproc)}
readers=("$@")
if [[ ${#readers[@]} -eq 0 ]]; then
  for f in "$build"/bin/fuzz_*; do readers+=("$(basename "${f#"$build"/bin/fuzz_}")"); done
fi
for r in "${readers[@]}"; do
  [[ -x $build/bin/fuzz_$r ]] || { echo "error: $build/bin/fuzz_$r: not built (ninja -C $build qb_fuzz)" >&2; exit 1; }
done
logs=$build/fuzz-long
mkdir -p "$logs"

# One target for its whole time: runs fuzz-run.sh again after each crash with the time left.
fuzz_one() {
  local r=$1 end=$(($(date +%s) + seconds)) run=0 left
  : >"$logs/$r.log"
  while left=$((end - $(date +%s))) && [[ $left -gt 0 ]]; do
    run=$((run + 1))
    echo "=== run $run, ${left}s left" >>"$logs/$r.log"
    QB_FUZZ_CORPUS_DIR=$build/fuzz-corpus/$r bash "$root/scripts/fuzz-run.sh" "$build/bin/fuzz_$r" "$left" \
      >>"$logs/$r.log" 2>&1 || true
  done
  # Keep only inputs that add coverage.
  local kept=$build/fuzz-corpus/$r merged=$build/fuzz-corpus/$r.merged
  rm -rf "$merged" && mkdir -p "$merged"
  ASAN_OPTIONS=allocator_may_return_null=1 LSAN_OPTIONS=detect_leaks=0 \
    "$build/bin/fuzz_$r" -merge=1 -timeout=20 -rss_limit_mb=2048 "$merged" "$kept" >"$logs/$r.merge.log" 2>&1 &&
    rm -rf "$kept" && mv "$merged" "$kept"
}

started=$(date +%s)
for r in "${readers[@]}"; do
  while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do wait -n || true; done
  echo "fuzz_$r: ${seconds}s" >&2
  fuzz_one "$r" &
done
wait

# Report: sums over a target's runs; coverage and corpus from its last libFuzzer status line.
crashed=0
printf '%-24s %12s %8s %10s %8s %8s %8s %6s\n' target executions corpus corpus_kb cov ft crashes slow
for r in "${readers[@]}"; do
  log=$logs/$r.log
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{s += $2} END {print s + 0}')
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | awk '{print $2}')
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | awk '{print $2}')
  files=$(find "$build/fuzz-corpus/$r" -type f | wc -l)
  kb=$(du -sk "$build/fuzz-corpus/$r" | cut -f1)
  # crash-, leak-, timeout- and oom- inputs fail; slow-unit- ones (over 10 s) are worth a look
  crashes=$(grep -cE 'Test unit written to .*/(crash|leak|timeout|oom)-' "$log" || true)
  slow=$(grep -cE 'Test unit written to .*/slow-unit-' "$log" || true)
  [[ $crashes -eq 0 ]] || crashed=1
  printf '%-24s %12s %8s %10s %8s %8s %8s %6s\n' "fuzz_$r" "$execs" "$files" "$kb" "${cov:-?}" "${ft:-?}" "$crashes" "$slow"
done
echo "$(( $(date +%s) - started ))s in all; logs in $logs/, crash inputs in $build/fuzz-artifacts/<reader>/"
exit $crashed
