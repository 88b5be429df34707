#!/usr/bin/env bash
# Builds the .deb from a configured and built tree and checks it the way a user would meet it:
# control fields, files, the packaged programs' versions against the changelog and the metainfo,
# the man pages against --help, the desktop, AppStream and MIME files, and apt resolving its
# dependencies (simulated, so the system is left unchanged; check-install.sh installs it).
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
expected=(./usr/bin/quantbench ./usr/bin/quantbench-cli
          ./usr/share/applications/quantbench.desktop
          ./usr/share/mime/packages/quantbench.xml
          ./usr/share/icons/hicolor/scalable/apps/quantbench.svg
          ./usr/share/metainfo/io.github.quantbench.quantbench.metainfo.xml
          ./usr/share/man/man1/quantbench.1.gz ./usr/share/man/man1/quantbench-cli.1.gz
          ./usr/share/doc/quantbench/copyright ./usr/share/doc/quantbench/changelog.gz)
for size in 16 22 24 32 48 64 128 256 512; do
  expected+=("./usr/share/icons/hicolor/${size}x${size}/apps/quantbench.png")
done
# The demo model is packaged when the tree was configured with one (run.sh and test.sh fetch it).
demo=$(sed -n 's/^QB_DEMO_MODEL:FILEPATH=//p' "$build/CMakeCache.txt")
if [[ -n $demo && -f $demo ]]; then
  expected+=("./usr/share/quantbench/demo/$(basename "$demo")")
fi
for f in "${expected[@]}"; do
  grep -qxF "$f" <<<"$contents" || fail "missing $f"
done

root=$out/root
dpkg-deb --extract "$deb" "$root"
version=$(field Version)
[[ $("$root/usr/bin/quantbench-cli" --version) == "quantbench-cli $version" ]] ||
  fail "quantbench-cli --version printed '$("$root/usr/bin/quantbench-cli" --version)', not version $version"
[[ $("$root/usr/bin/quantbench" --version) == "quantbench $version" ]] ||
  fail "quantbench --version printed '$("$root/usr/bin/quantbench" --version)', not version $version"
echo "packaged programs: version $version"
doc=$root/usr/share/doc/quantbench
[[ $(zcat "$doc/changelog.gz" | head -n1) == "quantbench ($version) "* ]] || fail "the changelog's newest entry is not $version"
release=$(grep -o -m1 '<release version="[^"]*"' "$root/usr/share/metainfo/io.github.quantbench.quantbench.metainfo.xml")
[[ $release == "<release version=\"$version\"" ]] || fail "the metainfo's newest release is $release, not $version"
for size in 16 48 512; do
  png=$root/usr/share/icons/hicolor/${size}x${size}/apps/quantbench.png
  [[ $(identify -format '%wx%h' "$png") == "${size}x${size}" ]] || fail "$png is not ${size}x${size}"
done
# The man page is written from --help at build time: every command the CLI lists has a section.
man=$(zcat "$root/usr/share/man/man1/quantbench-cli.1.gz")
commands=$("$root/usr/bin/quantbench-cli" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
[[ -n $commands ]] || fail "quantbench-cli --help lists no subcommands"
for c in $commands; do
  grep -qxF ".SS $c" <<<"$man" || fail "quantbench-cli.1 has no section for '$c'"
done
man --warnings -l "$root/usr/share/man/man1/quantbench-cli.1.gz" 2>&1 >/dev/null | grep . && fail "man warns about quantbench-cli.1"
man --warnings -l "$root/usr/share/man/man1/quantbench.1.gz" 2>&1 >/dev/null | grep . && fail "man warns about quantbench.1"
echo "man pages: $(wc -w <<<"$commands") commands of quantbench-cli"
desktop-file-validate "$root/usr/share/applications/quantbench.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.quantbench.quantbench.metainfo.xml" >/dev/null
# Every type the desktop file opens is defined by the package's MIME file (or by shared-mime-info).
mime=$root/usr/share/mime/packages/quantbench.xml
xmllint --noout "$mime"
for type in $(sed -n 's/^MimeType=//p' "$root/usr/share/applications/quantbench.desktop" | tr ';' ' '); do
  grep -q "<mime-type type=\"$type\">" "$mime" || fail "quantbench.desktop opens $type, which no MIME file defines"
done

# apt must find every dependency: installed already or available from the configured sources.
apt-get install --simulate --no-install-recommends "$deb" >"$out/apt-simulate.log" 2>&1 || {
  cat "$out/apt-simulate.log" >&2
  fail "apt-get cannot install it"
}
grep -q '^Inst quantbench ' "$out/apt-simulate.log" || { cat "$out/apt-simulate.log" >&2; fail "apt-get would not install it"; }
echo "apt-get --simulate: installable"
