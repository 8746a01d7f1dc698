using System.Text;
using System.Xml.Linq;
using Berth.Iam.Api;
using Berth.Kernel.Auth;
using Berth.Kernel.Protocol;
using Berth.Server.Edge;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Iam.Tests.Api;

/// <summary>The IAM API through the edge's Query endpoint, signed with SigV4 — by root, and by the keys IAM hands out.</summary>
public sealed class IamEdgeTests : IDisposable
{
    const string RootKey = "AKIDROOTIAMTEST";
    const string RootSecret = "root-secret";
    static readonly XNamespace X = "https://iam.amazonaws.com/doc/2010-05-08/";

    readonly IamHarness _h = new();
    readonly QueryEndpoint _endpoint;

    public IamEdgeTests()
    {
        var catalog = new OperationCatalog();
        IamOperations.Register(catalog.For(IamOperations.Service), new IamServices(_h.Users, _h.AccessKeys, _h.Roles, _h.LinkedRoles, _h.Inline,
            _h.Policies, _h.Attachments, _h.Details));
        var credentials = new CredentialLookup([new Root(), _h.Credentials]);
        _endpoint = new QueryEndpoint(ProtocolTables.Build(catalog, new AllowAll()).Query, new SigV4Verifier(credentials, _h.Clock), NullLogger<QueryEndpoint>.Instance);
    }

    public void Dispose() => _h.Dispose();

    sealed class Root : ICredentialSource
    {
        public Credential? Find(string accessKeyId) =>
            accessKeyId == RootKey ? new Credential(RootKey, RootSecret, Principal.Root(IamHarness.Account)) : null;
    }

    async Task<(int Status, XElement Root)> Send(string form, string key = RootKey, string secret = RootSecret, string service = "iam")
    {
        var body = Encoding.UTF8.GetBytes(form + "&Version=2010-05-08");
        var request = new SigV4Request("POST", "/", "", [new("Host", "localhost:4566"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body);
        var http = EdgeRequests.Post(EdgeRequests.Signed(request, key, secret, service, _h.Clock));
        await _endpoint.HandleAsync(http);
        return (http.Response.StatusCode, XDocument.Parse(EdgeRequests.ResponseText(http)).Root!);
    }

    static string Code(XElement root) => root.Element(X + "Error")!.Element(X + "Code")!.Value;

    static string Form(string value) => Uri.EscapeDataString(value);

    [Fact]
    public async Task CreateAccessKey_NewKey_SignsUntilMadeInactiveOrDeleted()
    {
        await Send("Action=CreateUser&UserName=alice");
        var (status, created) = await Send("Action=CreateAccessKey&UserName=alice");
        Assert.Equal(200, status);
        var key = created.Element(X + "CreateAccessKeyResult")!.Element(X + "AccessKey")!;
        var id = key.Element(X + "AccessKeyId")!.Value;
        var secret = key.Element(X + "SecretAccessKey")!.Value;
        Assert.Equal("Active", key.Element(X + "Status")!.Value);

        Assert.Equal(200, (await Send("Action=ListUsers", id, secret)).Status);

        await Send($"Action=UpdateAccessKey&UserName=alice&AccessKeyId={id}&Status=Inactive");
        var (inactive, refused) = await Send("Action=ListUsers", id, secret);
        Assert.Equal(403, inactive);
        Assert.Equal("InvalidClientTokenId", Code(refused));

        await Send($"Action=UpdateAccessKey&UserName=alice&AccessKeyId={id}&Status=Active");
        Assert.Equal(200, (await Send("Action=ListUsers", id, secret)).Status);

        await Send($"Action=DeleteAccessKey&UserName=alice&AccessKeyId={id}");
        Assert.Equal(403, (await Send("Action=ListUsers", id, secret)).Status);
    }

    [Fact]
    public async Task GetRole_TrustPolicy_UrlEncodedAsIamReturnsIt()
    {
        var (status, _) = await Send($"Action=CreateRole&RoleName=app&AssumeRolePolicyDocument={Form(IamHarness.Trust)}&Tags.member.1.Key=team&Tags.member.1.Value=core");
        Assert.Equal(200, status);

        var (_, got) = await Send("Action=GetRole&RoleName=app");

        var role = got.Element(X + "GetRoleResult")!.Element(X + "Role")!;
        var document = role.Element(X + "AssumeRolePolicyDocument")!.Value;
        Assert.StartsWith("%7B%22Version%22%3A%222012-10-17%22", document, StringComparison.Ordinal);
        Assert.Equal(IamHarness.Trust, Uri.UnescapeDataString(document));
        Assert.Equal("team", role.Element(X + "Tags")!.Element(X + "member")!.Element(X + "Key")!.Value);
        Assert.NotNull(role.Element(X + "RoleLastUsed"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", role.Element(X + "CreateDate")!.Value);
    }

    [Fact]
    public async Task Errors_IamNamespaceCodesAndModelStatuses()
    {
        var (missing, notFound) = await Send("Action=GetUser&UserName=nobody");
        await Send("Action=CreateUser&UserName=alice");
        var (conflict, exists) = await Send("Action=CreateUser&UserName=alice");
        var (invalid, badType) = await Send("Action=ListUsers&MaxItems=many");
        var (bad, malformed) = await Send($"Action=CreateRole&RoleName=r&AssumeRolePolicyDocument={Form("{nope")}");

        Assert.Equal((404, "NoSuchEntity"), (missing, Code(notFound)));
        Assert.Equal("Sender", notFound.Element(X + "Error")!.Element(X + "Type")!.Value);
        Assert.Equal((409, "EntityAlreadyExists"), (conflict, Code(exists)));
        Assert.Equal((400, "ValidationError"), (invalid, Code(badType)));
        Assert.Equal((400, "MalformedPolicyDocument"), (bad, Code(malformed)));
    }

    [Fact]
    public async Task ListUsers_MaxItems_IsTruncatedAndMarker()
    {
        await Send("Action=CreateUser&UserName=a");
        await Send("Action=CreateUser&UserName=b");

        var (_, first) = await Send("Action=ListUsers&MaxItems=1");
        var result = first.Element(X + "ListUsersResult")!;
        var marker = result.Element(X + "Marker")!.Value;
        var (_, second) = await Send($"Action=ListUsers&MaxItems=1&Marker={Form(marker)}");

        Assert.Equal("true", result.Element(X + "IsTruncated")!.Value);
        Assert.Equal("a", result.Element(X + "Users")!.Element(X + "member")!.Element(X + "UserName")!.Value);
        var rest = second.Element(X + "ListUsersResult")!;
        Assert.Equal("false", rest.Element(X + "IsTruncated")!.Value);
        Assert.Null(rest.Element(X + "Marker"));
        Assert.Equal("b", rest.Element(X + "Users")!.Element(X + "member")!.Element(X + "UserName")!.Value);
    }

    [Fact]
    public async Task ListInstanceProfilesForRole_Role_EmptyList()
    {
        await Send($"Action=CreateRole&RoleName=app&AssumeRolePolicyDocument={Form(IamHarness.Trust)}");

        var (status, root) = await Send("Action=ListInstanceProfilesForRole&RoleName=app");

        Assert.Equal(200, status);
        var result = root.Element(X + "ListInstanceProfilesForRoleResult")!;
        Assert.Empty(result.Element(X + "InstanceProfiles")!.Elements());
        Assert.Equal("false", result.Element(X + "IsTruncated")!.Value);
    }

    [Fact]
    public async Task Request_SignedForAnotherService_SignatureDoesNotMatch()
    {
        var (status, root) = await Send("Action=ListUsers", service: "ecs");

        Assert.Equal(403, status);
        Assert.Equal("SignatureDoesNotMatch", Code(root));
    }
}
