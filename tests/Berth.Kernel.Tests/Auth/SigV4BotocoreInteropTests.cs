using Berth.Kernel.Auth;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Kernel.Tests.Auth;

/// <summary>
/// Requests as botocore 1.43 (the AWS CLI / boto3 signer) puts them on the wire, signed with SigV4Auth /
/// SigV4QueryAuth, clock frozen at 20150830T123600Z, AKIDEXAMPLE credentials.
/// They pin two wire habits the AWS suite does not cover: botocore sends spaces in query values as '+',
/// and it URI-encodes an already-encoded path once more.
/// </summary>
public sealed class SigV4BotocoreInteropTests
{
    [Fact]
    public void Verify_BotocoreEcsJsonRequest_Succeeds()
    {
        var request = new SigV4Request(
            "POST",
            "/",
            "",
            [
                new("Content-Type", "application/x-amz-json-1.1"),
                new("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"),
                new("X-Amz-Date", "20150830T123600Z"),
                new("Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ecs/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                    + "Signature=72ef431968ce01533229ae66dc760665e3b0498d448583c7bb848a233b3ccb0d"),
                new("Content-Length", "2"),
                new("Host", "ecs.us-east-1.amazonaws.com"),
            ],
            "{}"u8.ToArray());

        var result = Verifier().Verify(request);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("ecs", result.Service);
    }

    [Fact]
    public void Verify_BotocoreRequestWithPlusForSpaceAndEncodedPath_Succeeds()
    {
        var request = new SigV4Request(
            "GET",
            "/clusters/my%20cluster/./x//y/",
            "b=2&a=%E1%88%B4+space%2Bplus&empty=",
            [
                new("X-Amz-Date", "20150830T123600Z"),
                new("Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                    + "Signature=87a1c490f7b3b1b195cdec67aca7056ce5768e0a64febbaab26e5713f2eaa954"),
                new("Host", "example.amazonaws.com"),
            ],
            []);

        var result = Verifier().Verify(request);

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Verify_BotocorePresignedRequest_Succeeds()
    {
        var request = new SigV4Request(
            "GET",
            "/",
            "Action=ListClusters&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fecs%2Faws4_request&X-Amz-Date=20150830T123600Z"
            + "&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=e21692bacbec2c21e155a835f5af9117106ff619488918976adecf1c9543bf8a",
            [new("Host", "ecs.us-east-1.amazonaws.com")],
            []);

        var result = Verifier().Verify(request);

        Assert.True(result.IsSuccess, result.ToString());
    }

    private static SigV4Verifier Verifier() =>
        new(new StaticCredentials((SigV4Vectors.AccessKeyId, SigV4Vectors.Secret)), new FakeTimeProvider(SigV4Vectors.Time));
}
