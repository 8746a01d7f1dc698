using Berth.Kernel.Storage;

namespace Berth.Ssm;

/// <summary>What Parameter Store stores: parameters by normalized name, and every kept version by <c>name#version</c> (scope = name).</summary>
static class SsmKinds
{
    public static readonly ResourceKind<Parameter> Parameters = new(
        "parameters", p => p.Key, _ => null, p => p.Key, p => p.Current.Type, _ => 0, SsmJson.Default.Parameter);

    public static readonly ResourceKind<ParameterVersion> Versions = new(
        "parameter_versions", VersionId, v => v.Key, _ => null, _ => null, v => v.Version, SsmJson.Default.ParameterVersion);

    public static string VersionId(ParameterVersion v) => VersionId(v.Key, v.Version);

    // Parameter names have no '#'.
    public static string VersionId(string key, long version) => $"{key}#{version}";
}
