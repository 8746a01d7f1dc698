using System.Text.Json.Nodes;
using Berth.Ecs.TaskRole;
using Berth.Kernel.Auth;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>The credentials document in the shape the SDKs' container providers read.</summary>
public sealed class CredentialsDocumentTests
{
    [Fact]
    public void For_HasExactlyTheAgentsFields_ExpirationInIso8601Utc()
    {
        var issued = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.FromHours(2));
        var credential = new Credential("ASIAEXAMPLE000000001", "wJalrXUtnFEMI/K7MDENG", Principal.Root("123456789012"))
        {
            SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE",
            Expiration = issued.AddHours(1).AddMilliseconds(345),
        };

        var doc = CredentialsDocument.For(new HeldCredentials(credential, "arn:aws:iam::123456789012:role/app", issued));

        Assert.Equal(["AccessKeyId", "Expiration", "RoleArn", "SecretAccessKey", "Token"], doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("ASIAEXAMPLE000000001", doc["AccessKeyId"]!.GetValue<string>());
        Assert.Equal("wJalrXUtnFEMI/K7MDENG", doc["SecretAccessKey"]!.GetValue<string>());
        Assert.Equal("IQoJb3JpZ2luX2VjEXAMPLE", doc["Token"]!.GetValue<string>());
        Assert.Equal("2026-12-05T09:00:00Z", doc["Expiration"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::123456789012:role/app", doc["RoleArn"]!.GetValue<string>());
        Assert.All(doc, p => Assert.Equal(System.Text.Json.JsonValueKind.String, p.Value!.GetValueKind()));
    }

    [Fact]
    public void Error_IsTheAgentsCodeAndMessage() =>
        Assert.Equal("""{"code":"InvalidIdInRequest","message":"CredentialsV2Request: ID not found"}""",
            CredentialsDocument.Error("InvalidIdInRequest", "CredentialsV2Request: ID not found").ToJsonString());

    [Fact]
    public void For_ParsesBackAsJson()
    {
        var credential = new Credential("ASIAEXAMPLE000000001", "s\"\\/", Principal.Root("123456789012")) { SessionToken = "t", Expiration = DateTimeOffset.UnixEpoch };

        var text = CredentialsDocument.For(new HeldCredentials(credential, "arn:aws:iam::123456789012:role/app", DateTimeOffset.UnixEpoch)).ToJsonString();

        Assert.Equal("s\"\\/", JsonNode.Parse(text)!["SecretAccessKey"]!.GetValue<string>());
    }
}
