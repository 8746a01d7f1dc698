#!/usr/bin/env python3
"""Bad input never makes Berth fail: every operation of every API, signed with botocore's SigV4, gets malformed,
mistyped, missing, out-of-range and nonsense bodies; each answer must be a 2xx or a 4xx whose JSON body carries
__type and message (for the Query protocol of ELBv2, CloudWatch, IAM and STS: an XML ErrorResponse with Code and Message;
for EC2: its <Response><Errors><Error> with Code and Message), never a 5xx.
Runs against $BERTH_ENDPOINT with $BERTH_ROOT_ACCESS_KEY_ID/SECRET."""
import json, os, urllib.parse, urllib.request, xml.etree.ElementTree as ET
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
endpoint = os.environ.get("BERTH_ENDPOINT", "http://localhost:4566") + "/"
creds = Credentials(os.environ["BERTH_ROOT_ACCESS_KEY_ID"], os.environ["BERTH_ROOT_SECRET_ACCESS_KEY"])
ops = {
 "AmazonEC2ContainerServiceV20141113": ("ecs", ["CreateCluster","DescribeClusters","ListClusters","DeleteCluster","RegisterTaskDefinition","DescribeTaskDefinition","ListTaskDefinitions","ListTaskDefinitionFamilies","DeregisterTaskDefinition","DeleteTaskDefinitions","RunTask","StopTask","DescribeTasks","ListTasks","TagResource","UntagResource","ListTagsForResource","CreateService","UpdateService","DeleteService","DescribeServices","ListServices","UpdateCluster","UpdateClusterSettings","PutClusterCapacityProviders","PutAccountSetting","PutAccountSettingDefault","ListAccountSettings","DeleteAccountSetting","DescribeCapacityProviders","ListAttributes","PutAttributes","DeleteAttributes","DescribeTaskSets","CreateTaskSet","ListContainerInstances","DescribeContainerInstances"]),
 "Logs_20140328": ("logs", ["CreateLogGroup","DeleteLogGroup","DescribeLogGroups","CreateLogStream","DescribeLogStreams","PutLogEvents","GetLogEvents","FilterLogEvents","StartQuery","GetQueryResults","StopQuery","DescribeQueries","GetLogRecord"]),
 "AmazonEC2ContainerRegistry_V20150921": ("ecr", ["CreateRepository","DescribeRepositories","DeleteRepository","ListImages","DescribeImages","BatchGetImage","BatchDeleteImage","GetAuthorizationToken","PutImageTagMutability","TagResource","UntagResource","ListTagsForResource","PutLifecyclePolicy","GetLifecyclePolicy","DeleteLifecyclePolicy","StartLifecyclePolicyPreview","GetLifecyclePolicyPreview","PutImage","BatchCheckLayerAvailability","InitiateLayerUpload","UploadLayerPart","CompleteLayerUpload","GetDownloadUrlForLayer","PutImageScanningConfiguration","SetRepositoryPolicy","GetRepositoryPolicy","DeleteRepositoryPolicy","GetRegistryPolicy","PutRegistryPolicy","DeleteRegistryPolicy","DescribeRegistry","StartImageScan","DescribeImageScanFindings"]),
 "AnyScaleFrontendService": ("application-autoscaling", ["RegisterScalableTarget","DeregisterScalableTarget","DescribeScalableTargets","PutScalingPolicy","DeleteScalingPolicy","DescribeScalingPolicies","PutScheduledAction","DeleteScheduledAction","DescribeScheduledActions","DescribeScalingActivities","GetPredictiveScalingForecast","TagResource","UntagResource","ListTagsForResource"]),
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
  '{"ServiceNamespace":"ecs","ResourceId":"service/a/b","ScalableDimension":"ecs:service:DesiredCount","MinCapacity":-1,"MaxCapacity":99999999999,"PolicyName":"p","PolicyType":"StepScaling","StepScalingPolicyConfiguration":{"StepAdjustments":[{}]},"TargetTrackingScalingPolicyConfiguration":{"CustomizedMetricSpecification":{"Dimensions":[{}]}},"Schedule":"cron(L W # ? * *)","Timezone":"","StartTime":"x","ScalableTargetAction":{},"ResourceARN":"arn:","Tags":{"":""},"TagKeys":[null],"ResourceIds":[""],"NextToken":"%%"}', '{"ServiceNamespace":"ecs","ResourceId":"service//","ScalableDimension":"ecs:service:DesiredCount","ScheduledActionName":"x","Schedule":"cron(0 0 31W 2 ? 2199)","ScalableTargetAction":{"MinCapacity":1},"PolicyNames":[],"MaxResults":51,"IncludeNotScaledActivities":"yes"}',
  '{"overrides":{"containerOverrides":[{}]},"taskDefinition":"f"}', '{"networkConfiguration":{"awsvpcConfiguration":{}},"taskDefinition":"f"}']
elb_ops = ["CreateLoadBalancer","DescribeLoadBalancers","DeleteLoadBalancer","DescribeLoadBalancerAttributes","ModifyLoadBalancerAttributes",
 "CreateTargetGroup","DescribeTargetGroups","ModifyTargetGroup","DeleteTargetGroup","DescribeTargetGroupAttributes","ModifyTargetGroupAttributes",
 "RegisterTargets","DeregisterTargets","DescribeTargetHealth","CreateListener","DescribeListeners","ModifyListener","DeleteListener",
 "CreateRule","DescribeRules","ModifyRule","DeleteRule","SetRulePriorities","AddTags","RemoveTags","DescribeTags","SetSecurityGroups","SetSubnets"]
elb_arn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:"
elb_params = ['', 'Name=', 'SecurityGroups=&LoadBalancerArn=' + elb_arn + 'loadbalancer/app/a/1', 'SecurityGroups.member.1=sg-0nope&SecurityGroups.member.2=&EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic=x',
  'Subnets.member.1=subnet-0nope&SubnetMappings.member.1.SubnetId=&SubnetMappings.member.1.AllocationId=x&EnablePrefixForIpv6SourceNat=on',
  'Name=ok&SubnetMappings.member.1.PrivateIPv4Address=1.2.3.4', 'Name=ok&Subnets.member.1=subnet-0a&Subnets.member.2=subnet-0a', 'Name=t&Protocol=HTTP&Port=80&VpcId=vpc-0nope', 'Name=t&Protocol=HTTP&Port=80&VpcId=',
  'Targets.member.1.Id=8.8.8.8&TargetGroupArn=' + elb_arn + 'targetgroup/a/1', 'Name=' + "x"*100, 'Name=-a-&Type=network', 'Name=ok&Subnets.member.1=nope&SecurityGroups.member.1=', 'Name=ok&Scheme=x&IpAddressType=y',
  'LoadBalancerArn=x', 'LoadBalancerArn=' + elb_arn + 'loadbalancer/app/a/1', 'TargetGroupArn=' + elb_arn + 'targetgroup/a/1', 'ListenerArn=' + elb_arn + 'listener/app/a/1/2',
  'RuleArn=' + elb_arn + 'listener-rule/app/a/1/2/3', 'RuleArn=' + elb_arn + 'listener-rule/app/a/1/2', 'Port=abc', 'Port=99999999999999', 'Port=-1', 'Priority=0', 'PageSize=0&Marker=%%%',
  'Marker=!!!', 'HealthCheckEnabled=maybe&Name=t&Protocol=HTTP&Port=80', 'Name=t&Protocol=HTTP&Port=80&HealthCheckIntervalSeconds=5&HealthCheckTimeoutSeconds=120&Matcher.HttpCode=2-',
  'Names.member.0=a', 'Names.member.99999999999999999999=a', 'Names.member.1.x.member.y=1', 'Names=&LoadBalancerArns=', 'Attributes.member.1.Key=&Attributes.member.1.Value=',
  'Attributes.member.1.Key=a.b&LoadBalancerArn=' + elb_arn + 'loadbalancer/app/a/1', 'Targets.member.1.Id=&Targets.member.1.Port=x', 'Targets.member.1.Id=999.1.1.1',
  'DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=x&Port=1&LoadBalancerArn=' + elb_arn + 'loadbalancer/app/a/1',
  'DefaultActions.member.1.Type=redirect&DefaultActions.member.1.RedirectConfig.Port=#{x}&Port=1',
  'Conditions.member.1.Field=&Conditions.member.1.QueryStringConfig.Values.member.1.Key=&Priority=1&ListenerArn=' + elb_arn + 'listener/app/a/1/2',
  'Conditions.member.1.Field=source-ip&Conditions.member.1.SourceIpConfig.Values.member.1=::/999', 'RulePriorities.member.1.Priority=x', 'RulePriorities.member.1.RuleArn=&RulePriorities.member.1.Priority=1',
  'ResourceArns.member.1=arn:aws:ecs:us-east-1:0:cluster/x&Tags.member.1.Key=aws:x', 'ResourceArns.member.1=&TagKeys=', 'Tags.member.1.Value=\x00\x01', 'Include.member.1=Everything&TargetGroupArn=x']
cw_ops = ["PutMetricData","GetMetricStatistics","GetMetricData","ListMetrics","PutMetricAlarm","DescribeAlarms","DescribeAlarmsForMetric",
 "DeleteAlarms","SetAlarmState","EnableAlarmActions","DisableAlarmActions","DescribeAlarmHistory","TagResource","UntagResource","ListTagsForResource"]
cw_ns = "http://monitoring.amazonaws.com/doc/2010-08-01/"
cw_bodies = ['', '{}', '[]', 'null', '{"Namespace":5}', '{"Namespace":"A","MetricData":[{}]}', '{"Namespace":"A","MetricData":[null]}',
  '{"Namespace":"A","MetricData":[{"MetricName":"m","Value":1e308,"Timestamp":"x"}]}', '{"Namespace":"A","MetricData":[{"MetricName":"m","Values":[1,2],"Counts":[0,-1]}]}',
  '{"Namespace":"A","MetricData":[{"MetricName":"m","StatisticValues":{"SampleCount":0},"Dimensions":[{},{"Name":""}]}]}',
  '{"Namespace":"A","MetricName":"m","StartTime":0,"EndTime":99999999999,"Period":60,"Statistics":["Sum"]}',
  '{"Namespace":"A","MetricName":"m","StartTime":-1e20,"EndTime":1e20,"Period":2147483647,"ExtendedStatistics":["p999","tm99"]}',
  '{"StartTime":1,"EndTime":2,"MetricDataQueries":[{}]}', '{"StartTime":1,"EndTime":2,"MaxDatapoints":-1,"MetricDataQueries":[{"Id":"a","Expression":"((((("}]}',
  '{"StartTime":1,"EndTime":2,"MetricDataQueries":[{"Id":"a","Expression":"a/0"},{"Id":"b","Expression":"SUM([])"}]}',
  '{"StartTime":1,"EndTime":2,"NextToken":"!!","ScanBy":"x","MetricDataQueries":[{"Id":"a","MetricStat":{"Metric":{},"Period":0,"Stat":""}}]}',
  '{"Dimensions":[{"Value":"x"}],"RecentlyActive":"P1D","NextToken":"%%%"}', '{"AlarmName":"a","Period":60,"EvaluationPeriods":0,"Threshold":"x"}',
  '{"AlarmName":"a","Namespace":"A","MetricName":"m","Statistic":"Sum","Period":60,"EvaluationPeriods":2147483647,"Threshold":1,"ComparisonOperator":"GreaterThanThreshold"}',
  '{"AlarmName":"a","Metrics":[{}],"ComparisonOperator":"LessThanLowerOrGreaterThanUpperThreshold"}', '{"AlarmNames":[],"MaxRecords":0}',
  '{"AlarmNames":[""],"AlarmNamePrefix":"a","StateValue":"x","NextToken":"bm9wZQ=="}', '{"AlarmName":"a","StateValue":"OK","StateReason":"r","StateReasonData":"{"}',
  '{"AlarmName":"' + "x"*300 + '","HistoryItemType":"x","StartDate":5,"EndDate":1}', '{"AlarmNames":[null]}']
cw_params = ['', 'Namespace=', 'Namespace=AWS/x&MetricData.member.1.MetricName=m&MetricData.member.1.Value=abc',
  'Namespace=A&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1&MetricData.member.1.Timestamp=yesterday',
  'Namespace=A&MetricData.member.1.MetricName=m&MetricData.member.1.Values.member.1=1&MetricData.member.1.Counts.member.2=x',
  'Namespace=A&MetricName=m&StartTime=2020-01-01T00:00:00Z&EndTime=2020-01-01T00:00:00Z&Period=60&Statistics.member.1=Sum',
  'Namespace=A&MetricName=m&StartTime=0&EndTime=9999999999&Period=-60&ExtendedStatistics.member.1=p',
  'StartTime=1&EndTime=2&MetricDataQueries.member.1.Id=a&MetricDataQueries.member.1.Expression=SUM(%5Ba', 'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=',
  'Dimensions.member.1.Value=x&NextToken=!!', 'AlarmName=a&Threshold=NaN&Period=x', 'AlarmNames.member.1=&MaxRecords=1000', 'AlarmName=a&StateValue=OK&StateReason=x&StateReasonData=%7B',
  'StartDate=never&AlarmName=a', 'Tags.member.1.Key=&AlarmName=a', 'ResourceARN=arn:aws:cloudwatch:us-east-1:000000000000:alarm:&TagKeys.member.1=', 'ResourceARN=arn&Tags.member.1.Key=aws:x&Tags.member.1.Value=']
iam_ops = ["CreateUser","GetUser","ListUsers","UpdateUser","DeleteUser","TagUser","UntagUser","ListUserTags","CreateAccessKey","ListAccessKeys",
 "UpdateAccessKey","DeleteAccessKey","GetAccessKeyLastUsed","PutUserPolicy","GetUserPolicy","ListUserPolicies","DeleteUserPolicy","AttachUserPolicy",
 "DetachUserPolicy","ListAttachedUserPolicies","CreateRole","GetRole","ListRoles","UpdateRole","UpdateRoleDescription","UpdateAssumeRolePolicy",
 "DeleteRole","TagRole","UntagRole","ListRoleTags","ListInstanceProfilesForRole","CreateServiceLinkedRole","DeleteServiceLinkedRole",
 "GetServiceLinkedRoleDeletionStatus","PutRolePolicy","GetRolePolicy","ListRolePolicies","DeleteRolePolicy","AttachRolePolicy","DetachRolePolicy",
 "ListAttachedRolePolicies","CreatePolicy","GetPolicy","ListPolicies","DeletePolicy","GetPolicyVersion","CreatePolicyVersion","ListPolicyVersions",
 "DeletePolicyVersion","SetDefaultPolicyVersion","TagPolicy","UntagPolicy","ListPolicyTags","GetAccountAuthorizationDetails"]
iam_ns = "https://iam.amazonaws.com/doc/2010-05-08/"
iam_doc = urllib.parse.quote('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecs:List*","Resource":"*"}]}')
iam_arn = "arn:aws:iam::000000000000:policy/"
iam_params = ['', 'UserName=', 'UserName=' + "x"*200, 'UserName=probe&Path=nope', 'UserName=probe&Path=/a/&NewPath=//&NewUserName=%00',
  'RoleName=probe&AssumeRolePolicyDocument=%7B', 'RoleName=probe&AssumeRolePolicyDocument=[]&MaxSessionDuration=1', 'RoleName=probe&MaxSessionDuration=99999999999',
  'RoleName=probe&AssumeRolePolicyDocument=' + iam_doc + '&Description=%01', 'MaxItems=0&Marker=%%%', 'MaxItems=abc', 'Marker=!!!', 'Marker=bTE6&MaxItems=1000',
  'PolicyArn=x', 'PolicyArn=arn:aws:iam::aws:policy/AdministratorAccess&VersionId=v0', 'PolicyArn=arn:aws:iam::aws:policy/AdministratorAccess&VersionId=v1&UserName=probe',
  'PolicyArn=' + iam_arn + 'none&VersionId=vx&RoleName=probe', 'PolicyArn=arn:aws:iam::aws:policy/' + "a"*3000, 'PolicyArn=arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy&RoleName=probe',
  'AccessKeyId=AKIA&Status=Expired&UserName=probe', 'AccessKeyId=AKIAAAAAAAAAAAAAAAAA&Status=Off&UserName=probe', 'Tags.member.1.Key=aws:x&Tags.member.1.Value=&UserName=probe',
  'Tags.member.1=&RoleName=probe', 'Tags.member.0.Key=a&UserName=probe', 'Tags.member.1.Key=a&Tags.member.2.Key=A&Tags.member.1.Value=1&Tags.member.2.Value=2&UserName=probe',
  'TagKeys.member.1=&UserName=probe', 'TagKeys=&RoleName=probe', 'Scope=x&OnlyAttached=maybe', 'Scope=AWS&OnlyAttached=true&PathPrefix=/service-role/&PolicyUsageFilter=Nope',
  'PolicyName=p&PolicyDocument=%FF&UserName=probe', 'PolicyName=p&PolicyDocument=' + iam_doc + '&UserName=probe&RoleName=probe&Path=/x/',
  'PolicyName=' + "p"*200 + '&PolicyDocument=' + iam_doc, 'PolicyDocument=' + iam_doc + '&PolicyArn=' + iam_arn + 'p&SetAsDefault=yes',
  'AWSServiceName=x&CustomSuffix=', 'AWSServiceName=ecs.amazonaws.com&CustomSuffix=a', 'DeletionTaskId=task/../..', 'Filter.member.1=x', 'Filter.member.1=User&MaxItems=1']
sts_ops = ["GetCallerIdentity", "AssumeRole", "GetSessionToken", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML", "GetFederationToken",
 "GetAccessKeyInfo", "DecodeAuthorizationMessage"]
sts_ns = "https://sts.amazonaws.com/doc/2011-06-15/"
sts_role = urllib.parse.quote("arn:aws:iam::000000000000:role/probe")
sts_params = ['', 'RoleArn=', 'RoleArn=x&RoleSessionName=', 'RoleArn=' + sts_role + '&RoleSessionName=' + "s"*200, 'RoleArn=' + "a"*3000 + '&RoleSessionName=ok',
  'RoleArn=' + sts_role + '&RoleSessionName=a%20b%00', 'RoleArn=' + sts_role + '&RoleSessionName=ok&DurationSeconds=abc', 'RoleArn=' + sts_role + '&RoleSessionName=ok&DurationSeconds=99999999999',
  'RoleArn=' + sts_role + '&RoleSessionName=ok&DurationSeconds=-1', 'RoleArn=' + sts_role + '&RoleSessionName=ok&Policy=%7B', 'RoleArn=' + sts_role + '&RoleSessionName=ok&Policy=' + "x"*3000,
  'RoleArn=' + sts_role + '&RoleSessionName=ok&PolicyArns.member.1.arn=', 'RoleArn=' + sts_role + '&RoleSessionName=ok&PolicyArns.member.0.arn=x',
  'RoleArn=' + sts_role + '&RoleSessionName=ok&Tags.member.1.Key=&Tags.member.1.Value=%FF', 'RoleArn=' + sts_role + '&RoleSessionName=ok&TransitiveTagKeys.member.1=',
  'RoleArn=' + sts_role + '&RoleSessionName=ok&ExternalId=%20', 'RoleArn=' + sts_role + '&RoleSessionName=ok&ExternalId=' + "e"*2000,
  'RoleArn=' + sts_role + '&RoleSessionName=ok&SerialNumber=x&TokenCode=abcdef', 'RoleArn=' + sts_role + '&RoleSessionName=ok&SourceIdentity=aws:x',
  'RoleArn=' + sts_role + '&RoleSessionName=ok&ProvidedContexts.member.1.ProviderArn=x', 'DurationSeconds=1', 'DurationSeconds=129601', 'DurationSeconds=1.5',
  'SerialNumber=short&TokenCode=1', 'TokenCode=' + "9"*100, 'WebIdentityToken=x&RoleArn=x&RoleSessionName=s', 'EncodedMessage=%%%', 'AccessKeyId=ASIA']
ec2_ops = ["DescribeVpcs", "CreateVpc", "DeleteVpc", "DescribeSubnets", "CreateSubnet", "DeleteSubnet", "ModifySubnetAttribute",
  "DescribeSecurityGroups", "CreateSecurityGroup", "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
  "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "ModifySecurityGroupRules", "DescribeSecurityGroupRules",
  "DescribeNetworkInterfaces", "CreateTags", "DeleteTags", "DescribeTags", "DescribeAvailabilityZones", "DescribeAccountAttributes", "RunInstances"]
ec2_sg = "sg-0b3e7a1f00000000a"
ec2_params = ['', 'DryRun=maybe', 'DryRun=true', 'Bogus=1', 'GroupId=', 'GroupId=sg-', 'GroupId=' + "x"*3000, 'GroupId.1=sg-zz', 'GroupId.0=x', 'GroupId.99999=x',
  'GroupId.1.Sub=x', 'MaxResults=4', 'MaxResults=abc', 'MaxResults=5&NextToken=%%%', 'NextToken=' + "A"*500, 'Filter.1.Name=', 'Filter.1.Name=vpc-id',
  'Filter.1.Name=tag:x&Filter.1.Value.1=*%00?', 'Filter.1.Name=group-name&Filter.1.Value.1=' + "[" * 300, 'Filter.a.Name=x',
  'CidrBlock=', 'CidrBlock=10.0.0.0/33', 'CidrBlock=10.0.0.0/-1', 'CidrBlock=1.2.3/16', 'CidrBlock=::/0', 'CidrBlock=0.0.0.0/0', 'CidrBlock=10.89.0.1/16',
  'CidrBlock=10.250.0.0/16&InstanceTenancy=dedicated', 'CidrBlock=10.250.0.0/16&AmazonProvidedIpv6CidrBlock=true', 'VpcId=vpc-00000000000000000&CidrBlock=10.89.0.0/24',
  'VpcId=vpc-0b3e7a1f00000000a&CidrBlock=10.89.0.0/24', 'VpcId=vpc-0b3e7a1f00000000a&CidrBlock=10.89.0.0/24&AvailabilityZone=mars-1a', 'SubnetId=subnet-0b3e7a1f00000000a',
  'SubnetId=subnet-0b3e7a1f00000000a&MapPublicIpOnLaunch.Value=', 'SubnetId=subnet-0b3e7a1f00000000a&MapPublicIpOnLaunch.Value=yes',
  'SubnetId=subnet-0b3e7a1f00000000a&PrivateDnsHostnameTypeOnLaunch=x', 'VpcId=vpc-0b3e7a1f00000000a', 'VpcId=x',
  'GroupName=probe&GroupDescription=%FF%FE', 'GroupName=' + "g"*300 + '&GroupDescription=d', 'GroupName=default&GroupDescription=d', 'GroupName=probe&GroupDescription=d',
  'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=tcp', 'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=1&IpPermissions.1.ToPort=99999&IpPermissions.1.IpRanges.1.CidrIp=1.2.3.4/32',
  'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=999&IpPermissions.1.IpRanges.1.CidrIp=x', 'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=icmp&IpPermissions.1.FromPort=-1&IpPermissions.1.ToPort=5&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0',
  'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=-1&IpPermissions.1.Groups.1.GroupId=sg-00000000000000000', 'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=-1&IpPermissions.1.Groups.1.UserId=1',
  'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=-1&IpPermissions.1.Ipv6Ranges.1.CidrIpv6=::/0', 'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=-1&IpPermissions.1.PrefixListIds.1.PrefixListId=pl-1',
  'GroupId=' + ec2_sg + '&IpPermissions.1.IpProtocol=-1&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0', 'GroupId=' + ec2_sg + '&SecurityGroupRuleId.1=sgr-00000000000000000',
  'GroupId=' + ec2_sg + '&SecurityGroupRuleId.1=bogus', 'GroupId=' + ec2_sg + '&SecurityGroupRule.1.SecurityGroupRuleId=sgr-00000000000000000&SecurityGroupRule.1.SecurityGroupRule.IpProtocol=tcp',
  'GroupId=' + ec2_sg + '&CidrIp=0.0.0.0/0&IpProtocol=tcp&FromPort=1&ToPort=1&IpPermissions.1.IpProtocol=-1', 'GroupName=default&SourceSecurityGroupName=nope',
  'ResourceId.1=' + ec2_sg + '&Tag.1.Key=aws:x&Tag.1.Value=v', 'ResourceId.1=' + ec2_sg + '&Tag.1.Key=' + "k"*200, 'ResourceId.1=ami-1&Tag.1.Key=a', 'ResourceId.1=' + ec2_sg,
  'ResourceId.1=' + ec2_sg + '&Tag.1.Key=probe&Tag.1.Value=x', 'TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=a&GroupName=probe2&GroupDescription=d',
  'ZoneName.1=moon-1a', 'ZoneId.1=x', 'AttributeName.1=nope', 'NetworkInterfaceId.1=eni-00000000000000000', 'NetworkInterfaceId.1=x']
passed = failed = 0
def check(code, body, label, xml=False):
    global passed, failed
    ok = code < 500
    if ok and code >= 400:
        if xml == "ec2":
            try:
                root = ET.fromstring(body)
                ok = root.tag == "Response" and bool(root.findtext("Errors/Error/Code")) and root.find("Errors/Error/Message") is not None and bool(root.findtext("RequestID"))
            except ET.ParseError:
                ok = False
        elif xml:
            try:
                root = ET.fromstring(body)
                ns = {"e": xml if isinstance(xml, str) else "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"}
                ok = root.tag.endswith("ErrorResponse") and bool(root.findtext("e:Error/e:Code", namespaces=ns)) and root.find("e:Error/e:Message", ns) is not None
            except ET.ParseError:
                ok = False
        else:
            try:
                err = json.loads(body)
                ok = bool(err.get("__type")) and "message" in err
            except ValueError:
                ok = False
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL - {code} {label}: {body[:200]}")
def send(data, headers, svc):
    req = AWSRequest(method="POST", url=endpoint, data=data, headers=headers)
    SigV4Auth(creds, svc, "us-east-1").add_auth(req)
    r = urllib.request.Request(endpoint, data=data, headers=dict(req.headers), method="POST")
    try:
        with urllib.request.urlopen(r, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
for name in elb_ops + ["NoSuchAction", ""]:
    for p in elb_params:
        for version in ["2015-12-01", "", "2012-06-01"]:
            data = f"Action={name}&Version={version}&{p}".encode()
            code, body = send(data, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "elasticloadbalancing")
            check(code, body, f"elbv2 {name} {version} {p[:80]!r}", xml=True)
for p in [b"\xff\xfe\x00garbage", b"Action=DescribeTags&Version=2015-12-01&" + b"a=b&" * 6000, b"=&=&&&", b"Action=%ZZ&Version=%"]:
    code, body = send(p, {"Content-Type": "application/x-www-form-urlencoded"}, "elasticloadbalancing")
    check(code, body, f"elbv2 raw {p[:40]!r}", xml=True)
for prefix, (svc, names) in ops.items():
    for name in names:
        for b in bodies:
            code, body = send(b.encode(), {"X-Amz-Target": f"{prefix}.{name}", "Content-Type": "application/x-amz-json-1.1"}, svc)
            check(code, body, f"{prefix}.{name} {b[:80]!r}")
for name in cw_ops + ["NoSuchAction"]:
    for p in cw_params:
        code, body = send(f"Action={name}&Version=2010-08-01&{p}".encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "monitoring")
        check(code, body, f"cloudwatch query {name} {p[:80]!r}", xml=cw_ns)
    for b in cw_bodies + bodies[:8]:
        code, body = send(b.encode(), {"X-Amz-Target": f"GraniteServiceVersion20100801.{name}", "Content-Type": "application/x-amz-json-1.0"}, "monitoring")
        check(code, body, f"GraniteServiceVersion20100801.{name} {b[:80]!r}")
for name in iam_ops + ["NoSuchAction"]:
    for p in iam_params:
        for version in ["2010-05-08", ""]:
            code, body = send(f"Action={name}&Version={version}&{p}".encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "iam")
            check(code, body, f"iam {name} {version} {p[:80]!r}", xml=iam_ns)
# What the probes above may have made (user and role "probe", policy "p"), removed so the server is left as found.
def iam_call(form):
    return send(f"{form}&Version=2010-05-08".encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "iam")
code, body = iam_call("Action=ListAccessKeys&UserName=probe")
if code == 200:
    for key in ET.fromstring(body).iter("{" + iam_ns + "}AccessKeyId"):
        iam_call(f"Action=DeleteAccessKey&UserName=probe&AccessKeyId={key.text}")
for form in ["Action=DeleteUserPolicy&UserName=probe&PolicyName=p", "Action=DeleteRolePolicy&RoleName=probe&PolicyName=p",
             "Action=DetachUserPolicy&UserName=probe&PolicyArn=arn:aws:iam::aws:policy/AdministratorAccess",
             "Action=DetachRolePolicy&RoleName=probe&PolicyArn=arn:aws:iam::aws:policy/AdministratorAccess",
             "Action=DeleteUser&UserName=probe", "Action=DeleteRole&RoleName=probe", "Action=DeletePolicy&PolicyArn=" + iam_arn + "x/p",
             "Action=DeletePolicy&PolicyArn=" + iam_arn + "p", "Action=DeleteServiceLinkedRole&RoleName=AWSServiceRoleForECS"]:
    iam_call(form)
for name in sts_ops + ["NoSuchAction"]:
    for p in sts_params:
        for version in ["2011-06-15", ""]:
            code, body = send(f"Action={name}&Version={version}&{p}".encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "sts")
            check(code, body, f"sts {name} {version} {p[:80]!r}", xml=sts_ns)
for name in ec2_ops + ["NoSuchAction"]:
    for p in ec2_params:
        for version in ["2016-11-15", ""]:
            code, body = send(f"Action={name}&Version={version}&{p}".encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "ec2")
            check(code, body, f"ec2 {name} {version} {p[:80]!r}", xml="ec2")
# What the EC2 probes may have made (groups "probe", a tag), removed so the server is left as found.
for form in ["Action=DeleteSecurityGroup&GroupName=probe", "Action=DeleteSecurityGroup&GroupName=probe2",
             f"Action=DeleteTags&ResourceId.1={ec2_sg}&Tag.1.Key=probe",
             f"Action=RevokeSecurityGroupIngress&GroupId={ec2_sg}&IpPermissions.1.IpProtocol=-1&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0",
             f"Action=RevokeSecurityGroupEgress&GroupId={ec2_sg}&IpPermissions.1.IpProtocol=-1&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0",
             f"Action=AuthorizeSecurityGroupEgress&GroupId={ec2_sg}&IpPermissions.1.IpProtocol=-1&IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0/0",
             "Action=ModifySubnetAttribute&SubnetId=subnet-0b3e7a1f00000000a&MapPublicIpOnLaunch.Value=true"]:
    send(f"{form}&Version=2016-11-15".encode(), {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, "ec2")
# Cloud Map: every operation with generic and Cloud Map-shaped bad bodies; what they may create ("probe-sd*") is removed after.
sd_prefix = "Route53AutoNaming_v20170314"
sd_ops = ["CreateHttpNamespace","CreatePrivateDnsNamespace","CreatePublicDnsNamespace","GetNamespace","ListNamespaces","UpdateHttpNamespace",
 "UpdatePrivateDnsNamespace","UpdatePublicDnsNamespace","DeleteNamespace","CreateService","GetService","ListServices","UpdateService","DeleteService",
 "GetServiceAttributes","UpdateServiceAttributes","DeleteServiceAttributes","RegisterInstance","DeregisterInstance","GetInstance","ListInstances",
 "GetInstancesHealthStatus","UpdateInstanceCustomHealthStatus","DiscoverInstances","DiscoverInstancesRevision","GetOperation","ListOperations",
 "TagResource","UntagResource","ListTagsForResource"]
sd_bodies = ['{"Name":"probe-sd.local.","Vpc":"vpc-1","Properties":{"DnsProperties":{}}}', '{"Name":"probe-sd..local","Vpc":""}', '{"Name":"' + "a"*300 + '","Vpc":"v"}',
  '{"Name":"probe-sd-h","Tags":[{}],"CreatorRequestId":"' + "c"*100 + '"}', '{"Name":"probe-sd-h","Tags":[{"Key":"k","Value":null}]}',
  '{"Id":"arn:aws:servicediscovery:us-east-1:0:namespace/","Namespace":{"Properties":{"DnsProperties":{"SOA":{"TTL":-1}}}}}', '{"Id":"ns-x","Namespace":{}}',
  '{"Name":"probe-sd-s","NamespaceId":"ns-x","DnsConfig":{"DnsRecords":[null,{}],"RoutingPolicy":"X"},"HealthCheckCustomConfig":{"FailureThreshold":0}}',
  '{"Name":"probe-sd-s","DnsConfig":{"NamespaceId":"arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-zz","DnsRecords":[{"Type":"A","TTL":9999999999999}]}}',
  '{"Id":"srv-x","Service":{"DnsConfig":{"DnsRecords":[]},"HealthCheckConfig":{}}}', '{"ServiceId":"srv-x","InstanceId":"a b","Attributes":{"":null}}',
  '{"ServiceId":"srv-x","Attributes":{"k":"' + "v"*2000 + '"}}', '{"ServiceId":"srv-x","Instances":[],"MaxResults":101,"NextToken":"%%"}',
  '{"ServiceId":"srv-x","InstanceId":"i","Status":"MAYBE"}', '{"NamespaceName":"x","ServiceName":"y","QueryParameters":{"a":null},"HealthStatus":"Z","MaxResults":0,"OwnerAccount":"1"}',
  '{"OperationId":"' + "o"*300 + '","OwnerAccount":"abc"}', '{"Filters":[{}, {"Name":"TYPE","Values":[]}],"MaxResults":-1}',
  '{"Filters":[{"Name":"UPDATE_DATE","Condition":"BETWEEN","Values":["x","1e400"]}]}', '{"Filters":[{"Name":"NAME","Condition":"IN","Values":[null]}]}',
  '{"ResourceARN":"arn:","Tags":[{"Key":"aws:x","Value":""}],"TagKeys":[null]}', '{"ResourceARN":"' + "r"*2000 + '"}', '{"ServiceId":"srv-x","Attributes":["a",null]}']
for name in sd_ops:
    for b in bodies[:8] + sd_bodies:
        code, body = send(b.encode(), {"X-Amz-Target": f"{sd_prefix}.{name}", "Content-Type": "application/x-amz-json-1.1"}, "servicediscovery")
        check(code, body, f"{sd_prefix}.{name} {b[:80]!r}")
def sd_call(name, body):
    code, text = send(json.dumps(body).encode(), {"X-Amz-Target": f"{sd_prefix}.{name}", "Content-Type": "application/x-amz-json-1.1"}, "servicediscovery")
    return json.loads(text) if code == 200 else {}
for ns in sd_call("ListNamespaces", {"Filters": [{"Name": "NAME", "Condition": "BEGINS_WITH", "Values": ["probe-sd"]}]}).get("Namespaces", []):
    for svc in sd_call("ListServices", {"Filters": [{"Name": "NAMESPACE_ID", "Values": [ns["Id"]]}]}).get("Services", []):
        for inst in sd_call("ListInstances", {"ServiceId": svc["Id"]}).get("Instances", []):
            sd_call("DeregisterInstance", {"ServiceId": svc["Id"], "InstanceId": inst["Id"]})
        sd_call("DeleteService", {"Id": svc["Id"]})
    sd_call("DeleteNamespace", {"Id": ns["Id"]})
# CloudWatch Logs beyond events: retention, tags, stream deletion, metric filters and the calls refused for want of a
# destination, with Logs-shaped bad bodies against a group that exists ("/probe-logs", removed after).
logs_ops = ["DeleteLogStream","PutRetentionPolicy","DeleteRetentionPolicy","TagResource","UntagResource","ListTagsForResource","TagLogGroup",
 "UntagLogGroup","ListTagsLogGroup","PutMetricFilter","DescribeMetricFilters","DeleteMetricFilter","TestMetricFilter","PutSubscriptionFilter",
 "DescribeSubscriptionFilters","DeleteSubscriptionFilter","CreateExportTask","DescribeExportTasks","CancelExportTask","PutDataProtectionPolicy",
 "GetDataProtectionPolicy","DeleteDataProtectionPolicy","CreateLogAnomalyDetector","ListLogAnomalyDetectors","PutDeliverySource","DescribeDeliveries",
 "PutDestination","DescribeDestinations","AssociateKmsKey"]
logs_group = {"X-Amz-Target": "Logs_20140328.CreateLogGroup", "Content-Type": "application/x-amz-json-1.1"}
send(b'{"logGroupName":"/probe-logs"}', logs_group, "logs")
logs_arn = "arn:aws:logs:us-east-1:000000000000:log-group:/probe-logs"
logs_bodies = ['{"logGroupName":"/probe-logs","retentionInDays":"x"}', '{"logGroupName":"/probe-logs","retentionInDays":2147483648}',
  '{"logGroupName":"/probe-logs","retentionInDays":-1}', '{"logGroupName":"/probe-logs","logStreamName":"a:b"}',
  '{"resourceArn":"' + logs_arn + ':*","tags":{"a":"b"}}', '{"resourceArn":"' + logs_arn + '","tags":{"":"","aws:x":"y"},"tagKeys":[null,""]}',
  '{"resourceArn":"arn:aws:logs:us-east-1:000000000000:log-group:","tags":{"k":null}}', '{"resourceArn":"' + "r"*2000 + '","tagKeys":[]}',
  '{"logGroupName":"/probe-logs","tags":["a"]}', '{"logGroupName":"/probe-logs","tags":{"a":5}}', '{"logGroupName":"/probe-logs","tags":[]}',
  '{"logGroupName":"/probe-logs","filterName":"f","filterPattern":"{ $.a = ","metricTransformations":[{}]}',
  '{"logGroupName":"/probe-logs","filterName":"f","filterPattern":"[a, ..., ..., b = %(%]","metricTransformations":[null]}',
  '{"logGroupName":"/probe-logs","filterName":"f","filterPattern":"{ ($.a = 1 || $.b[99999999999] > 2) }","metricTransformations":[{"metricName":"m","metricNamespace":"n","metricValue":"$.a","dimensions":{"d":"$.b","":null},"defaultValue":1e400,"unit":"Parsecs"}]}',
  '{"logGroupName":"/probe-logs","filterName":"f","filterPattern":"[a, b]","metricTransformations":[{"metricName":"m","metricNamespace":"n","metricValue":"$c"}],"applyOnTransformedLogs":"yes"}',
  '{"logGroupName":"/probe-logs","filterNamePrefix":"","metricName":"m","limit":0,"nextToken":"%%"}', '{"filterNamePrefix":"f","metricNamespace":"n"}',
  '{"filterPattern":"\\"","logEventMessages":[null,""]}', '{"filterPattern":"%a% %b% %c%","logEventMessages":["x"]}',
  '{"filterPattern":"' + "{"*600 + '","logEventMessages":["{}"]}', '{"filterPattern":"[' + "...,"*300 + 'a]","logEventMessages":["' + "x "*2000 + '"]}',
  '{"logGroupName":"/probe-logs","filterName":"f","filterPattern":"","destinationArn":"arn:aws:kinesis:us-east-1:0:stream/s","from":-1,"to":"x"}',
  '{"logGroupIdentifier":"arn:aws:logs:us-east-1:0:log-group:/probe-logs","policyDocument":5,"taskId":null,"name":{}}']
for name in logs_ops:
    for b in bodies[:8] + logs_bodies:
        code, body = send(b.encode(), {"X-Amz-Target": f"Logs_20140328.{name}", "Content-Type": "application/x-amz-json-1.1"}, "logs")
        check(code, body, f"Logs_20140328.{name} {b[:80]!r}")
send(b'{"logGroupName":"/probe-logs"}', {**logs_group, "X-Amz-Target": "Logs_20140328.DeleteLogGroup"}, "logs")
print(f"bad input probes: {passed} passed, {failed} failed")
raise SystemExit(1 if failed else 0)
