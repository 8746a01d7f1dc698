using System.Text.Json;
using Berth.Iam.Managed;
using Berth.Iam.Policy;

namespace Berth.Iam.Tests;

public sealed class AwsManagedPoliciesTests
{
    public static TheoryData<string> Arns() => [.. AwsManagedPolicies.All.Select(p => p.Arn)];

    [Theory]
    [MemberData(nameof(Arns))]
    public void Document_EveryPolicy_AValidPolicyWithAwsIdentity(string arn)
    {
        var policy = AwsManagedPolicies.Find(arn)!;

        PolicyDocument.Parse(policy.Document);
        using var doc = JsonDocument.Parse(policy.Document);
        Assert.Equal("2012-10-17", doc.RootElement.GetProperty("Version").GetString());
        Assert.NotEqual(0, doc.RootElement.GetProperty("Statement").GetArrayLength());
        Assert.Matches("^ANPA[A-Z0-9]{17}$", policy.PolicyId);
        Assert.Matches("^v[1-9][0-9]*$", policy.DefaultVersionId);
        Assert.StartsWith("arn:aws:iam::aws:policy/", policy.Arn, StringComparison.Ordinal);
        Assert.True(policy.UpdateDate >= policy.CreateDate);
    }

    [Fact]
    public void All_TheOnesAFargateUserAttaches_Present()
    {
        string[] expected =
        [
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "arn:aws:iam::aws:policy/AmazonECS_FullAccess",
            "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
            "arn:aws:iam::aws:policy/SecretsManagerReadWrite", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
            "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess",
        ];

        Assert.All(expected, arn => Assert.NotNull(AwsManagedPolicies.Find(arn)));
        Assert.Equal(AwsManagedPolicies.All.Count, AwsManagedPolicies.All.Select(p => p.PolicyId).Distinct().Count());
    }

    [Fact]
    public void TaskExecutionRolePolicy_PullsImagesAndWritesLogs()
    {
        var doc = AwsManagedPolicies.Find("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")!.Document;

        foreach (var action in new[] { "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents" })
            Assert.Contains($"\"{action}\"", doc, StringComparison.Ordinal);
    }
}
