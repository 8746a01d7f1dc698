namespace Berth.Iam.Managed;

/// <summary>The policies of the service-linked roles Berth creates (under /aws-service-role/: attachable only to those roles). Documents as AWS publishes them, at the version named.</summary>
internal static class ServiceLinkedRolePolicies
{
    public static readonly AwsManagedPolicy AmazonECSServiceRolePolicy = new(
        "AmazonECSServiceRolePolicy", "/aws-service-role/", "ANPAIVUWKCAI7URU4WUEI", "v23",
        AwsManagedPolicy.At("2017-10-14T01:18:58+00:00"), AwsManagedPolicy.At("2026-02-12T17:58:05+00:00"),
        "Policy to enable Amazon ECS to manage your cluster.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "ec2:AttachNetworkInterface",
                        "ec2:AssociateTrunkInterface",
                        "ec2:CreateNetworkInterface",
                        "ec2:CreateNetworkInterfacePermission",
                        "ec2:DeleteNetworkInterface",
                        "ec2:DeleteNetworkInterfacePermission",
                        "ec2:Describe*",
                        "ec2:DetachNetworkInterface",
                        "ec2:DisassociateTrunkInterface",
                        "elasticloadbalancing:DeregisterInstancesFromLoadBalancer",
                        "elasticloadbalancing:DeregisterTargets",
                        "elasticloadbalancing:Describe*",
                        "elasticloadbalancing:RegisterInstancesWithLoadBalancer",
                        "elasticloadbalancing:RegisterTargets",
                        "route53:ChangeResourceRecordSets",
                        "route53:CreateHealthCheck",
                        "route53:DeleteHealthCheck",
                        "route53:Get*",
                        "route53:List*",
                        "route53:UpdateHealthCheck",
                        "servicediscovery:DeregisterInstance",
                        "servicediscovery:Get*",
                        "servicediscovery:List*",
                        "servicediscovery:RegisterInstance",
                        "servicediscovery:UpdateInstanceCustomHealthStatus"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "ECSTaskManagement"
                },
                {
                    "Action": [
                        "autoscaling:Describe*"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "AutoScaling"
                },
                {
                    "Action": [
                        "autoscaling:DeletePolicy",
                        "autoscaling:PutScalingPolicy",
                        "autoscaling:SetInstanceProtection",
                        "autoscaling:UpdateAutoScalingGroup",
                        "autoscaling:PutLifecycleHook",
                        "autoscaling:DeleteLifecycleHook",
                        "autoscaling:CompleteLifecycleAction",
                        "autoscaling:RecordLifecycleActionHeartbeat"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "Null": {
                            "autoscaling:ResourceTag/AmazonECSManaged": "false"
                        }
                    },
                    "Sid": "AutoScalingManagement"
                },
                {
                    "Action": [
                        "autoscaling-plans:CreateScalingPlan",
                        "autoscaling-plans:DeleteScalingPlan",
                        "autoscaling-plans:DescribeScalingPlans",
                        "autoscaling-plans:DescribeScalingPlanResources"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "AutoScalingPlanManagement"
                },
                {
                    "Action": [
                        "events:DescribeRule",
                        "events:ListTargetsByRule"
                    ],
                    "Resource": "arn:aws:events:*:*:rule/ecs-managed-*",
                    "Effect": "Allow",
                    "Sid": "EventBridge"
                },
                {
                    "Action": [
                        "events:PutRule",
                        "events:PutTargets"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "StringEquals": {
                            "events:ManagedBy": "ecs.amazonaws.com"
                        }
                    },
                    "Sid": "EventBridgeRuleManagement"
                },
                {
                    "Action": [
                        "cloudwatch:DeleteAlarms",
                        "cloudwatch:DescribeAlarms",
                        "cloudwatch:PutMetricAlarm"
                    ],
                    "Resource": "arn:aws:cloudwatch:*:*:alarm:*",
                    "Effect": "Allow",
                    "Sid": "CWAlarmManagement"
                },
                {
                    "Action": [
                        "ec2:CreateTags"
                    ],
                    "Resource": "arn:aws:ec2:*:*:network-interface/*",
                    "Effect": "Allow",
                    "Sid": "ECSTagging"
                },
                {
                    "Action": [
                        "logs:CreateLogGroup",
                        "logs:DescribeLogGroups",
                        "logs:PutRetentionPolicy"
                    ],
                    "Resource": "arn:aws:logs:*:*:log-group:/aws/ecs/*",
                    "Effect": "Allow",
                    "Sid": "CWLogGroupManagement"
                },
                {
                    "Action": [
                        "logs:CreateLogStream",
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents"
                    ],
                    "Resource": "arn:aws:logs:*:*:log-group:/aws/ecs/*:log-stream:*",
                    "Effect": "Allow",
                    "Sid": "CWLogStreamManagement"
                },
                {
                    "Action": [
                        "ssm:DescribeSessions"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "ExecuteCommandSessionManagement"
                },
                {
                    "Action": [
                        "ssm:StartSession"
                    ],
                    "Resource": [
                        "arn:aws:ecs:*:*:task/*",
                        "arn:aws:ssm:*:*:document/AmazonECS-ExecuteInteractiveCommand"
                    ],
                    "Effect": "Allow",
                    "Sid": "ExecuteCommand"
                },
                {
                    "Action": [
                        "ssmmessages:OpenDataChannel"
                    ],
                    "Resource": [
                        "arn:aws:ssm:*:*:session/*"
                    ],
                    "Effect": "Allow",
                    "Condition": {
                        "StringEquals": {
                            "aws:PrincipalAccount": "${aws:ResourceAccount}"
                        }
                    },
                    "Sid": "OpenDataChannel"
                },
                {
                    "Action": [
                        "servicediscovery:CreateHttpNamespace",
                        "servicediscovery:CreateService"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "ForAllValues:StringEquals": {
                            "aws:TagKeys": [
                                "AmazonECSManaged"
                            ]
                        }
                    },
                    "Sid": "CloudMapResourceCreation"
                },
                {
                    "Action": "servicediscovery:TagResource",
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "StringLike": {
                            "aws:RequestTag/AmazonECSManaged": "*"
                        }
                    },
                    "Sid": "CloudMapResourceTagging"
                },
                {
                    "Action": [
                        "servicediscovery:DeleteService"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "Null": {
                            "aws:ResourceTag/AmazonECSManaged": "false"
                        }
                    },
                    "Sid": "CloudMapResourceDeletion"
                },
                {
                    "Action": [
                        "servicediscovery:DiscoverInstances",
                        "servicediscovery:DiscoverInstancesRevision"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "CloudMapResourceDiscovery"
                },
                {
                    "Action": [
                        "servicediscovery:UpdateServiceAttributes"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "Null": {
                            "aws:ResourceTag/AmazonECSManaged": "false"
                        }
                    },
                    "Sid": "CloudMapResourceAttributeManagement"
                },
                {
                    "Action": [
                        "ec2:DescribeInstanceEventWindows"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "ReadOnlyPermissionsForInstanceEventWindows"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy AWSElasticLoadBalancingServiceRolePolicy = new(
        "AWSElasticLoadBalancingServiceRolePolicy", "/aws-service-role/", "ANPAIMHWGGSRHLOQUICJQ", "v14",
        AwsManagedPolicy.At("2017-09-19T22:19:04+00:00"), AwsManagedPolicy.At("2026-02-12T17:58:08+00:00"),
        "Service Linked Role Policy for AWS Elastic Load Balancing Control Plane",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "ec2:DescribeAddresses",
                        "ec2:DescribeCoipPools",
                        "ec2:DescribeInstances",
                        "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeSubnets",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeVpcs",
                        "ec2:DescribeInternetGateways",
                        "ec2:DescribeAccountAttributes",
                        "ec2:DescribeClassicLinkInstances",
                        "ec2:DescribeVpcClassicLink",
                        "ec2:CreateSecurityGroup",
                        "ec2:CreateNetworkInterface",
                        "ec2:DeleteNetworkInterface",
                        "ec2:GetCoipPoolUsage",
                        "ec2:GetSecurityGroupsForVpc",
                        "ec2:ModifyNetworkInterfaceAttribute",
                        "ec2:AllocateAddress",
                        "ec2:AuthorizeSecurityGroupIngress",
                        "ec2:AssociateAddress",
                        "ec2:DisassociateAddress",
                        "ec2:AttachNetworkInterface",
                        "ec2:DetachNetworkInterface",
                        "ec2:AssignPrivateIpAddresses",
                        "ec2:AssignIpv6Addresses",
                        "ec2:ReleaseAddress",
                        "ec2:UnassignIpv6Addresses",
                        "ec2:DescribeVpcPeeringConnections",
                        "ec2:DescribeAvailabilityZones",
                        "ec2:AllocateIpamPoolCidr",
                        "logs:CreateLogDelivery",
                        "logs:GetLogDelivery",
                        "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery",
                        "logs:ListLogDeliveries",
                        "outposts:GetOutpostInstanceTypes"
                    ],
                    "Resource": "*",
                    "Effect": "Allow"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy AWSApplicationAutoscalingECSServicePolicy = new(
        "AWSApplicationAutoscalingECSServicePolicy", "/aws-service-role/", "ANPAJFXLLV7AKH5PSFOYG", "v2",
        AwsManagedPolicy.At("2017-10-25T23:53:08+00:00"), AwsManagedPolicy.At("2024-10-24T20:05:50+00:00"),
        "Policy granting permissions to Application Auto Scaling to access ECS and CloudWatch.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "ecs:DescribeServices",
                        "ecs:UpdateService",
                        "cloudwatch:PutMetricAlarm",
                        "cloudwatch:DescribeAlarms",
                        "cloudwatch:GetMetricData",
                        "cloudwatch:DeleteAlarms"
                    ],
                    "Resource": [
                        "*"
                    ],
                    "Effect": "Allow"
                }
            ]
        }
        """);
}
