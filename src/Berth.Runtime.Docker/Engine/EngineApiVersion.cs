using System.Globalization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// A Docker Engine API version (1.41, 1.51, ...): the path prefix of every request (<c>/v1.51/containers/json</c>).
/// Berth speaks <see cref="Oldest"/> through <see cref="Newest"/>; the bodies it sends and reads are the same across
/// that range but for what <see cref="ContainerCreateRequest.ForApi"/> and the network create body adjust.
/// </summary>
public readonly record struct EngineApiVersion(int Major, int Minor) : IComparable<EngineApiVersion>
{
    /// <summary>Docker 20.10 (Debian 12's docker.io).</summary>
    public static readonly EngineApiVersion Oldest = new(1, 41);

    /// <summary>Docker 28.3+.</summary>
    public static readonly EngineApiVersion Newest = new(1, 51);

    /// <summary>The first version that takes a MAC address per endpoint and deprecates the container-wide one.</summary>
    public static readonly EngineApiVersion EndpointMacAddress = new(1, 44);

    /// <summary>"v1.51", the first segment of a versioned path.</summary>
    public string PathSegment => "v" + this;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public int CompareTo(EngineApiVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(EngineApiVersion a, EngineApiVersion b) => a.CompareTo(b) >= 0;

    /// <summary>"1.44" → 1.44; null for anything else (the engine writes "major.minor").</summary>
    public static EngineApiVersion? Parse(string? text)
    {
        var parts = (text ?? "").Trim().Split('.');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? new EngineApiVersion(major, minor)
            : null;
    }

    /// <summary>
    /// The highest version both Berth and an engine reporting <paramref name="engineMinimum"/> …
    /// <paramref name="engineMaximum"/> (its <c>GET /version</c> MinAPIVersion and ApiVersion) speak, or why there is none.
    /// An engine that does not say its minimum is taken to accept anything up to its maximum (engines have said it since 1.24).
    /// </summary>
    public static EngineApiNegotiation Negotiate(string? engineMinimum, string? engineMaximum)
    {
        if (Parse(engineMaximum) is not { } max)
            return EngineApiNegotiation.Refused($"The Docker engine reported no usable API version (ApiVersion \"{engineMaximum}\"); Berth speaks Engine API {Oldest} to {Newest}.");
        var min = Parse(engineMinimum) ?? new EngineApiVersion(1, 0);
        var chosen = max < Newest ? max : Newest;
        if (chosen >= Oldest && chosen >= min)
            return EngineApiNegotiation.Agreed(chosen);
        var engineRange = Parse(engineMinimum) is null ? $"up to {max}" : $"{min} to {max}";
        var advice = max < Oldest
            ? $"upgrade the engine to one that speaks API {Oldest} or later (Docker 20.10 or later)"
            : $"this engine is newer than this Berth: upgrade Berth, or run an engine that still speaks API {Newest} or earlier";
        return EngineApiNegotiation.Refused(
            $"The Docker engine speaks Engine API {engineRange} and Berth speaks {Oldest} to {Newest}: no version in common; {advice}.");
    }
}

/// <summary>The outcome of <see cref="EngineApiVersion.Negotiate"/>: a version, or the reason there is none.</summary>
public sealed record EngineApiNegotiation(EngineApiVersion? Version, string? Error)
{
    public static EngineApiNegotiation Agreed(EngineApiVersion version) => new(version, null);

    public static EngineApiNegotiation Refused(string error) => new(null, error);
}

/// <summary>The engine and Berth share no Engine API version; the message names both ranges.</summary>
public sealed class EngineApiVersionException(string message) : Exception(message);
