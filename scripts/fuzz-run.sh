#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time on a throw-away corpus seeded with the real model
# files of its format (and the saved regression inputs). A crash fails the run and leaves the
# input in the artifacts folder; copy it to tests/fuzz/regressions/<reader>/ once the reader is fixed.
# Usage: scripts/fuzz-run.sh FUZZER SECONDS      (FUZZER is .../fuzz_<reader>)
# Env: QB_SHARED_DIR (default <repo>/../shared), QB_FUZZ_ARTIFACTS (default beside the fuzzer's bin/),
#      QB_FUZZ_CORPUS_DIR (scripts/fuzz-long.sh): a corpus kept between runs; new inputs go there.
set -euo pipefail

[[ -x $1 ]] || { echo "error: $1: fuzzer not built (./test.sh builds it, see README.md)" >&2; exit 1; }
fuzzer=$(realpath "$1")
seconds=$2
reader=$(basename "$fuzzer")
reader=${reader#fuzz_}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${QB_SHARED_DIR:-$(cd "$root/.." && pwd)/shared}
models=$shared/models
artifacts=$(realpath -m "${QB_FUZZ_ARTIFACTS:-$(dirname "$fuzzer")/../fuzz-artifacts}/$reader")
# Seeds above this size make every mutation slow; the small real files cover the same structure.
max_seed_bytes=$((2 * 1024 * 1024))

# Each input is written to a file for the reader: on a disk-backed /tmp that alone made the small
# targets 15 times slower than in memory.
if [[ -z ${TMPDIR:-} && -d /dev/shm && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
seed() { find "$@" -maxdepth 1 -type f -size -$((max_seed_bytes + 1))c -exec cp -t "$corpus" {} +; }
case $reader in
  onnx) seed "$models/onnx" -name '*.onnx' ;;
  gguf) seed "$models/gguf" -name '*.gguf' ;;
  llama2c) seed "$models/llama2c" -name '*.bin' ;;
  keras_h5) seed "$models/keras" -name '*.h5' ;;
  safetensors)
    python3 "$root/scripts/make-safetensors-seed.py" "$models/llama2c/stories260K.bin" \
      "$corpus/stories260K-slices.safetensors" ;;
  llama2c_tokenizer) # the target reads the vocabulary size from the first two bytes (511 + 1)
    { printf '\xff\x01'; cat "$models/llama2c/tok512.bin"; } >"$corpus/tok512-vocab512.bin" ;;
  idx)
    seed "$root/tests/fuzz/corpus/idx"
    # the first 1.6 KB of the real MNIST test images, header and all (truncated data is a case too)
    gzip -dc "$shared/data/mnist/t10k-images-idx3-ubyte.gz" | head -c 1600 >"$corpus/mnist-t10k-head" || true ;;
  project | plan | hf_tokenizer | hf_config | npy | image | export_gguf | export_gptq | export_onnx_qdq | export_hdf5)
    seed "$root/tests/fuzz/corpus/$reader" ;;
  export_project) seed "$root/tests/fuzz/corpus/export_gguf" ;; # the same input layout
  *) echo "error: $fuzzer: no seeds known for reader '$reader'" >&2; exit 2 ;;
esac
if [[ -d $root/tests/fuzz/regressions/$reader ]]; then
  find "$root/tests/fuzz/regressions/$reader" -type f ! -name expected-errors.tsv -exec cp -t "$corpus" {} +
fi
seeds=$(find "$corpus" -type f | wc -l)
[[ $seeds -gt 0 ]] || { echo "error: $models: no seed files for $reader" >&2; exit 1; }
largest=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -n 1)
# Tiny seeds (a 48-byte IDX file) must still be able to grow into longer inputs.
max_len=$((largest > 4096 ? largest : 4096))

mkdir -p "$artifacts"
echo "fuzz_$reader: ${seconds}s from $seeds seeds (largest $largest bytes); crashes go to $artifacts/"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# malloc/realloc return NULL on absurd sizes as libc does (C libraries like libhdf5 check for it);
# operator new still reports them, so our own unchecked sizes are caught.
export ASAN_OPTIONS=${ASAN_OPTIONS:-allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0}
dirs=("$corpus")
if [[ -n ${QB_FUZZ_CORPUS_DIR:-} ]]; then # libFuzzer writes new inputs to the first folder
  mkdir -p "$QB_FUZZ_CORPUS_DIR"
  dirs=("$QB_FUZZ_CORPUS_DIR" "$corpus")
fi
"$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 -artifact_prefix="$artifacts/" "${dirs[@]}"
