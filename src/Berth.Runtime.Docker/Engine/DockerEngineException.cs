namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// The engine answered with a non-2xx status, or reported an error inside a 200 progress stream
/// (pull, import, build). <see cref="StatusCode"/> is the HTTP status (200 for in-stream errors) and
/// the message is the engine's <c>message</c> (or <c>error</c>) field.
/// </summary>
public sealed class DockerEngineException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
