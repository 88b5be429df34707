#!/usr/bin/env bash
# Our fp32 engine against ONNX Runtime, same models, inputs, batch and threads, in one run.
#   bench/bench_vs_ort.sh [--seconds S] [--threads 2,1] [model-substring...]
# Uses the Release tree of run.sh/test.sh (QB_BUILD_DIR) and installs onnxruntime-node if needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
qb_install_node_modules
qb_configure_release
qb_build "$QB_BUILD_DIR" bench_vs_ort
QB_SHARED_DIR=$QB_SHARED_DIR exec "$QB_BUILD_DIR/bin/bench_vs_ort" "$@"
