#!/usr/bin/env bash
# Builds the vigil and vigild Debian packages from a configured and built tree, unpacks them into a scratch root
# and checks what an administrator and a desktop will find there: binaries (stripped, and they run), translations,
# desktop entry, icons, AppStream metainfo, the systemd unit and its environment file, the control fields.
# Usage: check-debs.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
id=io.github.vigil.Vigil
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
need() { [ -e "$root/$1" ] || fail "missing in the packages: /$1"; }

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli readelf; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/deps.sh test installs it)" >&2; exit 1; }
done

scratch=$(mktemp -d /tmp/vigil-debs.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
root=$scratch/root

echo "== cpack"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1 \
    || { cat "$scratch/cpack.log" >&2; echo "FAIL: cpack" >&2; exit 1; }
shopt -s nullglob
console=("$scratch"/out/vigil_*.deb)
server=("$scratch"/out/vigild_*.deb)
[ ${#console[@]} -eq 1 ] || { ls "$scratch/out" >&2; echo "FAIL: expected one vigil_*.deb" >&2; exit 1; }
[ ${#server[@]} -eq 1 ] || { ls "$scratch/out" >&2; echo "FAIL: expected one vigild_*.deb" >&2; exit 1; }
ls -l "${console[0]}" "${server[0]}"

echo "== control fields"
field() { dpkg-deb -f "$1" "$2"; }
[ "$(field "${console[0]}" Package)" = vigil ] || fail "vigil package name"
[ "$(field "${server[0]}" Package)" = vigild ] || fail "vigild package name"
for deb in "${console[0]}" "${server[0]}"; do
    version=$(field "$deb" Version)
    [[ $version == "$(sed -n 's/^project(Vigil VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")"-* ]] \
        || fail "$(basename "$deb"): version $version"
    [ -n "$(field "$deb" Maintainer)" ] || fail "$(basename "$deb"): no Maintainer"
    [ -n "$(field "$deb" Section)" ] || fail "$(basename "$deb"): no Section"
    field "$deb" Description | sed -n 2p | grep -q . || fail "$(basename "$deb"): no long description"
done
console_deps=$(field "${console[0]}" Depends)
server_deps=$(field "${server[0]}" Depends)
echo "vigil Depends: $console_deps"
echo "vigild Depends: $server_deps"
for p in libqt6widgets6 libqt6multimedia6 libqt6sql6-sqlite qt6-qpa-plugins libc6; do
    grep -qE "(^|, )$p( |,|$)" <<<"$console_deps" || fail "vigil does not depend on $p"
done
for p in libqt6httpserver6 libqt6sql6-sqlite libcurl4; do
    grep -qE "(^|, )$p( |,|$)" <<<"$server_deps" || fail "vigild does not depend on $p"
done
# The server links no GUI: a headless machine must not get Qt Widgets or a display stack with it.
for p in libqt6widgets6 libqt6gui6 libqt6multimedia6; do
    grep -qE "(^|, )$p( |,|$)" <<<"$server_deps" && fail "vigild depends on $p"
done
dpkg-deb -e "${server[0]}" "$scratch/control"
grep -qx /etc/default/vigild "$scratch/control/conffiles" || fail "/etc/default/vigild is not a conffile"
for s in postinst prerm postrm; do
    [ -x "$scratch/control/$s" ] || fail "vigild has no executable $s"
done

echo "== files"
dpkg -x "${console[0]}" "$root"
dpkg -x "${server[0]}" "$root"
for f in usr/bin/vigil usr/bin/vigild usr/share/vigil/translations/vigil_en.qm usr/share/vigil/translations/vigil_ko.qm \
         usr/share/applications/$id.desktop usr/share/metainfo/$id.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/$id.svg usr/lib/systemd/system/vigild.service etc/default/vigild; do
    need "$f"
done
for size in 16 32 48 64 128 256; do
    png=usr/share/icons/hicolor/${size}x${size}/apps/$id.png
    need "$png"
    # A PNG's width and height are big-endian 32-bit numbers at bytes 16 and 20.
    [ -e "$root/$png" ] && [ "$(od --endian=big -An -tu4 -j16 -N8 "$root/$png" | tr -s ' ')" = " $size $size" ] \
        || fail "$png is not ${size}x${size}"
done
# Each package holds only its own part.
dpkg-deb -c "${console[0]}" | grep -q 'usr/bin/vigild$' && fail "vigil holds vigild"
dpkg-deb -c "${server[0]}" | grep -qE 'usr/bin/vigil$|usr/share/applications' && fail "vigild holds console files"
for bin in vigil vigild; do
    [ -x "$root/usr/bin/$bin" ] || { fail "/usr/bin/$bin is not executable"; continue; }
    readelf -S "$root/usr/bin/$bin" | grep -qE '\.debug_|\.symtab' && fail "/usr/bin/$bin is not stripped"
    # --version answers without a display or a database.
    out=$("$root/usr/bin/$bin" --version 2>&1) || fail "$bin --version: $out"
    echo "$bin --version: $out"
done

echo "== systemd unit"
unit=$root/usr/lib/systemd/system/vigild.service
grep -qx 'ExecStart=/usr/bin/vigild --db /var/lib/vigil/vigil.db $VIGILD_ARGS' "$unit" || fail "ExecStart of vigild.service"
grep -qx 'EnvironmentFile=-/etc/default/vigild' "$unit" || fail "EnvironmentFile of vigild.service"
for opt in DynamicUser=yes StateDirectory=vigil NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
           PrivateDevices=yes MemoryDenyWriteExecute=yes CapabilityBoundingSet= \
           'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX'; do
    grep -qx "$opt" "$unit" || fail "vigild.service lacks $opt"
done
grep -q '^VIGILD_ARGS=' "$root/etc/default/vigild" || fail "/etc/default/vigild sets no VIGILD_ARGS"
if command -v systemd-analyze >/dev/null; then
    # Verified against this machine's units (targets, syntax, directives); ExecStart points into the unpacked
    # package, since vigild is not installed here.
    mkdir -p "$scratch/units"
    sed "s|=/usr/bin/vigild |=$root/usr/bin/vigild |" "$unit" >"$scratch/units/vigild.service"
    if ! systemd-analyze verify "$scratch/units/vigild.service" >"$scratch/verify.log" 2>&1 || [ -s "$scratch/verify.log" ]; then
        cat "$scratch/verify.log" >&2
        fail "systemd-analyze verify vigild.service"
    fi
fi

echo "== desktop entry and metainfo"
desktop-file-validate "$root/usr/share/applications/$id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/$id.metainfo.xml" || fail "appstreamcli validate"
grep -qx "Icon=$id" "$root/usr/share/applications/$id.desktop" || fail "the desktop entry names another icon"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$root/usr/share/metainfo/$id.metainfo.xml" \
    || fail "the metainfo names another desktop entry"

if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "All package checks passed"
