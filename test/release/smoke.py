"""What `pip install cdk-ivs-chat` gives a user, run in a virtual environment
that holds only the wheel and its declared dependencies.

It reuses the bindings check rather than writing another app: the bindings'
quick start (test/bindings/python/app.py, the README's Python app: one room,
its review handler and a token issuer) runs as `cdk synth` runs it, and its
cloud assembly must equal the TypeScript twin's, asset hashes included, by the
bindings' own comparison (twin_compare.py). Also checks the installed version,
the one room, and that every file asset the template points at is in the
assembly. Usage: smoke.py <expected version> <TypeScript assembly> <outdir>."""
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

BINDINGS = Path(__file__).resolve().parents[1] / "bindings" / "python"
sys.path.insert(0, str(BINDINGS))
from twin_compare import differences, load_stack  # noqa: E402

# The stack id of the quick start (QUICKSTART_STACK in test/bindings/twins/quickstart.ts).
STACK = "ChatApp"

expected, ts_assembly, outdir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
installed = version("cdk-ivs-chat")
assert installed == expected, f"installed cdk-ivs-chat is {installed}, expected {expected}"

subprocess.run([sys.executable, str(BINDINGS / "app.py")], check=True, cwd=BINDINGS,
               env={**os.environ, "CDK_OUTDIR": str(outdir)})

template = json.loads((outdir / f"{STACK}.template.json").read_text())
rooms = [r for r in template["Resources"].values() if r["Type"] == "Custom::IvsChatRoom"]
assert len(rooms) == 1, f"expected one Custom::IvsChatRoom, got {len(rooms)}"
manifest = json.loads((outdir / f"{STACK}.assets.json").read_text())
for asset_id, asset in manifest["files"].items():
    path = outdir / asset["source"]["path"]
    assert path.exists() and any(path.iterdir() if path.is_dir() else [path]), f"asset {asset_id} is missing: {path}"

diff = differences(load_stack(ts_assembly, STACK), load_stack(outdir, STACK))
assert not diff, "the installed wheel's quick start differs from the TypeScript twin:\n  " + "\n  ".join(diff)
print(f"smoke: cdk-ivs-chat {installed} from the wheel synthesizes the quick start (one room, "
      f"{len(manifest['files'])} file assets) as the TypeScript twin does")
