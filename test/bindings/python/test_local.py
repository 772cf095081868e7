"""The Python quick start's cloud assembly on this machine: the compiled
`cdk-ivs-chat-local` command (local/lib/cli.js, built by `npx projen compile`)
deploys it, prints its room and token issuer, the issuer gives a chat token to a
development token, and SIGTERM stops it with exit code 0. The same command
TypeScript users run; nothing in it depends on the app's language."""
import json
import os
import re
import signal
import subprocess
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CLI = ROOT / "local" / "lib" / "cli.js"
ENV = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}


def start(assembly: Path, timeout: float = 30.0):
    """Starts the command on `assembly` with a free port; returns the process and what it printed up to `Ready`."""
    assert CLI.exists(), f"{CLI} is missing: run `npx projen compile` first"
    proc = subprocess.Popen(
        ["node", str(CLI), str(assembly), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )
    lines = []
    ready = threading.Event()

    def read():
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("Ready in "):
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(timeout) or proc.poll() is not None:
        proc.kill()
        raise AssertionError(f"no 'Ready' from the command: {''.join(lines)}{proc.stderr.read()}")
    return proc, "".join(lines)


def test_quickstart_runs_locally(quickstart_assembly):
    proc, printed = start(quickstart_assembly)
    try:
        assert "Stack ChatApp" in printed, printed
        room = re.search(r"^  room \S+\s+(arn:aws:ivschat:\S+:room/\S+)\s+\(Room\) maximumMessageLength 200\b", printed, re.M)
        issuer = re.search(r"^  token issuer Tokens\s+POST (http://127\.0\.0\.1:\d+/\S+)$", printed, re.M)
        assert room and issuer, printed
        assert re.search(r"^    review handler Reviewer \(nodejs\S+\), fallback DENY$", printed, re.M), printed

        token = subprocess.run(
            ["node", str(CLI), "token", "alice", "--groups", "moderators"],
            check=True, capture_output=True, text=True, env=ENV,
        ).stdout.strip()
        request = urllib.request.Request(
            issuer.group(1),
            data=json.dumps({"roomIdentifier": room.group(1)}).encode(),
            headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
            body = json.load(response)
        assert isinstance(body["token"], str) and body["token"], body
        assert body["tokenExpirationTime"] and body["sessionExpirationTime"], body
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(10)
    assert code == 0, proc.stderr.read()
