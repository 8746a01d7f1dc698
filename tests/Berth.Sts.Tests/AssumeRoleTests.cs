using Berth.Kernel.Auth;
using Berth.Sts.Api;
using static Berth.Sts.Tests.StsHarness;

namespace Berth.Sts.Tests;

public sealed class AssumeRoleTests : IDisposable
{
    readonly StsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task AssumeRole_TrustNamesUser_SessionWithAssumedRoleArnAndCredentials()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn), path: "/team/");

        var assumed = await _h.AssumeAsync(alice, role.Arn, "ci-run");

        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/deploy/ci-run", assumed.Arn);
        Assert.Equal($"{role.RoleId}:ci-run", assumed.AssumedRoleId);
        var c = assumed.Credentials;
        Assert.Matches("^ASIA[A-Z2-7]{16}$", c.AccessKeyId);
        Assert.Equal(40, c.SecretAccessKey.Length);
        Assert.False(string.IsNullOrEmpty(c.SessionToken));
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(3600), c.Expiration);
        Assert.Equal(PrincipalKind.AssumedRole, c.Principal.Kind);
        Assert.Equal(role.Arn, c.Principal.RoleArn);
        Assert.True(c.Principal.IsTemporary);
        Assert.Equal(c, _h.Sessions.Find(c.AccessKeyId));
    }

    [Fact]
    public async Task AssumeRole_StoredSession_SecretAndTokenSealed()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));

        var c = (await _h.AssumeAsync(alice, role.Arn)).Credentials;

        var stored = (await _h.Store.GetAsync(StsKinds.Sessions, c.AccessKeyId, Ct))!.Value;
        Assert.DoesNotContain(c.SecretAccessKey, stored.SealedSecret, StringComparison.Ordinal);
        Assert.NotEqual(c.SessionToken, stored.SealedToken);
        Assert.Equal(c.SecretAccessKey, _h.Cipher.Open(c.AccessKeyId, "secret", stored.SealedSecret));
        Assert.Null(_h.Cipher.Open("ASIAOTHERSESSION0000", "secret", stored.SealedSecret));
        Assert.Equal(alice.Arn, stored.IssuedTo);
    }

    [Fact]
    public async Task AssumeRole_Root_RefusedAsStsDoes()
    {
        var role = await _h.RoleAsync("deploy", Trust($$"""{"AWS":"arn:aws:iam::{{Account}}:root"}"""));

        await Refused(() => _h.AssumeAsync(Root, role.Arn), "AccessDenied", 403, "Roles may not be assumed by root accounts.");
        Assert.Equal(0, await _h.SessionCountAsync());
    }

    [Fact]
    public async Task AssumeRole_TrustNamesSomeoneElse_AccessDeniedWithAwsMessage()
    {
        var alice = await _h.UserAsync();
        var bob = await _h.UserAsync("bob");
        var role = await _h.RoleAsync("y", TrustUser(bob.Arn));

        var e = await Refused(() => _h.AssumeAsync(alice, role.Arn), "AccessDenied", 403);

        Assert.Equal($"User: {alice.Arn} is not authorized to perform: sts:AssumeRole on resource: {role.Arn}", e.Message);
        Assert.Equal(0, await _h.SessionCountAsync());
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/missing")]
    [InlineData("arn:aws:iam::210987654321:role/deploy")]
    [InlineData("arn:aws:iam::123456789012:role/other/deploy")]
    public async Task AssumeRole_NoSuchRoleInAccount_SameAccessDeniedAsATrustRefusal(string arn)
    {
        var alice = await _h.UserAsync();
        await _h.RoleAsync("deploy", TrustUser(alice.Arn));

        var e = await Refused(() => _h.AssumeAsync(alice, arn), "AccessDenied", 403);

        Assert.Equal($"User: {alice.Arn} is not authorized to perform: sts:AssumeRole on resource: {arn}", e.Message);
    }

    [Fact]
    public async Task AssumeRole_TrustNamesAccount_LeftToTheEdgesIdentityCheck()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", Trust($$"""{"AWS":"{{Account}}"}"""));

        Assert.NotNull(await _h.AssumeAsync(alice, role.Arn));
    }

    [Fact]
    public async Task AssumeRole_ExplicitDenyInTrust_Refused()
    {
        var alice = await _h.UserAsync();
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{Account}}"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"AWS":"{{alice.Arn}}"},"Action":"sts:AssumeRole"}]}""";
        var role = await _h.RoleAsync("deploy", trust);

        await Refused(() => _h.AssumeAsync(alice, role.Arn), "AccessDenied", 403);
    }

    [Fact]
    public async Task AssumeRole_ExternalIdCondition_OnlyTheRightIdOpens()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("vendor", Trust($$"""{"AWS":"{{alice.Arn}}"}""", """ "Condition":{"StringEquals":{"sts:ExternalId":"Unique-42"}}"""));

        await Refused(() => _h.AssumeAsync(alice, role.Arn), "AccessDenied", 403);
        await Refused(() => _h.AssumeAsync(alice, role.Arn, externalId: "Unique-43"), "AccessDenied", 403);
        Assert.NotNull(await _h.AssumeAsync(alice, role.Arn, externalId: "Unique-42"));
    }

    [Fact]
    public async Task AssumeRole_PrincipalTagAndSessionNameConditions_ReadTheCallersTagsAndSessionName()
    {
        var alice = await _h.UserAsync("alice", ("team", "core"));
        var bob = await _h.UserAsync("bob", ("team", "web"));
        var role = await _h.RoleAsync("core", Trust($$"""{"AWS":"{{Account}}"}""",
            """ "Condition":{"StringEquals":{"aws:PrincipalTag/team":"core"},"StringLike":{"sts:RoleSessionName":"ci-*"}}"""));

        Assert.NotNull(await _h.AssumeAsync(alice, role.Arn, "ci-1"));
        await Refused(() => _h.AssumeAsync(alice, role.Arn, "manual"), "AccessDenied", 403);
        await Refused(() => _h.AssumeAsync(bob, role.Arn, "ci-1"), "AccessDenied", 403);
    }

    [Fact]
    public async Task AssumeRole_RoleChaining_SessionOfOneRoleAssumesAnotherForAnHourAtMost()
    {
        var alice = await _h.UserAsync();
        var first = await _h.RoleAsync("first", TrustUser(alice.Arn));
        var second = await _h.RoleAsync("second", Trust($$"""{"AWS":"{{first.Arn}}"}"""), maxSessionDuration: 7200);
        var session = (await _h.AssumeAsync(alice, first.Arn)).Credentials.Principal;

        var e = await Refused(() => _h.AssumeAsync(session, second.Arn, duration: 3601), "ValidationError");
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", e.Message);
        var chained = await _h.AssumeAsync(session, second.Arn, "hop");

        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/second/hop", chained.Arn);
    }

    [Fact]
    public async Task AssumeRole_Durations_ModelRangeThenRolesMaximum()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));
        var longRole = await _h.RoleAsync("long", TrustUser(alice.Arn), maxSessionDuration: 43200);

        var low = await Refused(() => _h.AssumeAsync(alice, role.Arn, duration: 899), "ValidationError");
        var high = await Refused(() => _h.AssumeAsync(alice, longRole.Arn, duration: 43201), "ValidationError");
        var overRole = await Refused(() => _h.AssumeAsync(alice, role.Arn, duration: 3601), "ValidationError");
        var shortest = await _h.AssumeAsync(alice, role.Arn, duration: 900);
        var longest = await _h.AssumeAsync(alice, longRole.Arn, duration: 43200);

        Assert.Equal("1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", low.Message);
        Assert.Equal("1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200", high.Message);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", overRole.Message);
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(900), shortest.Credentials.Expiration);
        Assert.Equal(_h.Clock.GetUtcNow().AddHours(12), longest.Credentials.Expiration);
        Assert.Equal(2, await _h.SessionCountAsync());
    }

    [Theory]
    [InlineData("a", "Member must have length greater than or equal to 2")]
    [InlineData("has space", @"Member must satisfy regular expression pattern: [\w+=,.@-]*")]
    [InlineData("slash/name", @"Member must satisfy regular expression pattern: [\w+=,.@-]*")]
    public async Task AssumeRole_BadSessionName_ValidationErrorAsStsWritesIt(string name, string constraint)
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));

        var e = await Refused(() => _h.AssumeAsync(alice, role.Arn, name), "ValidationError");

        Assert.Equal($"1 validation error detected: Value '{name}' at 'roleSessionName' failed to satisfy constraint: {constraint}", e.Message);
    }

    [Fact]
    public async Task AssumeRole_SessionNameLengths_TwoAndSixtyFourAcceptedSixtyFiveNot()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));

        Assert.NotNull(await _h.AssumeAsync(alice, role.Arn, "ab"));
        Assert.NotNull(await _h.AssumeAsync(alice, role.Arn, new string('x', 60) + "+=,.@-"[..4]));
        await Refused(() => _h.AssumeAsync(alice, role.Arn, new string('x', 65)), "ValidationError", fragment: "Member must have length less than or equal to 64");
    }

    [Fact]
    public async Task AssumeRole_MissingMembers_AllReportedAtOnce()
    {
        var alice = await _h.UserAsync();

        var e = await Refused(() => _h.Sts.AssumeRoleAsync(alice, new AssumeRoleInput(), Ct), "ValidationError");

        Assert.Equal("2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; "
            + "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null", e.Message);
    }

    [Theory]
    [InlineData("not-a-role-arn-at-all")]
    [InlineData("arn:aws:iam::123456789012:user/alice")]
    [InlineData("arn:aws:s3:::bucket-name-here")]
    public async Task AssumeRole_NotARoleArn_Invalid(string arn)
    {
        var alice = await _h.UserAsync();

        var e = await Refused(() => _h.AssumeAsync(alice, arn), "ValidationError");

        Assert.Equal($"{arn} is invalid", e.Message);
    }

    public static TheoryData<string, AssumeRoleInput> Unsupported => new()
    {
        { "Policy", new AssumeRoleInput { Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""" } },
        { "PolicyArns", new AssumeRoleInput { PolicyArns = [new PolicyDescriptorInput { Arn = "arn:aws:iam::aws:policy/ReadOnlyAccess" }] } },
        { "Tags", new AssumeRoleInput { Tags = [new SessionTagInput { Key = "team", Value = "core" }] } },
        { "TransitiveTagKeys", new AssumeRoleInput { TransitiveTagKeys = ["team"] } },
        { "SerialNumber", new AssumeRoleInput { SerialNumber = "arn:aws:iam::123456789012:mfa/alice", TokenCode = "123456" } },
        { "TokenCode", new AssumeRoleInput { TokenCode = "123456" } },
        { "SourceIdentity", new AssumeRoleInput { SourceIdentity = "alice" } },
        { "ProvidedContexts", new AssumeRoleInput { ProvidedContexts = [new ProvidedContextInput { ProviderArn = "arn:aws:iam::aws:contextProvider/IdentityCenter", ContextAssertion = "x" }] } },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public async Task AssumeRole_UnsupportedParameter_RefusedByNameNothingStored(string parameter, AssumeRoleInput input)
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));

        var e = await Refused(() => _h.Sts.AssumeRoleAsync(alice, input with { RoleArn = role.Arn, RoleSessionName = "s" + "1" }, Ct), "ValidationError");

        Assert.StartsWith($"The {parameter} parameter is not supported by Berth", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _h.SessionCountAsync());
    }

    [Fact]
    public async Task AssumeRole_BadExternalId_ModelConstraint()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));

        await Refused(() => _h.AssumeAsync(alice, role.Arn, externalId: "x"), "ValidationError", fragment: "at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2");
        await Refused(() => _h.AssumeAsync(alice, role.Arn, externalId: "bad id"), "ValidationError", fragment: @"Member must satisfy regular expression pattern: [\w+=,.@:\/-]*");
    }

    [Fact]
    public async Task AssumeRole_RoleDeletedAfterwards_SessionStillResolvesAndNothingBreaks()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));
        var c = (await _h.AssumeAsync(alice, role.Arn)).Credentials;

        await _h.Roles.DeleteAsync("deploy", Ct);
        await _h.Sessions.SweepAsync(Ct);

        var found = _h.Sessions.Find(c.AccessKeyId);
        Assert.NotNull(found);
        Assert.Equal(c.Principal.Arn, StsService.CallerIdentity(found.Principal).Arn);
        await Refused(() => _h.AssumeAsync(found.Principal, role.Arn), "AccessDenied", 403);
    }
}
