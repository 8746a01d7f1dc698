using System.Collections.Concurrent;
using System.Net;
using Berth.Kernel.Auth;
using static Berth.Ecr.Registry.Tests.RegistryClient;

namespace Berth.Ecr.Registry.Tests;

/// <summary>Each /v2/ request is authorized as the principal its token was issued to, with ECR's action for it.</summary>
public sealed class AuthorizationTests
{
    static readonly Principal Reader = new()
    {
        Arn = "arn:aws:iam::123456789012:user/reader",
        Kind = PrincipalKind.User,
        AccountId = "123456789012",
        UserId = "AIDAREADER",
        Name = "reader",
    };

    /// <summary>A decision made on the action alone: the reader may pull, nothing else; every question is recorded.</summary>
    sealed class PullOnly : IAuthorizer
    {
        public ConcurrentQueue<(Principal Principal, AccessRequest Request)> Asked { get; } = new();

        public ValueTask<AccessDecision> AuthorizeAsync(Principal principal, AccessRequest request, CancellationToken ct)
        {
            Asked.Enqueue((principal, request));
            var allowed = principal.IsRoot || request.Action is "ecr:BatchGetImage" or "ecr:GetDownloadUrlForLayer";
            return ValueTask.FromResult(allowed ? AccessDecision.Allow : new AccessDecision(false, $"User: {principal.Arn} is not authorized to perform: {request.Action}"));
        }
    }

    [Fact]
    public async Task Reader_PullsButCannotPush_Denied403WithTheMessage()
    {
        var authorizer = new PullOnly();
        await using var host = await RegistryHost.StartAsync(authorizer: authorizer);
        await host.CreateRepositoryAsync("app");
        var digest = await host.Client.PushImageAsync("app", "v1", "layer"); // as the account
        using var reader = host.NewClient("AWS", host.Tokens.Issue(Reader).Token);

        using var pulled = await reader.GetAsync("/v2/app/manifests/v1");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        using var push = await reader.PostAsync("/v2/app/blobs/uploads/", null);
        await AssertErrorAsync(push, HttpStatusCode.Forbidden, "DENIED");
        Assert.Contains("is not authorized to perform: ecr:InitiateLayerUpload", await push.Content.ReadAsStringAsync());
        using var delete = await reader.DeleteAsync($"/v2/app/manifests/{digest}");
        await AssertErrorAsync(delete, HttpStatusCode.Forbidden, "DENIED");

        var asked = authorizer.Asked.Where(a => a.Principal.Arn == Reader.Arn).Select(a => (a.Request.Action, Resource: Assert.Single(a.Request.Resources))).ToList();
        Assert.Equal(
            [("ecr:BatchGetImage", "arn:aws:ecr:us-east-1:123456789012:repository/app"), ("ecr:InitiateLayerUpload", "arn:aws:ecr:us-east-1:123456789012:repository/app"),
             ("ecr:BatchDeleteImage", "arn:aws:ecr:us-east-1:123456789012:repository/app")],
            asked);
    }

    [Fact]
    public void Token_CarriesItsPrincipal_AndATamperedOneIsNothing()
    {
        var tokens = new RegistryTokens(new byte[32], TimeProvider.System);
        var token = tokens.Issue(Reader).Token;

        Assert.Equal(Reader, tokens.Validate("AWS", token));
        var dot = token.IndexOf('.');
        Assert.Null(tokens.Validate("AWS", token[..(dot - 2)] + "AA" + token[dot..]));
        Assert.Null(tokens.Validate("AWS", new RegistryTokens(new byte[32].Select(_ => (byte)1).ToArray(), TimeProvider.System).Issue(Reader).Token));
    }
}
