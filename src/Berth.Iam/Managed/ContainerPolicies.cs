namespace Berth.Iam.Managed;

/// <summary>The ECS and ECR policies a Fargate user attaches (to people, and to task execution roles). Documents as AWS publishes them, at the version named.</summary>
internal static class ContainerPolicies
{
    public static readonly AwsManagedPolicy AmazonECSFullAccess = new(
        "AmazonECS_FullAccess", "/", "ANPAJ7S7AN6YQPTJC7IFS", "v21",
        AwsManagedPolicy.At("2017-11-07T21:36:54+00:00"), AwsManagedPolicy.At("2024-08-13T19:39:37+00:00"),
        "Provides administrative access to Amazon ECS resources and enables ECS features through access to other AWS service resources, including VPCs, Auto Scaling groups, and CloudFormation stacks.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "application-autoscaling:DeleteScalingPolicy",
                        "application-autoscaling:DeregisterScalableTarget",
                        "application-autoscaling:DescribeScalableTargets",
                        "application-autoscaling:DescribeScalingActivities",
                        "application-autoscaling:DescribeScalingPolicies",
                        "application-autoscaling:PutScalingPolicy",
                        "application-autoscaling:RegisterScalableTarget",
                        "appmesh:DescribeVirtualGateway",
                        "appmesh:DescribeVirtualNode",
                        "appmesh:ListMeshes",
                        "appmesh:ListVirtualGateways",
                        "appmesh:ListVirtualNodes",
                        "autoscaling:CreateAutoScalingGroup",
                        "autoscaling:CreateLaunchConfiguration",
                        "autoscaling:DeleteAutoScalingGroup",
                        "autoscaling:DeleteLaunchConfiguration",
                        "autoscaling:Describe*",
                        "autoscaling:UpdateAutoScalingGroup",
                        "cloudformation:CreateStack",
                        "cloudformation:DeleteStack",
                        "cloudformation:DescribeStack*",
                        "cloudformation:UpdateStack",
                        "cloudwatch:DeleteAlarms",
                        "cloudwatch:DescribeAlarms",
                        "cloudwatch:GetMetricStatistics",
                        "cloudwatch:PutMetricAlarm",
                        "codedeploy:BatchGetApplicationRevisions",
                        "codedeploy:BatchGetApplications",
                        "codedeploy:BatchGetDeploymentGroups",
                        "codedeploy:BatchGetDeployments",
                        "codedeploy:ContinueDeployment",
                        "codedeploy:CreateApplication",
                        "codedeploy:CreateDeployment",
                        "codedeploy:CreateDeploymentGroup",
                        "codedeploy:GetApplication",
                        "codedeploy:GetApplicationRevision",
                        "codedeploy:GetDeployment",
                        "codedeploy:GetDeploymentConfig",
                        "codedeploy:GetDeploymentGroup",
                        "codedeploy:GetDeploymentTarget",
                        "codedeploy:ListApplicationRevisions",
                        "codedeploy:ListApplications",
                        "codedeploy:ListDeploymentConfigs",
                        "codedeploy:ListDeploymentGroups",
                        "codedeploy:ListDeployments",
                        "codedeploy:ListDeploymentTargets",
                        "codedeploy:RegisterApplicationRevision",
                        "codedeploy:StopDeployment",
                        "ec2:AssociateRouteTable",
                        "ec2:AttachInternetGateway",
                        "ec2:AuthorizeSecurityGroupIngress",
                        "ec2:CancelSpotFleetRequests",
                        "ec2:CreateInternetGateway",
                        "ec2:CreateLaunchTemplate",
                        "ec2:CreateRoute",
                        "ec2:CreateRouteTable",
                        "ec2:CreateSecurityGroup",
                        "ec2:CreateSubnet",
                        "ec2:CreateVpc",
                        "ec2:DeleteLaunchTemplate",
                        "ec2:DeleteSubnet",
                        "ec2:DeleteVpc",
                        "ec2:Describe*",
                        "ec2:DetachInternetGateway",
                        "ec2:DisassociateRouteTable",
                        "ec2:ModifySubnetAttribute",
                        "ec2:ModifyVpcAttribute",
                        "ec2:RequestSpotFleet",
                        "ec2:RunInstances",
                        "ecs:*",
                        "elasticfilesystem:DescribeAccessPoints",
                        "elasticfilesystem:DescribeFileSystems",
                        "elasticloadbalancing:CreateListener",
                        "elasticloadbalancing:CreateLoadBalancer",
                        "elasticloadbalancing:CreateRule",
                        "elasticloadbalancing:CreateTargetGroup",
                        "elasticloadbalancing:DeleteListener",
                        "elasticloadbalancing:DeleteLoadBalancer",
                        "elasticloadbalancing:DeleteRule",
                        "elasticloadbalancing:DeleteTargetGroup",
                        "elasticloadbalancing:DescribeListeners",
                        "elasticloadbalancing:DescribeLoadBalancers",
                        "elasticloadbalancing:DescribeRules",
                        "elasticloadbalancing:DescribeTargetGroups",
                        "events:DeleteRule",
                        "events:DescribeRule",
                        "events:ListRuleNamesByTarget",
                        "events:ListTargetsByRule",
                        "events:PutRule",
                        "events:PutTargets",
                        "events:RemoveTargets",
                        "fsx:DescribeFileSystems",
                        "iam:ListAttachedRolePolicies",
                        "iam:ListInstanceProfiles",
                        "iam:ListRoles",
                        "lambda:ListFunctions",
                        "logs:CreateLogGroup",
                        "logs:DescribeLogGroups",
                        "logs:FilterLogEvents",
                        "route53:CreateHostedZone",
                        "route53:DeleteHostedZone",
                        "route53:GetHealthCheck",
                        "route53:GetHostedZone",
                        "route53:ListHostedZonesByName",
                        "servicediscovery:CreatePrivateDnsNamespace",
                        "servicediscovery:CreateService",
                        "servicediscovery:DeleteService",
                        "servicediscovery:GetNamespace",
                        "servicediscovery:GetOperation",
                        "servicediscovery:GetService",
                        "servicediscovery:ListNamespaces",
                        "servicediscovery:ListServices",
                        "servicediscovery:UpdateService",
                        "sns:ListTopics"
                    ],
                    "Resource": [
                        "*"
                    ],
                    "Effect": "Allow",
                    "Sid": "ECSIntegrationsManagementPolicy"
                },
                {
                    "Action": [
                        "ssm:GetParameter",
                        "ssm:GetParameters",
                        "ssm:GetParametersByPath"
                    ],
                    "Resource": "arn:aws:ssm:*:*:parameter/aws/service/ecs*",
                    "Effect": "Allow",
                    "Sid": "SSMPolicy"
                },
                {
                    "Action": [
                        "ec2:DeleteInternetGateway",
                        "ec2:DeleteRoute",
                        "ec2:DeleteRouteTable",
                        "ec2:DeleteSecurityGroup"
                    ],
                    "Resource": [
                        "*"
                    ],
                    "Effect": "Allow",
                    "Condition": {
                        "StringLike": {
                            "ec2:ResourceTag/aws:cloudformation:stack-name": "EC2ContainerService-*"
                        }
                    },
                    "Sid": "ManagedCloudformationResourcesCleanupPolicy"
                },
                {
                    "Action": "iam:PassRole",
                    "Resource": [
                        "*"
                    ],
                    "Effect": "Allow",
                    "Condition": {
                        "StringLike": {
                            "iam:PassedToService": "ecs-tasks.amazonaws.com"
                        }
                    },
                    "Sid": "TasksPassRolePolicy"
                },
                {
                    "Action": "iam:PassRole",
                    "Resource": [
                        "arn:aws:iam::*:role/ecsInfrastructureRole"
                    ],
                    "Effect": "Allow",
                    "Condition": {
                        "StringEquals": {
                            "iam:PassedToService": "ecs.amazonaws.com"
                        }
                    },
                    "Sid": "InfrastructurePassRolePolicy"
                },
                {
                    "Action": "iam:PassRole",
                    "Resource": [
                        "arn:aws:iam::*:role/ecsInstanceRole*"
                    ],
                    "Effect": "Allow",
                    "Condition": {
                        "StringLike": {
                            "iam:PassedToService": [
                                "ec2.amazonaws.com",
                                "ec2.amazonaws.com.cn"
                            ]
                        }
                    },
                    "Sid": "InstancePassRolePolicy"
                },
                {
                    "Action": "iam:PassRole",
                    "Resource": [
                        "arn:aws:iam::*:role/ecsAutoscaleRole*"
                    ],
                    "Effect": "Allow",
                    "Condition": {
                        "StringLike": {
                            "iam:PassedToService": [
                                "application-autoscaling.amazonaws.com",
                                "application-autoscaling.amazonaws.com.cn"
                            ]
                        }
                    },
                    "Sid": "AutoScalingPassRolePolicy"
                },
                {
                    "Action": "iam:CreateServiceLinkedRole",
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "StringLike": {
                            "iam:AWSServiceName": [
                                "ecs.amazonaws.com",
                                "autoscaling.amazonaws.com",
                                "ecs.application-autoscaling.amazonaws.com",
                                "spot.amazonaws.com",
                                "spotfleet.amazonaws.com"
                            ]
                        }
                    },
                    "Sid": "ServiceLinkedRoleCreationPolicy"
                },
                {
                    "Action": [
                        "elasticloadbalancing:AddTags"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Condition": {
                        "StringEquals": {
                            "elasticloadbalancing:CreateAction": [
                                "CreateTargetGroup",
                                "CreateRule",
                                "CreateListener",
                                "CreateLoadBalancer"
                            ]
                        }
                    },
                    "Sid": "ELBTaggingPolicy"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy AmazonECSTaskExecutionRolePolicy = new(
        "AmazonECSTaskExecutionRolePolicy", "/service-role/", "ANPAJG4T4G4PV56DE72PY", "v1",
        AwsManagedPolicy.At("2017-11-16T18:48:22+00:00"), AwsManagedPolicy.At("2017-11-16T18:48:22+00:00"),
        "Provides access to other AWS service resources that are required to run Amazon ECS tasks",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "ecr:GetAuthorizationToken",
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:GetDownloadUrlForLayer",
                        "ecr:BatchGetImage",
                        "logs:CreateLogStream",
                        "logs:PutLogEvents"
                    ],
                    "Resource": "*",
                    "Effect": "Allow"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy AmazonEC2ContainerRegistryReadOnly = new(
        "AmazonEC2ContainerRegistryReadOnly", "/", "ANPAIFYZPA37OOHVIH7KQ", "v3",
        AwsManagedPolicy.At("2015-12-21T17:04:15+00:00"), AwsManagedPolicy.At("2019-12-10T20:56:32+00:00"),
        "Provides read-only access to Amazon EC2 Container Registry repositories.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "ecr:GetAuthorizationToken",
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:GetDownloadUrlForLayer",
                        "ecr:GetRepositoryPolicy",
                        "ecr:DescribeRepositories",
                        "ecr:ListImages",
                        "ecr:DescribeImages",
                        "ecr:BatchGetImage",
                        "ecr:GetLifecyclePolicy",
                        "ecr:GetLifecyclePolicyPreview",
                        "ecr:ListTagsForResource",
                        "ecr:DescribeImageScanFindings"
                    ],
                    "Resource": "*",
                    "Effect": "Allow"
                }
            ]
        }
        """);
}
