#!/usr/bin/env bash
# Installs the Debian 12 packages Vigil needs to build, run and test (only the missing ones).
# Usage: scripts/deps.sh [run|test]
set -euo pipefail
mode=${1:-run}
pkgs=(cmake ninja-build g++ ccache pkg-config curl
      qt6-base-dev libqt6opengl6-dev libxkbcommon-dev qt6-charts-dev libqt6sql6-sqlite libqt6sql6-psql qt6-httpserver-dev qt6-websockets-dev
      qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools libgl-dev qtkeychain-qt6-dev qt6-multimedia-dev
      qt6-translations-l10n fonts-nanum libical-dev libcurl4-openssl-dev)
if [ "$mode" = test ]; then
    pkgs+=(xvfb xauth trayer postgresql python3-icalendar python3-aiosmtpd openssl prometheus-alertmanager
           dpkg-dev desktop-file-utils appstream systemd clang libclang-rt-14-dev)
fi
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
