"""Fixtures shared by the Python tests."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
OUT = Path(os.environ.get("BINDINGS_OUT", HERE.parent / ".out"))


@pytest.fixture(scope="session")
def quickstart_assembly() -> Path:
    # What `cdk synth` does with the README's app.py: run it with CDK_OUTDIR
    # set, and with the construct paths on (the jsii runtime is a separate
    # process, so the variables must be set before it starts: a subprocess).
    # Asset metadata stays off: the TypeScript twin has none to compare.
    outdir = OUT / "python" / "quickstart"
    env = {
        **os.environ,
        "CDK_OUTDIR": str(outdir),
        "CDK_CONTEXT_JSON": json.dumps({"aws:cdk:enable-path-metadata": True}),
    }
    subprocess.run([sys.executable, str(HERE / "app.py")], check=True, env=env, cwd=HERE)
    return outdir
