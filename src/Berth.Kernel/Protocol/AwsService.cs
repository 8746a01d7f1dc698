namespace Berth.Kernel.Protocol;

/// <summary>
/// How clients reach one AWS service: the name requests are signed for, and each protocol it speaks. A service's
/// operations are defined once (<see cref="ServiceOperations"/>); the edge serves them in every protocol named here.
/// </summary>
public sealed record AwsService
{
    /// <summary>The SigV4 signing name (<c>ecs</c>, <c>monitoring</c>, <c>elasticloadbalancing</c>).</summary>
    public required string SigningName { get; init; }

    /// <summary>AWS JSON 1.0/1.1: the <c>X-Amz-Target</c> prefix (<c>AmazonEC2ContainerServiceV20141113</c>).</summary>
    public string? JsonTargetPrefix { get; init; }

    /// <summary>The Query protocol (or EC2's variant of it, <see cref="QueryService.Ec2"/>): the API version clients send and the XML namespace of the answers.</summary>
    public QueryService? Query { get; init; }

    /// <summary>REST-JSON: the service's operations have HTTP bindings (<see cref="HttpBinding"/>).</summary>
    public bool RestJson { get; init; }

    /// <summary>
    /// awsQueryCompatible services (CloudWatch) answer JSON errors with the model's shape name in <c>__type</c> and the
    /// Query code in <c>x-amzn-query-error</c>: this maps codes to shape names.
    /// </summary>
    public IReadOnlyDictionary<string, string>? QueryErrorShapes { get; init; }

    /// <summary>The code a Query or REST parameter of the wrong type is refused with (the model's name for it).</summary>
    public string InvalidValueCode { get; init; } = "ValidationError";

    /// <summary>The prefix of the service's IAM actions (<c>cloudwatch</c> for the service signed as <c>monitoring</c>).</summary>
    public string? IamPrefix { get; init; }

    /// <summary>
    /// The largest AWS JSON request body the service takes, when larger than the edge's default (1 MiB): ECR's
    /// UploadLayerPart carries up to 20 MiB of layer, base64-encoded.
    /// </summary>
    public int? MaxRequestBytes { get; init; }

    /// <summary>The IAM action an operation is (<c>ecs:RunTask</c>).</summary>
    public string Action(string operation) => $"{IamPrefix ?? SigningName}:{operation}";

    /// <summary>
    /// How the service refuses an unauthorized call: <c>AccessDenied</c> (403) in the Query protocol,
    /// <c>UnauthorizedOperation</c> (403) in EC2's, <c>AccessDeniedException</c> (400) in the JSON ones.
    /// </summary>
    public AwsException AccessDenied(string message) =>
        Query is { Ec2: true } ? new("UnauthorizedOperation", $"You are not authorized to perform this operation. {message}", 403)
        : Query is not null && JsonTargetPrefix is null ? new("AccessDenied", message, 403)
        : new("AccessDeniedException", message, 400);
}
