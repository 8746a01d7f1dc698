"""Reads berth.jsonl and moto.jsonl (written by plugin.py) and prints the comparison as Markdown:
the pass counts with and without the tests that need a service Berth does not run, the counts per test file, and
Berth's failures grouped by their first cause (see causes.py), the causes blocking most in-scope tests first.

    python3 summarize.py OUT_DIR [--failures]   (--failures also lists every failing test under its cause)
"""

import collections
import json
import os
import re
import sys

from causes import classify

# A test needs a service Berth does not run when it calls one of these (in either run), or lives in one of these files.
OTHER_SERVICES = {"cloudformation": "CloudFormation", "efs": "EFS", "elasticfilesystem": "EFS", "s3": "S3", "lambda": "Lambda",
                  "kinesis": "Kinesis", "firehose": "Firehose"}
OTHER_OPERATIONS = {"ec2:RunInstances": "EC2 instances (container instances)"}
OTHER_FILES = {"_cloudformation.py": "CloudFormation", "test_ecs_efs.py": "EFS"}


def load(path):
    if not os.path.exists(path):
        return {}
    rows = {}
    with open(path) as f:
        for line in f:
            row = json.loads(line)
            rows[row["test"]] = row
    return rows


def needs(test, *runs):
    """The services outside Berth a test uses, from its file name and the calls either run saw it make."""
    found = {why for suffix, why in OTHER_FILES.items() if test.split("::")[0].endswith(suffix)}
    for run in runs:
        for call in run.get(test, {}).get("calls", []):
            service = call["op"].split(":")[0]
            if service in OTHER_SERVICES:
                found.add(OTHER_SERVICES[service])
            if call["op"] in OTHER_OPERATIONS:
                found.add(OTHER_OPERATIONS[call["op"]])
    return found


def passed(run, test):
    return run.get(test, {}).get("outcome") == "passed"


def pct(n, d):
    return f"{100 * n / d:.0f} %" if d else "-"


def main():
    out = sys.argv[1]
    berth, moto = load(os.path.join(out, "berth.jsonl")), load(os.path.join(out, "moto.jsonl"))
    tests = sorted(set(berth) | set(moto))
    if not tests:
        print("no results")
        return
    outside = {t: needs(t, berth, moto) for t in tests}
    inside = [t for t in tests if not outside[t]]

    def line(label, subset):
        b = sum(passed(berth, t) for t in subset)
        m = sum(passed(moto, t) for t in subset)
        bs = sum(berth.get(t, {}).get("outcome") == "skipped" for t in subset)
        ms = sum(moto.get(t, {}).get("outcome") == "skipped" for t in subset)
        return f"| {label} | {len(subset)} | **{b}** ({pct(b, len(subset))}) | {m} ({pct(m, len(subset))}) | {bs} / {ms} |"

    print("## moto's ECS, ECR and Logs suites in server mode: Berth vs moto_server\n")
    print("| tests | N | Berth passed | moto passed | skipped (Berth / moto) |")
    print("|---|---:|---:|---:|---:|")
    print(line("all server-mode tests", tests))
    print(line("without those needing a service Berth does not run", inside))
    print()
    excluded = collections.Counter(why for t in tests for why in outside[t])
    if excluded:
        print("Tests needing a service Berth does not run (a test may need several): "
              + ", ".join(f"{why} {n}" for why, n in excluded.most_common()) + ".\n")

    print("| file | N | Berth | moto |")
    print("|---|---:|---:|---:|")
    files = collections.defaultdict(list)
    for t in tests:
        files[t.split("::")[0]].append(t)
    for f, ts in sorted(files.items()):
        print(f"| {f.removeprefix('tests/')} | {len(ts)} | {sum(passed(berth, t) for t in ts)} | {sum(passed(moto, t) for t in ts)} |")
    print()

    if not berth:
        return
    # Berth's failures among the tests moto passes (a test moto fails too says nothing about Berth), in scope first.
    groups = collections.defaultdict(list)
    for t in tests:
        if passed(berth, t) or not passed(moto, t):
            continue
        if t not in berth:
            groups[("not run", "the run stopped before this test (time bound)", "-")].append(t)
            continue
        groups[classify(berth[t], moto.get(t), outside[t])].append(t)
    print("## Berth's failures by category (tests moto passes; first cause of each)\n")
    print("| category | tests | in scope |")
    print("|---|---:|---:|")
    categories = collections.defaultdict(list)
    for (category, _, _), ts in groups.items():
        categories[category] += ts
    for category, ts in sorted(categories.items(), key=lambda kv: -len(kv[1])):
        print(f"| {category} | {len(ts)} | {sum(1 for t in ts if not outside[t])} |")
    print()
    print("## Berth's failures by cause (tests moto passes)\n")
    print("| tests | in scope | category | cause | owner |")
    print("|---:|---:|---|---|---|")
    for (category, cause, owner), ts in sorted(groups.items(), key=lambda kv: (-sum(1 for t in kv[1] if not outside[t]), -len(kv[1]), kv[0])):
        print(f"| {len(ts)} | {sum(1 for t in ts if not outside[t])} | {category} | {cause} | {owner} |")
    print()
    both = [t for t in tests if not passed(berth, t) and not passed(moto, t)]
    print(f"Not passing on moto_server either (not counted above): {len(both)}.\n")
    if "--failures" in sys.argv:
        for (category, cause, owner), ts in sorted(groups.items(), key=lambda kv: (-sum(1 for t in kv[1] if not outside[t]), -len(kv[1]), kv[0])):
            print(f"### {cause} ({len(ts)})\n")
            for t in ts:
                err = berth.get(t, {}).get("error", {})
                text = re.sub(r"\s+", " ", err.get("type", "") + ": " + err.get("message", ""))[:240]
                why = f" (needs {', '.join(sorted(outside[t]))})" if outside[t] else ""
                print(f"- `{t.removeprefix('tests/')}`{why}: {text}")
            print()


if __name__ == "__main__":
    main()
