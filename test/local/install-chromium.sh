#!/usr/bin/env bash
# Makes sure the browser test has a Chromium: CHROMIUM_PATH, or Debian's
# `chromium` package at /usr/bin/chromium, installed with apt-get when missing
# (as root; CI's machine is Debian). Anything else: say what to install.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${CHROMIUM_PATH:-}" ] || [ "$(id -u)" != 0 ] || ! command -v apt-get > /dev/null; then
  echo "The browser test needs Chromium at $chromium: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
printf '=== browser test: installing Debian'"'"'s chromium\n'
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends chromium > /dev/null \
  || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium > /dev/null; }
"$chromium" --version
