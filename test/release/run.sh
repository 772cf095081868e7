#!/usr/bin/env bash
# The release check, `npm run release:check` (also the last step of
# `npx projen release` before the tag). Checks the artifacts in dist/ as npm,
# PyPI and Maven Central would, and builds only what is missing: after
# `npx projen verify` (dist/js) and `npm run test:bindings` (dist/python,
# dist/java) it builds nothing.
#
#   test/release/check.ts        npm tarball, wheel and sdist metadata, Maven
#                                layout and POM, README's claims, the same jsii
#                                assembly in all of them
#   test/release/check-fails.ts  the same check on tampered copies of dist/:
#                                each must be refused, naming what is wrong
#   twine check --strict         the wheel and the sdist, as PyPI renders them
#   test/release/smoke.py        the wheel in a virtual environment with only its
#                                declared dependencies runs the bindings check's
#                                Python quick start (one room), which must equal
#                                its TypeScript twin
#
# Caches, outside the clone, reused between runs and rebuilt when their key
# changes (like test/bindings/run.sh):
#   RELEASE_CHECK_CACHE   default ${XDG_CACHE_HOME:-~/.cache}/cdk-ivs-chat-release
#     tools-<key>         twine and uv, keyed by Python and their pins
#   uv's own cache (UV_CACHE_DIR, default ~/.cache/uv) for the wheel's
#   dependencies, and pip's (PIP_CACHE_DIR) for the tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cache=${RELEASE_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-ivs-chat-release}
python=${PYTHON:-python3}
# The versions the bindings check installs: pip finds them in its cache.
constraints=$root/test/bindings/python/requirements.txt
# publib uploads with twine<6.2: check with the same line. uv makes the fresh
# environment for the wheel.
twine_pin='twine==6.1.0'
uv_pin='uv==0.13.9'
dist_name=$(node -p "require('./package.json').jsii.targets.python.distName")
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n=== release check: %s (at %ss)\n' "$1" "$SECONDS"; }
for tool in unzip "$python"; do
  command -v "$tool" > /dev/null || { echo "release check: needs $tool on the PATH" >&2; exit 1; }
done

# RELEASE_CHECK_DIST checks another folder (a copy of a release's dist/, say)
# and builds nothing.
dist=${RELEASE_CHECK_DIST:-dist}

step "artifacts in $dist/"
missing=()
compgen -G "$dist/js/*.tgz" > /dev/null || missing+=(js)
compgen -G "$dist/local/*.tgz" > /dev/null || missing+=(local)
compgen -G "$dist/python/*.whl" > /dev/null || missing+=(python)
[ -n "$(find "$dist/java" -name '*.pom' 2> /dev/null)" ] || missing+=(java)
if [ ${#missing[@]} -gt 0 ] && [ -z "${RELEASE_CHECK_DIST:-}" ]; then
  echo "building: ${missing[*]}"
  npx projen pre-compile
  npx projen compile
  for target in "${missing[@]}"; do npx projen "package:$target"; done
fi
version=$(cat "$dist/version.txt" 2> /dev/null || node -p "require('./package.json').version")

status=0
out=$(mktemp -d)
fresh=$cache/fresh-$$
trap 'rm -rf "$fresh" "$out"' EXIT
# The TypeScript twins, for the fresh environment's comparison: in the
# background while the checks and the environment are made.
npx ts-node --transpile-only -P tsconfig.dev.json test/bindings/synth-ts.ts "$out" > "$out/synth-ts.log" 2>&1 &
synth_pid=$!

step "npm, PyPI and Maven Central metadata and layout"
npx ts-node --transpile-only -P tsconfig.dev.json test/release/check.ts || status=1

step "the same check refuses tampered copies"
npx ts-node --transpile-only -P tsconfig.dev.json test/release/check-fails.ts || status=1

step "PyPI: twine check --strict"
tools=$cache/tools-$( { "$python" --version; echo "$twine_pin $uv_pin"; } | sha256sum | cut -c1-16)
if [ ! -f "$tools/.complete" ]; then
  rm -rf "$cache"/tools-*
  "$python" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet "$twine_pin" "$uv_pin"
  touch "$tools/.complete"
fi
"$tools/bin/twine" check --strict "$dist"/python/*.whl "$dist"/python/*.tar.gz || status=1

step "PyPI: the wheel in a fresh virtual environment with only its declared dependencies"
# A new environment every run (uv links packages from its cache: seconds, not a minute).
installed=0
{
  "$tools/bin/uv" venv --quiet --python "$python" "$fresh" &&
  # The wheel and what it declares, nothing else; the constraints pick versions, they add nothing.
  "$tools/bin/uv" pip install --quiet --python "$fresh/bin/python" --refresh-package "$dist_name" \
    --constraint "$constraints" "$dist"/python/*.whl &&
  "$tools/bin/uv" pip check --quiet --python "$fresh/bin/python"
} || installed=$?
synthesized=0
wait "$synth_pid" || { synthesized=$?; cat "$out/synth-ts.log"; }
if [ $installed -eq 0 ] && [ $synthesized -eq 0 ]; then
  "$fresh/bin/python" test/release/smoke.py "$version" "$out/ts/quickstart" "$out/python" || status=1
else
  status=1
fi

step "done: $([ $status -eq 0 ] && echo ok || echo FAILED)"
exit $status
