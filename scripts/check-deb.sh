#!/usr/bin/env bash
# Builds the .deb from a configured and built tree and checks it the way a user would meet it:
# control fields, files, the packaged CLI running from an unpacked copy, and apt resolving its
# dependencies (simulated, so the system is left unchanged).
# Usage: scripts/check-deb.sh BUILD_DIR     (the package is left in BUILD_DIR/package/)
set -euo pipefail

build=$(cd "$1" && pwd)
out=$build/package
rm -rf "$out"
mkdir -p "$out"
cpack --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 || {
  cat "$out/cpack.log" >&2
  exit 1
}
debs=("$out"/quantbench_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { echo "error: expected one quantbench_*.deb in $out" >&2; exit 1; }
deb=${debs[0]}
echo "package: $deb"

fail() { echo "error: $deb: $*" >&2; exit 1; }
field() { dpkg-deb --field "$deb" "$1"; }

[[ $(field Package) == quantbench ]] || fail "Package is '$(field Package)'"
[[ $(field Section) == science ]] || fail "Section is '$(field Section)'"
depends=$(field Depends)
[[ $depends == *libqt6widgets6* ]] || fail "Depends lacks the Qt runtime (shlibdeps did not run?): $depends"
echo "depends: $depends"

contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
for f in ./usr/bin/quantbench ./usr/bin/quantbench-cli \
         ./usr/share/applications/quantbench.desktop \
         ./usr/share/icons/hicolor/scalable/apps/quantbench.svg \
         ./usr/share/icons/hicolor/256x256/apps/quantbench.png \
         ./usr/share/metainfo/io.github.quantbench.quantbench.metainfo.xml; do
  grep -qxF "$f" <<<"$contents" || fail "missing $f"
done

root=$out/root
dpkg-deb --extract "$deb" "$root"
version=$("$root/usr/bin/quantbench-cli" --version)
[[ $version == *"$(field Version)"* ]] || fail "quantbench-cli --version printed '$version'"
echo "packaged CLI: $version"
desktop-file-validate "$root/usr/share/applications/quantbench.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.quantbench.quantbench.metainfo.xml" >/dev/null

# apt must find every dependency: installed already or available from the configured sources.
apt-get install --simulate --no-install-recommends "$deb" >"$out/apt-simulate.log" 2>&1 || {
  cat "$out/apt-simulate.log" >&2
  fail "apt-get cannot install it"
}
grep -q '^Inst quantbench ' "$out/apt-simulate.log" || { cat "$out/apt-simulate.log" >&2; fail "apt-get would not install it"; }
echo "apt-get --simulate: installable"
