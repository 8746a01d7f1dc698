namespace Berth.Iam.Managed;

/// <summary>The job-function policies: full access and read-only access. Documents as AWS publishes them, at the version named.</summary>
internal static class AccessPolicies
{
    public static readonly AwsManagedPolicy AdministratorAccess = new(
        "AdministratorAccess", "/", "ANPAIWMBCKSKIEE64ZLYK", "v1",
        AwsManagedPolicy.At("2015-02-06T18:39:46+00:00"), AwsManagedPolicy.At("2015-02-06T18:39:46+00:00"),
        "Provides full access to AWS services and resources.",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "*",
                    "Resource": "*",
                    "Effect": "Allow"
                }
            ]
        }
        """);

    public static readonly AwsManagedPolicy ReadOnlyAccess = new(
        "ReadOnlyAccess", "/", "ANPAILL3HVNFSB6DCOWYQ", "v178",
        AwsManagedPolicy.At("2015-02-06T18:39:48+00:00"), AwsManagedPolicy.At("2026-02-12T18:01:33+00:00"),
        "Provides read-only access to AWS services and resources. (Berth: only the statements' actions for the services Berth serves are kept from this very large document.)",
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": [
                        "application-autoscaling:Describe*",
                        "application-autoscaling:GetPredictiveScalingForecast",
                        "application-autoscaling:ListTagsForResource",
                        "cloudwatch:Describe*",
                        "cloudwatch:GenerateQuery",
                        "cloudwatch:GenerateQueryResultsSummary",
                        "cloudwatch:Get*",
                        "cloudwatch:List*",
                        "ecr:BatchCheck*",
                        "ecr:BatchGet*",
                        "ecr:Describe*",
                        "ecr:Get*",
                        "ecr:List*",
                        "ecs:Describe*",
                        "ecs:List*",
                        "elasticloadbalancing:Describe*",
                        "iam:Generate*",
                        "iam:Get*",
                        "iam:List*",
                        "iam:Simulate*"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "ReadOnlyActionsGroup1"
                },
                {
                    "Action": [
                        "logs:Describe*",
                        "logs:FilterLogEvents",
                        "logs:Get*",
                        "logs:ListAnomalies",
                        "logs:ListEntitiesForLogGroup",
                        "logs:ListIntegrations",
                        "logs:ListLogAnomalyDetectors",
                        "logs:ListLogDeliveries",
                        "logs:ListLogGroupsForEntity",
                        "logs:ListLogGroupsForQuery",
                        "logs:ListTagsForResource",
                        "logs:ListTagsLogGroup",
                        "logs:StartLiveTail",
                        "logs:StartQuery",
                        "logs:StopLiveTail",
                        "logs:StopQuery",
                        "logs:TestMetricFilter",
                        "logs:ListAggregateLogGroupSummaries",
                        "logs:ListSourcesForS3TableIntegration",
                        "logs:ListScheduledQueries",
                        "secretsmanager:Describe*",
                        "secretsmanager:GetResourcePolicy",
                        "secretsmanager:List*",
                        "ssm:Describe*",
                        "ssm:Get*",
                        "ssm:List*",
                        "sts:GetAccessKeyInfo",
                        "sts:GetCallerIdentity",
                        "sts:GetSessionToken"
                    ],
                    "Resource": "*",
                    "Effect": "Allow",
                    "Sid": "ReadOnlyActionsGroup2"
                }
            ]
        }
        """);
}
