#!/usr/bin/env bash
# Renders the maps and screenshots the gallery and two maps in headless
# Chromium, so a person can look at them. Run by hand:
#   scripts/screenshot-maps.sh [OUT_DIR]      (default: screenshots/)
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
maps=$(mktemp -d)
trap 'rm -rf "$maps" "$profile"' EXIT
profile=$(mktemp -d)
command -v chromium >/dev/null || { echo "chromium not found: apt-get install chromium" >&2; exit 1; }
make -s build >/dev/null
bin/itkg maps -o "$maps" >/dev/null
mkdir -p "$out"
shot() { # shot FILE WIDTHxHEIGHT NAME
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
		--hide-scrollbars --window-size="$2" --screenshot="$out/$3.png" "file://$maps/$1" 2>/dev/null
	echo "$out/$3.png"
}
shot index.html 1400,1800 gallery
shot iskp.svg 2000,2400 iskp
shot water.svg 2400,1700 water
