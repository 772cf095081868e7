"""What `pip install cdk-ivs-chat` gives a user: run in a virtual environment
that holds only the wheel and its declared dependencies. Imports the module,
checks the installed version, synthesizes a one-room app and checks that the
room and the file assets its template points at (the bundled room provider)
are in the cloud assembly. Usage: smoke.py <expected version> <outdir>."""
import json
import sys
from importlib.metadata import version
from pathlib import Path

import aws_cdk as cdk
import cdk_ivs_chat

expected, outdir = sys.argv[1], Path(sys.argv[2])
installed = version("cdk-ivs-chat")
assert installed == expected, f"installed cdk-ivs-chat is {installed}, expected {expected}"

app = cdk.App(outdir=str(outdir))
stack = cdk.Stack(app, "ReleaseSmoke")
cdk_ivs_chat.ChatRoom(stack, "Room", maximum_message_length=200)
app.synth()

template = json.loads((outdir / "ReleaseSmoke.template.json").read_text())
rooms = [r for r in template["Resources"].values() if r["Type"] == "Custom::IvsChatRoom"]
assert len(rooms) == 1 and str(rooms[0]["Properties"]["MaximumMessageLength"]) == "200", rooms
manifest = json.loads((outdir / "ReleaseSmoke.assets.json").read_text())
for asset_id, asset in manifest["files"].items():
    path = outdir / asset["source"]["path"]
    assert path.exists() and any(path.iterdir() if path.is_dir() else [path]), f"asset {asset_id} is missing: {path}"
print(f"smoke: cdk-ivs-chat {installed} imports and synthesizes a room with {len(manifest['files'])} file assets")
