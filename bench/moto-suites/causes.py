"""Why a test failed on Berth: its first call that Berth answered differently from moto, or else its exception,
reduced to a signature and named by the rules below as (category, cause, owning module)."""

import re

OWNERS = {"ecs": "Berth.Ecs", "ecr": "Berth.Ecr", "logs": "Berth.Logs", "sts": "Berth.Sts", "iam": "Berth.Iam",
          "ec2": "Berth.Ec2 / network", "cloudformation": "(no CloudFormation)", "s3": "(no S3)", "lambda": "(no Lambda)",
          "kinesis": "(no Kinesis)", "firehose": "(no Firehose)", "efs": "(no EFS)"}


def _norm(text):
    """A message without the identifiers, numbers and ARNs that differ from test to test."""
    text = re.sub(r"arn:aws:[^\s'\"]+", "ARN", text or "")
    text = re.sub(r"\b[0-9a-f]{8}-[0-9a-f-]{27,}\b", "ID", text)
    text = re.sub(r"'[^']{0,80}'|\"[^\"]{0,80}\"", "'…'", text)
    text = re.sub(r"\d+", "N", text)
    return re.sub(r"\s+", " ", text).strip()[:160]


def first_difference(berth_calls, moto_calls):
    """Berth's first call whose answer moto did not give: an error where moto succeeded, or another error code."""
    moto_answers = {}
    for c in moto_calls or []:
        moto_answers.setdefault(c["op"], set()).add(c["code"])
    for c in berth_calls:
        if c["code"] is None:
            continue
        if c["code"] not in moto_answers.get(c["op"], {None}):
            expected = sorted(x for x in moto_answers.get(c["op"], set()) if x)
            return c, expected
    return None, None


# (category, cause, owner) from a signature: the first rule whose pattern matches wins. Filled in from the measured
# failures; a signature no rule names is reported as itself.
RULES = []


def signature(berth_row, moto_row):
    calls = berth_row.get("calls", [])
    c, expected = first_difference(calls, (moto_row or {}).get("calls"))
    err = berth_row.get("error") or {}
    if c is not None:
        service = c["op"].split(":")[0]
        if expected:
            return "code", f"{c['op']} → {c['code']} (moto: {', '.join(expected)}): {_norm(c.get('message'))}", service
        return "call", f"{c['op']} → {c['code']}: {_norm(c.get('message'))}", service
    service = calls[-1]["op"].split(":")[0] if calls else "?"
    return "exception", f"{err.get('type')}: {_norm(err.get('message'))} @ {err.get('where')}", service


def classify(berth_row, moto_row):
    kind, sig, service = signature(berth_row, moto_row)
    for pattern, category, cause, owner in RULES:
        if re.search(pattern, sig):
            return category, cause, owner
    category = {"code": "error code mismatch", "call": "refused or missing", "exception": "response differs"}[kind]
    return category, sig.replace("|", "\\|"), OWNERS.get(service, service)
