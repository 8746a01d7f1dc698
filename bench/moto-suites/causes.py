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


# Families of operations Berth lacks, so that one cause names a piece of work rather than one call.
FAMILIES = {
    "ecr": {"ECR layer/image API (PutImage, BatchCheckLayerAvailability, *LayerUpload, GetDownloadUrlForLayer)":
            ["PutImage", "BatchCheckLayerAvailability", "InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload", "GetDownloadUrlForLayer"],
            "ECR repository policy (Set/Get/DeleteRepositoryPolicy)": ["SetRepositoryPolicy", "GetRepositoryPolicy", "DeleteRepositoryPolicy"],
            "ECR registry policy (Put/Get/DeleteRegistryPolicy)": ["PutRegistryPolicy", "GetRegistryPolicy", "DeleteRegistryPolicy"],
            "ECR scanning (PutImageScanningConfiguration, StartImageScan, DescribeImageScanFindings, registry scanning)":
            ["PutImageScanningConfiguration", "StartImageScan", "DescribeImageScanFindings", "GetRegistryScanningConfiguration",
             "PutRegistryScanningConfiguration", "BatchGetRepositoryScanningConfiguration"],
            "ECR replication and DescribeRegistry": ["PutReplicationConfiguration", "DescribeRegistry"]},
    "ecs": {"ECS account settings (Put/List/DeleteAccountSetting(s), PutAccountSettingDefault)":
            ["PutAccountSetting", "ListAccountSettings", "DeleteAccountSetting", "PutAccountSettingDefault"],
            "ECS capacity providers (CreateCapacityProvider, PutClusterCapacityProviders, ...)":
            ["CreateCapacityProvider", "PutClusterCapacityProviders", "DescribeCapacityProviders", "UpdateCapacityProvider", "DeleteCapacityProvider"],
            "ECS UpdateCluster": ["UpdateCluster"],
            "ECS container instances and the agent's calls (EC2 launch type)": ["DescribeContainerInstances", "DiscoverPollEndpoint", "RegisterContainerInstance"]},
    "logs": {"Logs metric filters (Put/Describe/DeleteMetricFilter)": ["PutMetricFilter", "DescribeMetricFilters", "DeleteMetricFilter"],
             "Logs delivery API (PutDeliverySource/Destination, ...)": ["PutDeliverySource", "PutDeliveryDestination"],
             "Logs resource policies (PutResourcePolicy, ...)": ["PutResourcePolicy"],
             "Logs destinations and subscription filters": ["PutDestination", "DescribeDestinations", "PutSubscriptionFilter", "DescribeSubscriptionFilters"],
             "Logs export tasks": ["CreateExportTask", "DescribeExportTasks", "CancelExportTask"],
             "Logs retention (Put/DeleteRetentionPolicy)": ["PutRetentionPolicy", "DeleteRetentionPolicy"],
             "Logs tags, both generations (TagLogGroup/ListTagsLogGroup, TagResource/ListTagsForResource)":
             ["TagLogGroup", "ListTagsLogGroup", "UntagLogGroup", "TagResource", "UntagResource", "ListTagsForResource"],
             "Logs Insights (StartQuery/GetQueryResults/DescribeQueries)": ["StartQuery", "GetQueryResults", "DescribeQueries", "StopQuery"],
             "Logs DeleteLogStream": ["DeleteLogStream"]},
}


def _family(op):
    service, name = op.split(":")
    for family, names in FAMILIES.get(service, {}).items():
        if name in names:
            return family
    return f"{service} {name}"


MISSING = "missing operation"
CODE = "error code or message differs"
SHAPE = "shape/field difference"
VALIDATION = "validation difference"
PLACE = "account/region assumption"
MOTO = "relies on moto-only behaviour"
OUTSIDE = "needs a service Berth does not run"

# (category, cause, owner) by pattern on the signature "op → code: message" or "Exception: message @ file:line: code".
# Read from the measured failures (bench/moto-suites/REPORT.md); the first rule that matches wins.
RULES = [
    (r"RegisterTaskDefinition → ClientException: (Berth needs a task size|Fargate only supports network mode|Berth runs every task in its own network)",
     VALIDATION, "EC2-compatible task definitions refused (no requiresCompatibilities, container-level memory, bridge/host/none network modes)", "Berth.Ecs"),
    (r"(Berth needs a task size|Fargate only supports network mode).*@ test_ecs.py", VALIDATION,
     "EC2-compatible task definitions refused (no requiresCompatibilities, container-level memory, bridge/host/none network modes)", "Berth.Ecs"),
    (r"pidMode", CODE, "RegisterTaskDefinition pidMode message differs from ECS's", "Berth.Ecs"),
    (r"CreateService → InvalidParameterException: desiredCount is required", MOTO,
     "CreateService without desiredCount (ECS documents it as required for REPLICA; moto defaults it)", "Berth.Ecs"),
    (r"1 validation error detected", CODE,
     "AWS's constraint message ('1 validation error detected: Value … at … failed to satisfy constraint: …') not used", "Berth.Logs"),
    (r"rejectedLogEventsInfo|DID NOT RAISE.*@ test_logs.py:285", VALIDATION,
     "PutLogEvents takes events outside the accepted window / out of order instead of rejecting them", "Berth.Logs"),
    (r"@ test_logs.py:(545|717|1029|265)|@ test_logs_filter_log_events.py:99|GetLogEvents → InvalidParameterException: The specified nextToken|"
     r"DescribeLogGroups → InvalidParameterException: The specified nextToken|FilterLogEvents → InvalidParameterException: The specified nextToken",
     MOTO, "the test asserts moto's format of an opaque token (nextToken, sequenceToken)", "-"),
    (r"DID NOT RAISE.*@ test_logs.py:(648|678)", VALIDATION, "Logs accepts logGroupIdentifier/ARN combinations AWS refuses", "Berth.Logs"),
    (r"kmsKeyId", SHAPE, "CreateLogGroup kmsKeyId not returned by DescribeLogGroups", "Berth.Logs"),
    (r"FilterLogEvents → InvalidParameterException: JSON and space-delimited", MISSING, "FilterLogEvents JSON and space-delimited patterns", "Berth.Logs"),
    (r"dkr\.ecr|proxyEndpoint|@ test_ecr.py:(204|231|1023|1042)", PLACE,
     "repositoryUri/proxyEndpoint name Berth's registry (localhost:port), the test the AWS host <account>.dkr.ecr.<region>.amazonaws.com (and moto's token)", "Berth.Ecr (BERTH_REGISTRY_HOST)"),
    (r"arn:aws:[a-z]+:(us-east-2|us-west-[12]|eu-|ap-)|ARN \? \^|@ test_ecs.py:94", PLACE,
     "the test uses another region than berthd's one (BERTH_REGION); Berth serves one region", "Berth.Server (one region)"),
    (r"222222222222|@ test_ecr.py:243", PLACE, "the test names another account (registryId); Berth serves one account", "Berth.Ecr"),
    (r"encryptionConfiguration|imageScanningConfiguration|lastEvaluatedAt", SHAPE,
     "ECR response fields missing (encryptionConfiguration.kmsKey, imageScanningConfiguration, lastEvaluatedAt)", "Berth.Ecr"),
    (r"imageTagMutability|MUTABLE_WITH_EXCLUSION", VALIDATION, "ECR imageTagMutability *_WITH_EXCLUSION values and their enum message", "Berth.Ecr"),
    (r"PutLifecyclePolicy → InvalidParameterException", VALIDATION, "ECR lifecycle policy validation stricter than ECR's", "Berth.Ecr"),
    (r"DID NOT RAISE.*@ test_ecr.py:737", VALIDATION, "ECR ListImages with registryId of another account does not fail", "Berth.Ecr"),
    (r"is not a repository ARN", CODE, "ECR invalid-ARN message differs", "Berth.Ecr"),
    (r"\"tags\" not in|capacityProviders|@ test_ecs.py:180", SHAPE,
     "ECS cluster shape: empty tags returned where ECS omits them, capacityProviders dropped, deleted (INACTIVE) cluster not listed", "Berth.Ecs"),
    (r"Revision is missing|ClusterNotFoundException|failures|ListTagsForResource → ResourceNotFoundException", CODE,
     "ECS error code or message differs (DescribeTasks, DeregisterTaskDefinition, DeleteTaskDefinitions failures, ListTagsForResource)", "Berth.Ecs"),
    (r"iam:CreateRole → MalformedPolicyDocument", MOTO, "the test passes a trust policy that is not JSON (moto does not check)", "-"),
]


def classify_outside(kind, sig, service, outside):
    if outside and (service in OWNERS and OWNERS[service].startswith("(no ") or "RunInstances" in sig):
        return OUTSIDE, "needs " + ", ".join(sorted(outside)), "(later issues)"
    return None


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


def classify(berth_row, moto_row, outside=()):
    kind, sig, service = signature(berth_row, moto_row)
    named = classify_outside(kind, sig, service, outside)
    if named:
        return named
    if "UnknownOperationException" in sig or "InvalidAction" in sig:
        op = sig.split(" → ")[0]
        return MISSING, _family(op), OWNERS.get(service, service)
    for pattern, category, cause, owner in RULES:
        if re.search(pattern, sig):
            return category, cause, owner
    category = {"code": CODE, "call": "refused", "exception": "response differs"}[kind]
    return category, sig.replace("|", "\\|"), OWNERS.get(service, service)
