#!/usr/bin/env bash
# Checks that the committed IVS Chat service model is botocore's, byte for byte, at the pinned
# version; `fetch.sh --update` rewrites it (then review the diff and the conformance suite).
# The wheel comes from PyPI into a cache outside the clone:
#   ${CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/cdk-ivs-chat-botocore}
set -euo pipefail
cd "$(dirname "$0")"
version=1.44.8
member=botocore/data/ivschat/2020-07-14/service-2.json.gz
model=ivschat-2020-07-14.service-2.json
cache=${CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-ivs-chat-botocore}
python=${PYTHON:-python3}

wheel=$cache/botocore-$version-py3-none-any.whl
if [ ! -f "$wheel" ]; then
  mkdir -p "$cache"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$python" -m pip download --no-deps --quiet --dest "$cache" "botocore==$version"
fi
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
"$python" - "$wheel" "$member" "$fresh" <<'PY'
import gzip, sys, zipfile
wheel, member, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z, open(out, 'wb') as f:
    f.write(gzip.decompress(z.read(member)))
PY
if [ "${1:-}" = "--update" ]; then
  cp "$fresh" "$model"
  echo "conformance model: $model rewritten from botocore $version"
elif cmp -s "$fresh" "$model"; then
  echo "conformance model: $model is botocore $version's"
else
  echo "conformance model: $model differs from botocore $version's ($member); run $0 --update and review" >&2
  exit 1
fi
