namespace Berth.Cli;

/// <summary>What to do next, for the errors people meet most; appended to the server's message.</summary>
static class ErrorHints
{
    public static string? For(string errorType) => errorType switch
    {
        "ClusterNotFoundException" => "List clusters with `berth clusters`, or create one with `aws ecs create-cluster --cluster-name NAME`.",
        "ServiceNotFoundException" or "ServiceNotActiveException" => "List services with `berth services --cluster NAME`.",
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "IncompleteSignature" =>
            "Check BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY (or run berth where Berth keeps its data, with BERTH_DATA_DIR).",
        "RepositoryNotFoundException" => "Create it with `aws ecr create-repository --repository-name NAME`.",
        _ => null,
    };

    /// <summary>"Type: message" with the hint for <paramref name="type"/>, if there is one, on the next line.</summary>
    public static string Format(string type, string? message) =>
        For(type) is { } hint ? $"{type}: {message}\n{hint}" : $"{type}: {message}";
}
