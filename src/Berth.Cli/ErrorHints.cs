using System.Text.RegularExpressions;

namespace Berth.Cli;

/// <summary>What to do next, for the errors people meet most; appended to the server's message.</summary>
static partial class ErrorHints
{
    public static string? For(string errorType, CliCredentials? credentials = null) => errorType switch
    {
        "ClusterNotFoundException" => "List clusters with `berth clusters`, or create one with `aws ecs create-cluster --cluster-name NAME`.",
        "ServiceNotFoundException" or "ServiceNotActiveException" => "List services with `berth services --cluster NAME`.",
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "IncompleteSignature" =>
            credentials?.Source switch
            {
                "AWS_ACCESS_KEY_ID" => $"Check AWS_ACCESS_KEY_ID ({credentials.AccessKeyId}) and AWS_SECRET_ACCESS_KEY: berth signs with them when they are set (unset them to use a profile or Berth's root key).",
                { } s when s.StartsWith("profile ", StringComparison.Ordinal) => $"Check the keys of {s}: `berth credentials --profile {s.Split(' ')[1]}` writes Berth's root key there.",
                _ => "Check BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY (or run berth where Berth keeps its data, with BERTH_DATA_DIR).",
            },
        "RepositoryNotFoundException" => "Create it with `aws ecr create-repository --repository-name NAME`.",
        _ => null,
    };

    /// <summary>
    /// "Type: message" with the hint for <paramref name="type"/>, if there is one, on the next line; a refusal by IAM
    /// (AccessDeniedException from JSON services, AccessDenied from Query ones) as one line saying what to ask for.
    /// </summary>
    public static string Format(string type, string? message, CliCredentials? credentials = null)
    {
        if (type is "AccessDeniedException" or "AccessDenied")
            return NotAuthorized(message);
        return For(type, credentials) is { } hint ? $"{type}: {message}\n{hint}" : $"{type}: {message}";
    }

    /// <summary>
    /// <c>not authorized: User: arn:… is not authorized to perform: ecs:RunTask on resource: … — ask for a policy that
    /// allows ecs:RunTask</c> (or, when a policy denies it explicitly, that the deny be lifted).
    /// </summary>
    public static string NotAuthorized(string? message)
    {
        var text = string.IsNullOrWhiteSpace(message) ? "the request was refused" : string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (ActionOf().Match(text) is not { Success: true } m)
            return $"not authorized: {text}";
        var action = m.Groups[1].Value;
        return text.Contains("explicit deny", StringComparison.Ordinal)
            ? $"not authorized: {text} — a policy denies {action} explicitly; ask for that deny to be lifted"
            : $"not authorized: {text} — ask for a policy that allows {action}";
    }

    [GeneratedRegex(@"to perform: ([A-Za-z0-9-]+:[A-Za-z0-9*]+)")]
    private static partial Regex ActionOf();
}
