namespace Berth.Iam.Managed;

/// <summary>The policies of the services around ECS: CloudWatch Logs, Secrets Manager, Systems Manager. Documents as AWS publishes them, at the version named.</summary>
internal static class ServicePolicies
{
    public static readonly AwsManagedPolicy CloudWatchLogsFullAccess = new(
        "CloudWatchLogsFullAccess", "/", "ANPAJ3ZGNWK2R5HW5BQFO", "v8",
        AwsManagedPolicy.At("2015-02-06T18:40:02+00:00"), AwsManagedPolicy.At("2026-02-12T18:00:33+00:00"),
        "Provides full access to CloudWatch Logs",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "logs:*",
                        "cloudwatch:GenerateQuery",
                        "cloudwatch:GenerateQueryResultsSummary",
                        "observabilityadmin:GetS3TableIntegration",
                        "observabilityadmin:ListS3TableIntegrations",
                        "observabilityadmin:ListTelemetryPipelines"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "CloudWatchLogsFullAccess"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy SecretsManagerReadWrite = new(
        "SecretsManagerReadWrite", "/", "ANPAI3VG7CI5BIQZQ6G2E", "v5",
        AwsManagedPolicy.At("2018-04-04T18:05:29+00:00"), AwsManagedPolicy.At("2024-02-22T18:12:06+00:00"),
        "Provides read/write access to AWS Secrets Manager via the AWS Management Console. Note: this exludes IAM actions, so combine with IAMFullAccess if rotation configuration is required.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "secretsmanager:*",
                        "cloudformation:CreateChangeSet",
                        "cloudformation:DescribeChangeSet",
                        "cloudformation:DescribeStackResource",
                        "cloudformation:DescribeStacks",
                        "cloudformation:ExecuteChangeSet",
                        "docdb-elastic:GetCluster",
                        "docdb-elastic:ListClusters",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeSubnets",
                        "ec2:DescribeVpcs",
                        "kms:DescribeKey",
                        "kms:ListAliases",
                        "kms:ListKeys",
                        "lambda:ListFunctions",
                        "rds:DescribeDBClusters",
                        "rds:DescribeDBInstances",
                        "redshift:DescribeClusters",
                        "redshift-serverless:ListWorkgroups",
                        "redshift-serverless:GetNamespace",
                        "tag:GetResources"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "BasePermissions"
                },
                {
                    "Action": [
                        "lambda:AddPermission",
                        "lambda:CreateFunction",
                        "lambda:GetFunction",
                        "lambda:InvokeFunction",
                        "lambda:UpdateFunctionConfiguration"
                    ],
                    "Resource": "arn:aws:lambda:*:*:function:SecretsManager*",
                    "Effect": "Allow",
                    "Sid": "LambdaPermissions"
                },
                {
                    "Action": [
                        "serverlessrepo:CreateCloudFormationChangeSet",
                        "serverlessrepo:GetApplication"
                    ],
                    "Resource": "arn:aws:serverlessrepo:*:*:applications/SecretsManager*",
                    "Effect": "Allow",
                    "Sid": "SARPermissions"
                },
                {
                    "Action": [
                        "s3:GetObject"
                    ],
                    "Resource": [
                        "arn:aws:s3:::awsserverlessrepo-changesets*",
                        "arn:aws:s3:::secrets-manager-rotation-apps-*/*"
                    ],
                    "Effect": "Allow",
                    "Sid": "S3Permissions"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy AmazonSSMReadOnlyAccess = new(
        "AmazonSSMReadOnlyAccess", "/", "ANPAJODSKQGGJTHRYZ5FC", "v1",
        AwsManagedPolicy.At("2015-05-29T17:44:19+00:00"), AwsManagedPolicy.At("2015-05-29T17:44:19+00:00"),
        "Provides read only access to Amazon SSM.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "ssm:Describe*",
                        "ssm:Get*",
                        "ssm:List*"
                    ],
                    "Resource": "*",
                    "Effect": "Allow"
                }
            ]
        }
        """);
}
