#!/usr/bin/env bash
# The bindings check, `npm run test:bindings` (after the JS build: the task
# bundles and compiles first). It builds the Python wheel and the Java jar with
# jsii-pacmak, synthesizes the TypeScript twins, then the Python twins (pytest
# in a virtual environment with the wheel) and the Java twins (Maven, JUnit,
# with the jar), and asserts that each template equals its TypeScript twin.
# pytest also runs the compiled cdk-ivs-chat-local (local/lib/cli.js) on the
# Python quick start's cloud assembly (test_local.py).
#
# Caches, reused between runs on one machine and rebuilt when missing:
#   BINDINGS_CACHE        the venv, keyed by Python and the pinned versions
#                         (default ${XDG_CACHE_HOME:-~/.cache}/cdk-ivs-chat-bindings)
#   BINDINGS_MAVEN_REPO   the Maven local repository, for pacmak and the tests
#                         (default ~/.m2/repository)
#   pip's own cache (PIP_CACHE_DIR) for wheels.
# Output: test/bindings/.out/{ts,python,java}/<app>, the cloud assemblies compared.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/test/bindings
out=$here/.out
cache=${BINDINGS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk-ivs-chat-bindings}
m2=${BINDINGS_MAVEN_REPO:-$HOME/.m2/repository}
python=${PYTHON:-python3}
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export PYTHONDONTWRITEBYTECODE=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\n=== bindings: %s (at %ss)\n' "$1" "$SECONDS"; }

step "coverage, versions, README"
npx ts-node --transpile-only -P tsconfig.dev.json test/bindings/check.ts

step "jsii-pacmak: Python wheel and Java jar into dist/"
rm -rf dist/python dist/java "$out"
mkdir -p "$out" "$m2"
npx jsii-pacmak --target python --target java --maven-local-repository "$m2"
wheel=$(ls dist/python/*.whl)

step "TypeScript twins"
npx ts-node --transpile-only -P tsconfig.dev.json test/bindings/synth-ts.ts "$out"

# The Java twins run in the background while the venv is made and pytest runs.
step "Java twins (Maven, JUnit), in the background"
version=$(node -p "require('./package.json').version")
# The jar is always 0.0.0 locally: drop the copy of the previous run.
rm -rf "$m2/io/github/cdk-ivs-chat"
(cd "$here/java" && mvn -B -q --no-transfer-progress -Dstyle.color=never test \
  -Dmaven.repo.local="$m2" \
  -Dbindings.out="$out" \
  -Dbindings.repo="file://$root/dist/java" \
  -Dcdk-ivs-chat.version="$version") > "$out/java.log" 2>&1 &
java_pid=$!

step "Python venv"
key=$( { "$python" --version; cat "$here/python/requirements.txt"; } | sha256sum | cut -c1-16)
venv=$cache/venv-$key
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$cache"/venv-*
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet -r "$here/python/requirements.txt"
  touch "$venv/.complete"
fi
# Same version every build (0.0.0): force the new wheel in, then its own
# requirements (jsii, publication, typeguard), a no-op when they are there.
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$wheel"
"$venv/bin/python" -m pip install --quiet "$wheel"

step "Python twins (pytest)"
python_status=0
(cd "$here/python" && BINDINGS_OUT="$out" "$venv/bin/python" -m pytest -p no:cacheprovider -q) || python_status=$?

step "waiting for the Java twins"
java_status=0
wait "$java_pid" || java_status=$?
cat "$out/java.log"
if [ "$java_status" -eq 0 ]; then
  grep -h -E '^Tests run' "$here"/java/target/surefire-reports/*.txt
fi

step "done: python $([ $python_status -eq 0 ] && echo ok || echo FAILED), java $([ $java_status -eq 0 ] && echo ok || echo FAILED)"
[ "$python_status" -eq 0 ] && [ "$java_status" -eq 0 ]
