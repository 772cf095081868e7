"""Synthesizes the Python twins and asserts that each stack equals its
TypeScript twin: same resources, same properties, same asset hashes.

BINDINGS_OUT names the run's output folder: `ts/<app>` holds the TypeScript
assemblies (written by synth-ts.ts); the Python ones go to `python/<app>`."""
import os
from pathlib import Path

import pytest
from aws_cdk import App, Environment

from everything import EVERYTHING_ENV, EVERYTHING_STACK, EverythingStack
from twin_compare import differences, load_stack

HERE = Path(__file__).resolve().parent
OUT = Path(os.environ.get("BINDINGS_OUT", HERE.parent / ".out"))


def assert_twins(app: str, stack: str):
    expected = load_stack(OUT / "ts" / app, stack)
    actual = load_stack(OUT / "python" / app, stack)
    diff = differences(expected, actual)
    assert not diff, f"{app}/{stack} differs from the TypeScript twin:\n  " + "\n  ".join(diff)
    assert expected == actual


def test_quickstart_matches_typescript(quickstart_assembly):
    assert_twins("quickstart", "ChatApp")


def test_everything_matches_typescript():
    app = App(outdir=str(OUT / "python" / "everything"))
    EverythingStack(app, EVERYTHING_STACK, env=Environment(**EVERYTHING_ENV))
    app.synth()
    assert_twins("everything", EVERYTHING_STACK)


def test_comparison_sees_a_changed_property():
    # The comparison must be able to fail: one changed property is reported.
    expected = load_stack(OUT / "ts" / "everything", EVERYTHING_STACK)
    changed = load_stack(OUT / "ts" / "everything", EVERYTHING_STACK)
    room = next(r for r in changed["template"]["Resources"].values() if r.get("Properties", {}).get("Name") == "lobby")
    room["Properties"]["MaximumMessageLength"] = "499"
    diff = differences(expected, changed)
    assert len(diff) == 1 and diff[0].endswith('TypeScript "200", here "499"'), diff
