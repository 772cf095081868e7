#!/usr/bin/env bash
# Packs cdk-ivs-chat-local (compiled into local/lib by `npx projen compile`)
# into dist/local, at the library's version: from a staging copy, so that
# local/package.json keeps the 0.0.0 that git has.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f local/lib/cli.js ] || { echo "package:local: local/lib/cli.js is missing: run npx projen compile first" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r local/lib local/README.md local/package.json LICENSE "$stage/"
node -e '
  const fs = require("fs");
  const [file, version] = process.argv.slice(1);
  const manifest = JSON.parse(fs.readFileSync(file, "utf-8"));
  fs.writeFileSync(file, JSON.stringify({ ...manifest, version }, null, 2) + "\n");
' "$stage/package.json" "$(node -p 'require("./package.json").version')"
rm -rf dist/local
mkdir -p dist/local
npm pack "$stage" --pack-destination dist/local --silent
