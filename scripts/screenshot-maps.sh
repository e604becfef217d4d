#!/usr/bin/env bash
# Screenshots the explorer's map pages in headless Chromium at 1400 px and
# 400 px wide, so a person can look at them: the gallery, a theme map, the
# ego map of Iran, a path and the timeline, the relations barometer (one
# pair, and the main pairs side by side), the brokers' ranking and a fact
# page with its links and Cite box, plus the standalone gallery
# `itkg maps` writes. Run by hand:
#   scripts/screenshot-maps.sh [OUT_DIR]      (default: screenshots/)
# Needs Debian's chromium (scripts/install-chromium.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
work=$(mktemp -d)
pid=""
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT
chrome=${CHROMIUM:-$(command -v chromium || true)}
[ -n "$chrome" ] || { echo "chromium not found: scripts/install-chromium.sh" >&2; exit 1; }
make -s build >/dev/null
mkdir -p "$out"
bin/itkg maps --db "$work/graph.bolt" -o "$work/maps" >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
sources=()
[ -d ../shared/sources ] && sources=(--sources ../shared/sources)
bin/itkg serve --addr "127.0.0.1:$port" --db "$work/graph.bolt" "${sources[@]}" 2>"$work/serve.log" &
pid=$!
for _ in $(seq 100); do
	curl -sf -o /dev/null "http://127.0.0.1:$port/sources" && break
	sleep 0.1
done
shot() { # shot URL WIDTH HEIGHT NAME
	chromium_args=(--headless --no-sandbox --disable-gpu --disable-background-networking
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile"
		--hide-scrollbars --virtual-time-budget=3000 --window-size="$2,$3" --screenshot="$out/$4.png")
	"$chrome" "${chromium_args[@]}" "$1" 2>/dev/null
	echo "$out/$4.png"
}
base="http://127.0.0.1:$port"
for w in 1400 400; do
	h=$(( w == 400 ? 1400 : 1000 ))
	shot "$base/" "$w" "$h" "gallery-$w"
	shot "$base/map/water" "$w" "$h" "theme-water-$w"
	shot "$base/entity/iran" "$w" "$h" "entity-iran-$w"
	shot "$base/path?from=fatemiyoun&to=baradar" "$w" "$h" "path-$w"
	shot "$base/timeline" "$w" "$h" "timeline-$w"
	shot "$base/barometer?a=iran&b=taliban" "$w" "$(( h * 2 ))" "barometer-$w"
	shot "$base/barometer?pairs=main&by_source=1" "$w" "$(( h * 2 ))" "barometer-main-$w"
	shot "$base/rank?by=betweenness" "$w" "$h" "rank-$w"
	shot "$base/fact/tabaan-2024-079" "$w" "$(( h * 2 ))" "fact-cite-$w"
done
shot "file://$work/maps/index.html" 1400 1800 standalone-gallery
