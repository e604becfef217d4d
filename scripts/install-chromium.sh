#!/usr/bin/env bash
# install-chromium.sh: install Debian's chromium package for the browser
# test (web/browser_test.go), unless a chromium is already on PATH.
# Needs root, or sudo, and Debian's package registry.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
	echo "install-chromium: $(chromium --version 2>/dev/null || echo chromium) already installed"
	exit 0
fi
sudo=
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "install-chromium: need root or sudo to install chromium" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# Try the package lists we have before refreshing them.
$sudo apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
	{ $sudo apt-get update -qq && $sudo apt-get install -y --no-install-recommends chromium; }
echo "install-chromium: $(chromium --version)"
