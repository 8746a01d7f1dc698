using Berth.TestSupport;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// A task's security groups treat the host as an outside address, as AWS treats the internet: a test that reaches
/// tasks from the host opens the default group to the host's address on the task bridge (its gateway), as a user
/// opens a port. Each extra berthd gets a task range of its own, so two berthds never hand out one address.
/// </summary>
public static class HostAccess
{
    public const string DefaultGroup = "sg-0b3e7a1f00000000a";

    public static Task OpenAsync(BerthProcess berth, string gateway, CancellationToken ct) =>
        new AwsCli(berth.Endpoint, BerthFixture.AccessKeyId, BerthFixture.SecretAccessKey).RunAsync(ct,
            "ec2", "authorize-security-group-ingress", "--group-id", DefaultGroup, "--ip-permissions", $"IpProtocol=-1,IpRanges=[{{CidrIp={gateway}/32}}]");
}
