#!/usr/bin/env bash
# Installs the .deb check-deb.sh built (BUILD_DIR/package/) with apt-get, uses it the way a user
# would, then purges it and checks that nothing of it is left. Root only (CI runs as root); exits
# 77 (skipped) otherwise, and refuses to run when quantbench is installed already.
#  - quantbench-cli from /usr/bin on a real model: inspect, eval, quantize, eval of the project;
#  - quantbench from /usr/bin under Xvfb on a model given by path (its --screenshot), and started
#    by the model's file type with `gio open` (the window found by its title, then a screenshot);
#  - apt-get purge: no file of `dpkg -L quantbench` remains, nor any package apt pulled in, and the
#    file types are gone from the MIME database.
# Usage: scripts/check-install.sh BUILD_DIR SHARED_DIR     (screenshots stay in BUILD_DIR/package/)
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
  echo "skipped: installing a package needs root (CI runs this as root)"
  exit 77
fi
build=$(cd "$1" && pwd)
shared=$(cd "$2" && pwd)
out=$build/package
debs=("$out"/quantbench_*.deb)
[[ -f ${debs[0]} ]] || { echo "error: no quantbench_*.deb in $out (installer_deb builds it)" >&2; exit 1; }
deb=${debs[0]}
model=$shared/models/onnx/mnist-12.onnx
data=$shared/data/mnist

fail() { echo "error: $*" >&2; exit 1; }
installed() { [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == ii* ]]; }
installed quantbench && fail "quantbench is installed already; this test installs and purges it itself"

work=$(mktemp -d)
# The programs keep settings and caches under XDG folders: a private home leaves root's alone.
export XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# update-mime-database (a trigger of install and purge) syncs every file it writes unless told not
# to: seconds of CI time for nothing on a throwaway system.
export PKGSYSTEM_ENABLE_FSYNC=0
# The installed GUI must draw real X windows on the Xvfb display (the window is found by its title),
# whatever platform the caller chose: ctest runs with QT_QPA_PLATFORM=offscreen for the GUI tests.
unset QT_QPA_PLATFORM
before=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^ii/ {print $2}' | sort)
purge() {
  # Everything this script installed goes again, however it ended.
  local after added
  after=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^ii/ {print $2}' | sort)
  added=$(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')
  if [[ -n ${added// /} ]]; then
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq $added >"$out/apt-purge.log" 2>&1 || cat "$out/apt-purge.log" >&2
  fi
  rm -rf "$work"
}
trap purge EXIT

echo "installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >"$out/apt-install.log" 2>&1 || {
  cat "$out/apt-install.log" >&2
  fail "apt-get cannot install $deb"
}
installed quantbench || fail "apt-get did not install quantbench"
pulled=$(comm -13 <(echo "$before") <(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^ii/ {print $2}' | sort) | grep -vx quantbench || true)
echo "[${SECONDS}s] installed; apt pulled in: ${pulled:-nothing else}"
files=$(dpkg -L quantbench)
version=$(dpkg-query -W -f='${Version}' quantbench)
[[ $(command -v quantbench-cli) == /usr/bin/quantbench-cli ]] || fail "quantbench-cli is not /usr/bin/quantbench-cli"
[[ $(quantbench-cli --version) == "quantbench-cli $version" ]] || fail "quantbench-cli --version: $(quantbench-cli --version)"
[[ $(quantbench --version) == "quantbench $version" ]] || fail "quantbench --version: $(quantbench --version)"
# Minimal images tell dpkg not to install manuals (path-exclude); then there is nothing to find.
if grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
  echo "man pages: not installed on this system (dpkg path-exclude)"
else
  man -w quantbench-cli >/dev/null || fail "man cannot find quantbench-cli(1)"
fi

# The CLI on mnist-12: its three weight layers, top-1 on 500 test digits in fp32 and at 8 bits.
json_number() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
# Progress lines go to a log beside the package, not into the test output.
cli_log=$out/installed-cli.log
: >"$cli_log"
tensors=$(quantbench-cli inspect "$model" --json 2>>"$cli_log" | json_number "['total_params']")
[[ $tensors == 5998 ]] || fail "inspect: mnist-12 has 5998 parameters, not $tensors"
fp32=$(quantbench-cli eval "$model" --data "$data" --limit 500 --json 2>>"$cli_log" | json_number "['value']")
quantbench-cli quantize "$model" --bits 8 --out "$work/mnist-12-int8.qbproj" --json >"$work/quantize.json" 2>>"$cli_log"
[[ -s $work/mnist-12-int8.qbproj ]] || fail "quantize wrote no project"
int8=$(quantbench-cli eval "$work/mnist-12-int8.qbproj" --data "$data" --limit 500 --json 2>>"$cli_log" | json_number "['value']")
python3 -c "import sys; f, q = map(float, sys.argv[1:]); sys.exit(0 if f >= 0.97 and abs(f - q) <= 0.01 else 1)" "$fp32" "$int8" ||
  fail "mnist-12 top-1 on 500 digits: fp32 $fp32, int8 $int8 (expected >= 0.97 and within 0.01)"
echo "[${SECONDS}s] installed CLI: mnist-12 top-1 fp32 $fp32, int8 $int8 (500 digits)"

# A screenshot shows a drawn window, not a blank screen: thousands of colours (text, plots, icons).
colours() { identify -format '%k' "$1"; }
check_shot() {
  local n
  n=$(colours "$1")
  [[ $n -ge 500 ]] || fail "$1 has only $n colours: nothing drawn?"
  echo "[${SECONDS}s] screenshot $1: $(identify -format '%wx%h' "$1"), $n colours"
}
# -noreset: Xvfb otherwise resets whenever its last client leaves, and the window search below
# connects and leaves every 0.5 s; a program that connects during a reset is refused ("could not
# connect to display"), which failed the gio run once in CI.
screen=(-a -s "-screen 0 1600x1000x24 -noreset")
rm -f "$out"/installed-*.png
xvfb-run "${screen[@]}" quantbench --screenshot "$out/installed-by-path.png" "$model"
check_shot "$out/installed-by-path.png"

# Opened by its file type: gio finds application/x-onnx in the installed MIME database and
# quantbench.desktop as its handler, and starts `quantbench %F` on the file.
type=$(gio info -a standard::content-type "$model" | sed -n 's/.*standard::content-type: //p')
[[ $type == application/x-onnx ]] || fail "$model has type '$type', not application/x-onnx"
# Captured, not piped into grep -q: grep exits at the first match, gio then dies of SIGPIPE and
# pipefail turns the found handler into a failure.
handlers=$(gio mime application/x-onnx)
[[ $handlers == *quantbench.desktop* ]] || fail "no handler for application/x-onnx: $handlers"
export QB_SHOT=$out/installed-by-mime.png QB_MODEL=$model
# shellcheck disable=SC2016  # the inner script expands its own variables
xvfb-run "${screen[@]}" bash -c '
  set -euo pipefail
  # The program gio starts outlives gio: its output goes to a file, not to our caller'"'"'s pipe
  # (a window that never shows would otherwise hold ctest until its timeout).
  gio open "$QB_MODEL" >"$QB_SHOT.log" 2>&1
  title="$(basename "$QB_MODEL")"
  for _ in $(seq 120); do
    window=$(xwininfo -root -tree | grep -F "\"$title" | grep -o "0x[0-9a-f]*" | head -n1 || true)
    [[ -n $window ]] && break
    sleep 0.5
  done
  if [[ -z ${window:-} ]]; then
    echo "error: no window titled $title after gio open; its output:" >&2
    cat "$QB_SHOT.log" >&2
    xwininfo -root -tree >&2
    pkill -f -x "quantbench $QB_MODEL" || true
    exit 1
  fi
  pid=$(xprop -id "$window" _NET_WM_PID | grep -o "[0-9]*$")
  sleep 2  # the first weight analysis and its plots (tens of ms once the title shows the model)
  xwd -root -silent | convert xwd:- "png:$QB_SHOT"
  kill "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  echo "gio open: window $window of quantbench (pid $pid) titled $title"
'
check_shot "$out/installed-by-mime.png"

echo "purging"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq quantbench >"$out/apt-purge.log" 2>&1 || {
  cat "$out/apt-purge.log" >&2
  fail "apt-get purge quantbench failed"
}
left=()
while IFS= read -r f; do
  [[ -e $f || -L $f ]] || continue
  # A folder shared with other packages (/usr/share/man/man1) stays, as it should.
  [[ -d $f && ! -L $f ]] && dpkg-query -S "$f" >/dev/null 2>&1 && continue
  left+=("$f")
done <<<"$files"
[[ ${#left[@]} -eq 0 ]] || fail "left after purge: ${left[*]}"
type=$(gio info -a standard::content-type "$model" | sed -n 's/.*standard::content-type: //p')
[[ $type != application/x-onnx ]] || fail "application/x-onnx is still in the MIME database after purge"
echo "[${SECONDS}s] purged: none of the $(wc -l <<<"$files") paths of dpkg -L quantbench is left"
