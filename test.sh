#!/usr/bin/env bash
# The whole check, for developers and CI: the same set-up as run.sh, a build of everything
# (application, tests, benchmarks), a clang tree with the libFuzzer targets, then one ctest run
# over the unit, CLI and GUI tests, the .deb check and a short fuzzing run per reader.
# Needs the shared models and data beside the repository (QB_SHARED_DIR, default ../shared).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/scripts/common.sh"

[[ -d $QB_SHARED_DIR/models ]] || qb_die "$QB_SHARED_DIR: no models/ folder; set QB_SHARED_DIR"

qb_install_packages "${QB_BUILD_PACKAGES[@]}" "${QB_TEST_PACKAGES[@]}"
qb_fetch_demo_model
qb_install_node_modules
qb_configure_release
qb_build "$QB_BUILD_DIR"

# libFuzzer needs clang; this tree is instrumented with ASan and UBSan.
CC=clang CXX=clang++ qb_configure "$QB_FUZZ_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DQUANTBENCH_FUZZ=ON -DQUANTBENCH_GUI=OFF -DQUANTBENCH_BENCH=OFF -DQB_SHARED_DIR="$QB_SHARED_DIR"
qb_build "$QB_FUZZ_BUILD_DIR" qb_fuzz

export QT_QPA_PLATFORM=offscreen
# ctest runs two test processes at once on two cores; oneDNN's OpenMP workers would spin at every
# barrier waiting for a core the other process holds (a 3 s perplexity test took 300 s that way).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
qb_log "testing (ctest in $QB_BUILD_DIR)"
# --timeout: a hang in any test (a reader looping on a bad file) fails it instead of blocking CI.
ctest --test-dir "$QB_BUILD_DIR" -j "$QB_JOBS" --timeout 900 --output-on-failure
