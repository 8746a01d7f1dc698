using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class InlinePolicyServiceTests : IDisposable
{
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task PutUserPolicyAsync_ThenGetListDelete_RoundTrip()
    {
        await _h.UserAsync();

        await _h.Inline.PutUserPolicyAsync("alice", "read", Allow, Ct);
        await _h.Inline.PutUserPolicyAsync("alice", "also", Allow, Ct);

        var (user, policy) = await _h.Inline.GetUserPolicyAsync("ALICE", "READ", Ct);
        Assert.Equal("alice", user);
        Assert.Equal(new InlinePolicy("read", Allow), policy);
        Assert.Equal(["also", "read"], (await _h.Inline.ListUserPoliciesAsync("alice", null, null, Ct)).Items);
        await _h.Inline.DeleteUserPolicyAsync("alice", "read", Ct);
        Assert.Equal(["also"], (await _h.Inline.ListUserPoliciesAsync("alice", null, null, Ct)).Items);
    }

    [Fact]
    public async Task PutRolePolicyAsync_SameNameInAnotherCase_ReplacesIt()
    {
        await _h.RoleAsync();
        var other = Allow.Replace("ecs:List*", "ecs:Describe*", StringComparison.Ordinal);

        await _h.Inline.PutRolePolicyAsync("app", "read", Allow, Ct);
        await _h.Inline.PutRolePolicyAsync("app", "Read", other, Ct);

        var (_, policy) = await _h.Inline.GetRolePolicyAsync("app", "read", Ct);
        Assert.Equal(new InlinePolicy("Read", other), policy);
        Assert.Single((await _h.Inline.ListRolePoliciesAsync("app", null, null, Ct)).Items);
    }

    [Fact]
    public async Task PutRolePolicyAsync_Malformed_MalformedPolicyDocument()
    {
        await _h.RoleAsync();

        await Refused(() => _h.Inline.PutRolePolicyAsync("app", "p", "{", Ct), "MalformedPolicyDocument");
    }

    [Fact]
    public async Task PutUserPolicyAsync_CharacterOutsideTheModel_ValidationError()
    {
        await _h.UserAsync();

        await Refused(() => _h.Inline.PutUserPolicyAsync("alice", "p", "{\"Sid\":\"\u4e2d\"}", Ct), "ValidationError", 400, "policyDocument");
    }

    [Fact]
    public async Task PutUserPolicyAsync_PastTheUserQuota_LimitExceeded()
    {
        await _h.UserAsync();
        await _h.Inline.PutUserPolicyAsync("alice", "one", Padded(1500), Ct);

        await Refused(() => _h.Inline.PutUserPolicyAsync("alice", "two", Padded(600), Ct), "LimitExceeded", 409, "2048");
    }

    [Fact]
    public async Task PutRolePolicyAsync_RoleQuotaIsLarger_Accepted()
    {
        await _h.RoleAsync();

        await _h.Inline.PutRolePolicyAsync("app", "one", Padded(5000), Ct);
        await _h.Inline.PutRolePolicyAsync("app", "two", Padded(5000), Ct);

        await Refused(() => _h.Inline.PutRolePolicyAsync("app", "three", Padded(300), Ct), "LimitExceeded", 409, "10240");
    }

    [Fact]
    public async Task GetRolePolicyAsync_Unknown_NoSuchEntity()
    {
        await _h.RoleAsync();

        await Refused(() => _h.Inline.GetRolePolicyAsync("app", "none", Ct), "NoSuchEntity", 404, "The role policy with name none cannot be found.");
        await Refused(() => _h.Inline.DeleteRolePolicyAsync("app", "none", Ct), "NoSuchEntity", 404);
        await Refused(() => _h.Inline.GetRolePolicyAsync("nobody", "none", Ct), "NoSuchEntity", 404, "role with name nobody");
    }

    [Fact]
    public async Task DeleteUserPolicyAsync_Unknown_NoSuchEntity()
    {
        await _h.UserAsync();

        await Refused(() => _h.Inline.DeleteUserPolicyAsync("alice", "none", Ct), "NoSuchEntity", 404, "The user policy with name none cannot be found.");
    }

    [Fact]
    public async Task PutUserPolicyAsync_BadPolicyName_ValidationError()
    {
        await _h.UserAsync();

        await Refused(() => _h.Inline.PutUserPolicyAsync("alice", "no spaces", Allow, Ct), "ValidationError", 400, "policyName");
        await Refused(() => _h.Inline.PutUserPolicyAsync("alice", new string('p', 129), Allow, Ct), "ValidationError", 400, "128");
    }

    /// <summary>A valid document of about <paramref name="size"/> characters that are not white space.</summary>
    internal static string Padded(int size) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Sid":"{{new string('s', size - 90)}}","Effect":"Allow","Action":"ecs:List*","Resource":"*"}]}""";
}
