#!/usr/bin/env bash
# Makes the committed binary resources from their sources: the PNG icons from the SVGs (rsvg-convert, Debian
# librsvg2-bin) and the paging chime (sox). Run after editing an SVG or the chime below; the results are committed so
# builds need neither tool. The output is the same on every run (sox without dither).
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
id=io.github.vigil.Vigil
for size in 16 32 48 64 128 256; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert -w "$size" -h "$size" "hicolor/scalable/apps/$id.svg" -o "hicolor/${size}x${size}/apps/$id.png"
done
# Tray sizes: 16 and 22 are the usual panel sizes, 32 and 64 serve high-DPI panels.
for state in online offline paging; do
    for size in 16 22 32 64; do
        rsvg-convert -w "$size" -h "$size" "tray/$state.svg" -o "tray/$state-$size.png"
    done
done

# The paging chime: two falling tones (A5 then E5), 0.62 s, mono 16-bit 22.05 kHz, about 27 KB. Short and soft-edged so
# it is noticed without startling; the same on every machine (no system sound theme needed).
cd ../sounds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sox -D -n -r 22050 -c 1 -b 16 "$tmp/high.wav" synth 0.22 sine 880 fade q 0.005 0.22 0.12 vol 0.6
sox -D -n -r 22050 -c 1 -b 16 "$tmp/low.wav" synth 0.40 sine 660 fade q 0.005 0.40 0.30 vol 0.6
sox -D "$tmp/high.wav" "$tmp/low.wav" page.wav
