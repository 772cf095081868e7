#!/usr/bin/env bash
# Installs the newest aws-cdk-lib, constructs and cdk-nag (test/compat/newest's
# package.json and lock file) for `npx projen test:newest`, `test:reference`
# and `test:compat`, into a cache outside the clone, keyed by those two files:
#   NEWEST_CACHE   (default ${XDG_CACHE_HOME:-~/.cache}/cdk-ivs-chat-newest)
# Outside, because tools that look for jsii assemblies anywhere in the project
# (jsii-docgen, which writes API.md) would otherwise take the newest
# aws-cdk-lib's for the floor's. test/compat/newest.ts finds it the same way.
set -euo pipefail
cd "$(dirname "$0")/newest"
cache=${NEWEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-ivs-chat-newest}
key=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
dir=$cache/$key
if [ -f "$dir/.complete" ]; then
  exit 0
fi
printf '=== newest aws-cdk-lib: installing into %s\n' "$dir"
rm -rf "$cache"
mkdir -p "$dir"
cp package.json package-lock.json "$dir/"
npm ci --prefix "$dir" --no-audit --no-fund
touch "$dir/.complete"
