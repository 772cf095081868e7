#!/usr/bin/env bash
# Makes sure the browser test has a Chromium: CHROMIUM_PATH, or Debian's
# `chromium` package at /usr/bin/chromium, installed with apt-get when missing
# (as root, or with sudo that asks no password; CI's machine is Debian). Anything else: say what to install.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  exit 0
fi
# As root, or through sudo when it asks no password.
if [ "$(id -u)" = 0 ]; then as_root=(); elif command -v sudo > /dev/null && sudo -n true 2> /dev/null; then as_root=(sudo -n); else as_root=(none); fi
if [ -n "${CHROMIUM_PATH:-}" ] || [ "${as_root[*]}" = none ] || ! command -v apt-get > /dev/null; then
  echo "The browser test needs Chromium at $chromium: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
printf '=== browser test: installing Debian'"'"'s chromium\n'
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium > /dev/null \
  || { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium > /dev/null; }
"$chromium" --version
