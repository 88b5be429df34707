#!/usr/bin/env bash
# The whole check, for developers and CI: the same set-up as run.sh, a build of everything
# (application, tests, benchmarks), two clang sanitizer trees, then one ctest run over the unit,
# CLI and GUI tests, the .deb check and a short fuzzing run per reader, while the core and CLI tests
# run under AddressSanitizer + UBSan and the threaded code's tests under ThreadSanitizer beside it.
# Needs the shared models and data beside the repository (QB_SHARED_DIR, default ../shared).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/common.sh"

# qb_timed CMD...: runs CMD and logs its wall time (the CI log shows what each step costs).
qb_timed() {
  local start=$SECONDS status=0
  "$@" || status=$?
  qb_log "$* took $((SECONDS - start)) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  return "$status"
}

# The sanitizer trees' tests, run beside the main ctest: the core and CLI tests under ASan + UBSan
# in the fuzz tree, then the threaded code's tests under ThreadSanitizer.
qb_sanitizer_tests() {
  local status=0 f pid
  # clang's libomp registers each process in /dev/shm/__KMP_REGISTERED_LIB_<pid>_<uid>. A process
  # killed while creating it leaves an empty file, and a later process given the same pid dies of
  # SIGBUS reading it, inside libomp's start-up. Files of processes that are gone are stale.
  for f in /dev/shm/__KMP_REGISTERED_LIB_*; do
    pid=${f#/dev/shm/__KMP_REGISTERED_LIB_}
    pid=${pid%%_*}
    [[ -e $f && $pid =~ ^[0-9]+$ && ! -d /proc/$pid ]] && rm -f "$f"
  done
  # tests/CMakeLists.txt sets their environment (UBSan ends the program at its first report,
  # LeakSanitizer skips libhdf5's own leaks) and leaves out the few tests too slow, timing-bound or
  # runtime-bound there (QB_ASAN_SLOW_TESTS, _TIMING_TESTS, _RUNTIME_TESTS). Two at a time: once
  # the main ctest is done they have both cores.
  qb_timed ctest --test-dir "$QB_FUZZ_BUILD_DIR" -L '^(core|cli)$' -j "$QB_JOBS" \
    --timeout 900 --output-on-failure || status=1
  # tests/tsan/CMakeLists.txt sets their environment (OMP_NUM_THREADS=1, the suppressions).
  qb_timed ctest --test-dir "$QB_TSAN_BUILD_DIR" -L '^tsan$' --timeout 900 --output-on-failure || status=1
  return "$status"
}

[[ -d $QB_SHARED_DIR/models ]] || qb_die "$QB_SHARED_DIR: no models/ folder; set QB_SHARED_DIR"

qb_install_packages "${QB_BUILD_PACKAGES[@]}" "${QB_TEST_PACKAGES[@]}"
qb_fetch_demo_model
qb_install_node_modules
qb_configure_release
qb_build "$QB_BUILD_DIR"

# libFuzzer needs clang; this tree is instrumented with ASan and UBSan. Besides the fuzzers it builds
# the core and CLI tests (with quantbench-cli and the HDF5 probe), run in it below: one instrumented
# core library serves both, where a tree of its own would compile it a third time.
CC=clang CXX=clang++ qb_configure "$QB_FUZZ_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DQUANTBENCH_FUZZ=ON -DQUANTBENCH_GUI=OFF -DQUANTBENCH_BENCH=OFF -DQB_SHARED_DIR="$QB_SHARED_DIR"
qb_timed qb_build "$QB_FUZZ_BUILD_DIR" qb_fuzz qb_core_tests qb_cli_tests
# ThreadSanitizer: only the code that runs on several threads and its tests (tests/tsan).
CC=clang CXX=clang++ qb_configure "$QB_TSAN_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DQUANTBENCH_TSAN=ON -DQUANTBENCH_GUI=OFF -DQUANTBENCH_BENCH=OFF -DQB_SHARED_DIR="$QB_SHARED_DIR"
qb_timed qb_build "$QB_TSAN_BUILD_DIR" qb_tsan_core_tests qb_tsan_job_tests

export QT_QPA_PLATFORM=offscreen
# ctest runs two test processes at once on two cores; oneDNN's OpenMP workers would spin at every
# barrier waiting for a core the other process holds (a 3 s perplexity test took 300 s that way).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}

# The sanitizer runs go beside the main ctest, one test at a time, into a log printed at the end.
sanitizer_log=$QB_TSAN_BUILD_DIR/sanitizer-tests.log
qb_log "testing under sanitizers (log: $sanitizer_log)"
qb_sanitizer_tests >"$sanitizer_log" 2>&1 &
sanitizer_pid=$!

qb_log "testing (ctest in $QB_BUILD_DIR)"
# --timeout: a hang in any test (a reader looping on a bad file) fails it instead of blocking CI.
status=0
qb_timed ctest --test-dir "$QB_BUILD_DIR" -j "$QB_JOBS" --timeout 900 --output-on-failure || status=$?
if ! wait "$sanitizer_pid"; then
  status=1
  cat "$sanitizer_log"
  qb_log "sanitizer tests FAILED (above)"
else
  qb_log "sanitizer tests passed:"
  grep -E '^(==> |[0-9]+% tests passed)' "$sanitizer_log" >&2 || true
fi
exit "$status"
