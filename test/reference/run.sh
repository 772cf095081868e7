#!/usr/bin/env bash
# The reference check, `npx projen test:reference` (after the newest
# aws-cdk-lib is installed by test/compat/install-newest.sh; the task does
# that first).
# Makes a virtual environment with cfn-lint, policy_sentry and parliament
# (test/reference/requirements.txt), then runs reference.test.ts against the
# floor and the newest aws-cdk-lib (test/reference/jest.config.ts, or the
# jest config REFERENCE_JEST_CONFIG names).
#
# The virtual environment is reused between runs on one machine and rebuilt
# when missing or when Python or the requirements change:
#   REFERENCE_CACHE   where it lives (default ${XDG_CACHE_HOME:-~/.cache}/cdk-ivs-chat-reference)
#   pip's own cache (PIP_CACHE_DIR) for wheels.
# Extra arguments go to jest; `--prepare` alone only makes the virtual
# environment (CI does that in the background while the build runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=test/reference
cache=${REFERENCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-ivs-chat-reference}
python=${PYTHON:-python3}
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONDONTWRITEBYTECODE=1

key=$( { "$python" --version; cat "$here/requirements.txt"; } | sha256sum | cut -c1-16)
venv=$cache/venv-$key
if [ ! -f "$venv/.complete" ]; then
  printf '=== reference: making the virtual environment %s\n' "$venv"
  rm -rf "$cache"/venv-*
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --no-deps -r "$here/requirements.txt"
  "$venv/bin/python" -m pip check
  touch "$venv/.complete"
fi

if [ "${1:-}" = --prepare ]; then
  exit 0
fi
REFERENCE_TOOLS=$venv/bin exec npx jest -c "${REFERENCE_JEST_CONFIG:-$here/jest.config.ts}" --ci "$@"
