#!/usr/bin/env bash
# Prints the quantization quality table from the real models, through quantbench-cli only:
# stories260K perplexity (fp32, W8, W4/W3 g32 by RTN, GPTQ and AWQ, SmoothQuant W8A8) on the
# TinyStories excerpt, and mnist-12 top-1 fp32 against W8A8 on the int8 kernels, each with the
# bits per weight and the weight bytes quantize reports. tests/cli/test_cli_quantize.cpp asserts
# the same comparisons (on 120 windows, to stay quick); this runs the whole excerpt.
#   scripts/eval-quantization.sh [--windows N]   (default: the whole text at context 256)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

limit=()
if [[ ${1:-} == --windows ]]; then limit=(--limit "$2"); fi
cli=$QB_BUILD_DIR/bin/quantbench-cli
[[ -x $cli ]] || qb_die "$cli: not built; run ./test.sh or ./run.sh first"
stories=$QB_SHARED_DIR/models/llama2c/stories260K.bin
text=$QB_SHARED_DIR/data/tinystories/TinyStories-validation-excerpt.txt
mnist=$QB_SHARED_DIR/models/onnx/mnist-12.onnx
digits=$QB_SHARED_DIR/data/mnist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }

# quantize MODEL NAME ARGS...: the project's "bpw bytes" line
quantize() {
  local model=$1 name=$2
  shift 2
  local j
  j=$("$cli" quantize "$model" "$@" --out "$work/$name.qbproj" --json 2>/dev/null)
  printf '%.3f %s' "$(field bits_per_weight <<<"$j")" "$(field size_bytes <<<"$j")"
}
ppl() { "$cli" eval "$1" --data "$text" --context 256 "${limit[@]}" --json 2>/dev/null | field value; }

printf '%-28s %8s %10s %12s\n' "stories260K (context 256)" "bpw" "bytes" "perplexity"
fp32=$(ppl "$stories")
printf '%-28s %8s %10s %12.4f\n' "fp32" "32" "-" "$fp32"
row() { # row LABEL NAME ARGS...
  local label=$1 name=$2
  shift 2
  read -r bpw bytes <<<"$(quantize "$stories" "$name" "$@" --data "$text" --samples 32 --context 256)"
  local p
  p=$(ppl "$work/$name.qbproj")
  printf '%-28s %8s %10s %12.4f  (%+.2f%%)\n' "$label" "$bpw" "$bytes" "$p" \
    "$(/usr/bin/python3 -c "print(100 * ($p / $fp32 - 1))")"
}
row "W8 per channel, RTN" w8 --bits 8
for bits in 4 3; do
  for method in rtn gptq awq; do row "W$bits g32, ${method^^}" "w$bits$method" --bits "$bits" --group 32 --method "$method"; done
done
row "W8A8 SmoothQuant (0.5)" sq --bits 8 --method smoothquant

echo
printf '%-28s %8s %10s %12s\n' "mnist-12 (MNIST t10k)" "bpw" "bytes" "top-1"
printf '%-28s %8s %10s %12s\n' "fp32" "32" "-" "$("$cli" eval "$mnist" --data "$digits" --json 2>/dev/null | field correct)/10000"
read -r bpw bytes <<<"$(quantize "$mnist" w8a8 --bits 8 --act-bits 8 --data "$digits" --samples 256)"
printf '%-28s %8s %10s %12s\n' "W8A8 int8 kernels" "$bpw" "$bytes" \
  "$("$cli" eval "$work/w8a8.qbproj" --data "$digits" --json 2>/dev/null | field correct)/10000"
