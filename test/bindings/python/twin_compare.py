"""Loads a synthesized stack and compares it with its TypeScript twin."""
import copy
import json
from pathlib import Path


def normalize(template: dict) -> dict:
    """Drops what differs between languages without meaning anything: the
    CDKMetadata resource (and its condition) and `aws:cdk:path` metadata.
    Asset hashes, asset metadata and every property stay."""
    t = copy.deepcopy(template)
    t.get("Resources", {}).pop("CDKMetadata", None)
    t.get("Conditions", {}).pop("CDKMetadataAvailable", None)
    if t.get("Conditions") == {}:
        del t["Conditions"]
    for resource in t.get("Resources", {}).values():
        metadata = resource.get("Metadata")
        if metadata is not None:
            metadata.pop("aws:cdk:path", None)
            if not metadata:
                del resource["Metadata"]
    return t


def load_stack(assembly: Path, stack: str) -> dict:
    """The normalized template and the file assets (but the template) of one stack."""
    template = json.loads((assembly / f"{stack}.template.json").read_text())
    assets = json.loads((assembly / f"{stack}.assets.json").read_text())
    # The template is itself a file asset: its hash covers what normalize() drops.
    file_assets = {
        asset_hash: asset["source"]
        for asset_hash, asset in assets.get("files", {}).items()
        if not asset["source"].get("path", "").endswith(".template.json")
    }
    return {"template": normalize(template), "fileAssets": file_assets}


def differences(expected, actual, path="$", limit=20) -> list:
    """The JSON paths where two values differ, at most `limit` of them."""
    out = []

    def walk(e, a, p):
        if len(out) >= limit:
            return
        if isinstance(e, dict) and isinstance(a, dict):
            for key in sorted(set(e) | set(a)):
                if key not in a:
                    out.append(f"{p}.{key}: missing (TypeScript has {json.dumps(e[key])[:200]})")
                elif key not in e:
                    out.append(f"{p}.{key}: unexpected {json.dumps(a[key])[:200]}")
                else:
                    walk(e[key], a[key], f"{p}.{key}")
        elif isinstance(e, list) and isinstance(a, list) and len(e) == len(a):
            for i, (x, y) in enumerate(zip(e, a)):
                walk(x, y, f"{p}[{i}]")
        elif e != a:
            out.append(f"{p}: TypeScript {json.dumps(e)[:200]}, here {json.dumps(a)[:200]}")

    walk(expected, actual, path)
    return out
