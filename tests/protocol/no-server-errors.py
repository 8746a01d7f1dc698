#!/usr/bin/env python3
"""Bad input never makes Berth fail: every operation of every API, signed with botocore's SigV4, gets malformed,
mistyped, missing, out-of-range and nonsense bodies; each answer must be a 2xx or a 4xx whose JSON body carries
__type and message, never a 5xx. Runs against $BERTH_ENDPOINT with $BERTH_ROOT_ACCESS_KEY_ID/SECRET."""
import json, os, urllib.request
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
endpoint = os.environ.get("BERTH_ENDPOINT", "http://localhost:4566") + "/"
creds = Credentials(os.environ["BERTH_ROOT_ACCESS_KEY_ID"], os.environ["BERTH_ROOT_SECRET_ACCESS_KEY"])
ops = {
 "AmazonEC2ContainerServiceV20141113": ("ecs", ["CreateCluster","DescribeClusters","ListClusters","DeleteCluster","RegisterTaskDefinition","DescribeTaskDefinition","ListTaskDefinitions","ListTaskDefinitionFamilies","DeregisterTaskDefinition","DeleteTaskDefinitions","RunTask","StopTask","DescribeTasks","ListTasks","TagResource","UntagResource","ListTagsForResource","CreateService","UpdateService","DeleteService","DescribeServices","ListServices"]),
 "Logs_20140328": ("logs", ["CreateLogGroup","DeleteLogGroup","DescribeLogGroups","CreateLogStream","DescribeLogStreams","PutLogEvents","GetLogEvents","FilterLogEvents"]),
 "AmazonEC2ContainerRegistry_V20150921": ("ecr", ["CreateRepository","DescribeRepositories","DeleteRepository","ListImages","DescribeImages","BatchGetImage","BatchDeleteImage","GetAuthorizationToken","PutImageTagMutability","TagResource","UntagResource","ListTagsForResource","PutLifecyclePolicy","GetLifecyclePolicy","DeleteLifecyclePolicy","StartLifecyclePolicyPreview","GetLifecyclePolicyPreview"]),
}
bodies = ['', '{}', '[]', 'null', '"x"', '{"a":', '{"cluster":5}', '{"taskDefinition":"x:0"}', '{"taskDefinition":"arn:aws:ecs:::"}',
  '{"family":"f","containerDefinitions":[{}]}', '{"family":"f","cpu":"99999999999 vCPU","memory":"1","containerDefinitions":[{"name":"a","image":"b"}]}',
  '{"family":"f","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"b","healthCheck":{}}]}',
  '{"family":"f","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"b","dependsOn":[{}]}]}',
  '{"family":"f","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"b","logConfiguration":{"logDriver":"awslogs"}}]}',
  '{"family":"f","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"b","ulimits":[{}],"portMappings":[{}],"environment":[{}]}]}',
  '{"tasks":["arn:aws:ecs:us-east-1:0:task/"]}', '{"tasks":[""]}','{"resourceArn":"arn:aws:ecs:us-east-1:0:task/a/b","tags":[{}]}',
  '{"logGroupName":"g","logStreamName":"s","logEvents":[{}]}', '{"logGroupName":"g","nextToken":"f/x/y"}','{"logGroupName":"/a","filterPattern":"\\""}',
  '{"repositoryName":"ab","imageIds":[{}]}', '{"repositoryName":"ab","lifecyclePolicyText":"{}"}', '{"repositoryName":"ab","imageIds":[{"imageDigest":"sha256:zz"}]}',
  '{"maxResults":0}','{"maxResults":-5,"nextToken":"!!!"}','{"count":2147483648}','{"clusterName":"' + "x"*300 + '"}',
  '{"serviceName":"s","desiredCount":-1}', '{"serviceName":"s","desiredCount":1,"taskDefinition":"f","loadBalancers":[{}]}',
  '{"serviceName":"s","desiredCount":1,"deploymentConfiguration":{"maximumPercent":5000,"minimumHealthyPercent":-1}}',
  '{"service":"s","services":[""],"desiredCount":"two"}', '{"services":["arn:aws:ecs:us-east-1:0:service/"]}',
  '{"overrides":{"containerOverrides":[{}]},"taskDefinition":"f"}', '{"networkConfiguration":{"awsvpcConfiguration":{}},"taskDefinition":"f"}']
passed = failed = 0
for prefix, (svc, names) in ops.items():
    for name in names:
        for b in bodies:
            req = AWSRequest(method="POST", url=endpoint, data=b.encode(), headers={"X-Amz-Target": f"{prefix}.{name}", "Content-Type": "application/x-amz-json-1.1"})
            SigV4Auth(creds, svc, "us-east-1").add_auth(req)
            r = urllib.request.Request(endpoint, data=b.encode(), headers=dict(req.headers), method="POST")
            try:
                with urllib.request.urlopen(r, timeout=30) as resp:
                    code, body = resp.status, resp.read().decode()
            except urllib.error.HTTPError as e:
                code, body = e.code, e.read().decode()
            ok = code < 500
            if ok and code >= 400:
                try:
                    err = json.loads(body)
                    ok = bool(err.get("__type")) and "message" in err
                except ValueError:
                    ok = False
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL - {code} {prefix}.{name} {b[:80]!r}: {body[:200]}")
print(f"bad input: {passed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)
