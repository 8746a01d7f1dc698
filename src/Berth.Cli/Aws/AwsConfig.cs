namespace Berth.Cli.Aws;

/// <summary>What the AWS tools read to choose credentials, endpoint and region: the command line's global flags,
/// the environment, and the files (by path; null when a file is missing).</summary>
sealed record AwsInputs(Func<string, string?> Env, Func<string, string?> ReadFile, string Home,
    string? ProfileFlag = null, string? EndpointFlag = null, string? RegionFlag = null);

/// <summary>
/// The AWS CLI's way of finding credentials, endpoint and region (botocore's order, which the SDKs share), over
/// <see cref="AwsInputs"/> so that it is tested without touching the machine:
/// <list type="bullet">
/// <item>profile: <c>--profile</c>, else AWS_DEFAULT_PROFILE, else AWS_PROFILE, else <c>default</c>; its settings are
/// <c>[profile NAME]</c> (<c>[default]</c>) of the config file overlaid by <c>[NAME]</c> of the credentials file;</item>
/// <item>credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN — unless <c>--profile</c> was given,
/// which skips them, as the AWS CLI does — then the profile's keys in the credentials file, then in the config file;</item>
/// <item>endpoint: <c>--endpoint-url</c>, then (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's
/// <c>ignore_configured_endpoint_urls</c> is true) AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, the profile's
/// <c>services</c> section, the profile's <c>endpoint_url</c>;</item>
/// <item>region: <c>--region</c>, AWS_REGION, AWS_DEFAULT_REGION, the profile's <c>region</c>.</item>
/// </list>
/// Each answer is null when the AWS sources say nothing, so the caller can fall back on Berth's own settings.
/// </summary>
sealed class AwsConfig
{
    readonly AwsInputs _in;
    readonly Dictionary<string, Dictionary<string, string>> _configProfiles = new(StringComparer.Ordinal);
    readonly Dictionary<string, Dictionary<string, string>> _credentialProfiles;
    readonly Dictionary<string, Dictionary<string, string>> _services = new(StringComparer.Ordinal);

    /// <summary>The profile in use and where its name came from (<c>--profile</c>, AWS_PROFILE, …; null for the implicit <c>default</c>).</summary>
    public string ProfileName { get; }
    public string? ProfileSource { get; }
    public string ConfigPath { get; }
    public string CredentialsPath { get; }

    public AwsConfig(AwsInputs inputs)
    {
        _in = inputs;
        ConfigPath = FilePath("AWS_CONFIG_FILE", "config");
        CredentialsPath = FilePath("AWS_SHARED_CREDENTIALS_FILE", "credentials");
        foreach (var (section, values) in Read(ConfigPath))
        {
            // botocore's profile map: [default], [profile NAME] (also [profile default]) and [services NAME]; other sections are not profiles.
            var parts = section.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (section == "default")
                _configProfiles["default"] = values;
            else if (parts is ["profile", var name])
                _configProfiles[name.Trim('"', '\'')] = values;
            else if (parts is ["services", var services])
                _services[services.Trim('"', '\'')] = values;
        }
        _credentialProfiles = Read(CredentialsPath);
        (ProfileName, ProfileSource) =
            NonEmpty(inputs.ProfileFlag) is { } flag ? (flag, "--profile")
            : Env("AWS_DEFAULT_PROFILE") is { } d ? (d, "AWS_DEFAULT_PROFILE")
            : Env("AWS_PROFILE") is { } p ? (p, "AWS_PROFILE")
            : ("default", (string?)null);
    }

    /// <summary>Whether the profile in use is in either file.</summary>
    public bool ProfileExists => _configProfiles.ContainsKey(ProfileName) || _credentialProfiles.ContainsKey(ProfileName);

    /// <summary>
    /// The profile's settings, the credentials file's over the config file's (as botocore merges them); empty for an
    /// absent <c>default</c>. A profile named by <c>--profile</c> or a variable must exist, as the AWS CLI requires.
    /// </summary>
    public IReadOnlyDictionary<string, string> Profile
    {
        get
        {
            if (!ProfileExists && ProfileSource is not null && ProfileName != "default")
                throw new CliException($"The config profile ({ProfileName}) named by {ProfileSource} is in neither {ConfigPath} nor {CredentialsPath}; write it with `berth credentials --profile {ProfileName}`.");
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in new[] { _configProfiles, _credentialProfiles })
            {
                if (source.TryGetValue(ProfileName, out var values))
                {
                    foreach (var (k, v) in values)
                        merged[k] = v;
                }
            }
            return merged;
        }
    }

    /// <summary>The key to sign with from the AWS sources, or null when they have none (and none was asked for by name).</summary>
    public CliCredentials? Credentials()
    {
        if (ProfileSource != "--profile" && FromEnvironment(_in.Env) is { } env)
            return env;
        var profile = Profile;
        foreach (var (file, path) in new[] { (_credentialProfiles, CredentialsPath), (_configProfiles, ConfigPath) })
        {
            if (file.TryGetValue(ProfileName, out var section) && Keys(section, $"profile {ProfileName} ({path})") is { } keys)
                return keys;
        }
        if (new[] { "role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file" }.FirstOrDefault(profile.ContainsKey) is { } other)
            throw new CliException($"Profile {ProfileName} gets its credentials through {other}, which berth does not support: give it aws_access_key_id and aws_secret_access_key (`berth credentials --profile {ProfileName}` writes Berth's root key there).");
        if (ProfileSource is not null)
            throw new CliException($"Profile {ProfileName} (named by {ProfileSource}) has no aws_access_key_id and aws_secret_access_key in {CredentialsPath} or {ConfigPath}; `berth credentials --profile {ProfileName}` writes Berth's root key there.");
        return null;
    }

    /// <summary>AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) when both are set; a half-set pair is an error.</summary>
    public static CliCredentials? FromEnvironment(Func<string, string?> env)
    {
        var id = env("AWS_ACCESS_KEY_ID");
        var secret = env("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(id) && string.IsNullOrEmpty(secret))
            return null;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            throw new CliException($"AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: only {(string.IsNullOrEmpty(id) ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")} is set.");
        return new CliCredentials(id, secret, "AWS_ACCESS_KEY_ID", env("AWS_SESSION_TOKEN") is { Length: > 0 } token ? token : null);
    }

    /// <summary>
    /// The endpoint configured for the service whose botocore service id (snake case: <c>ecs</c>, <c>cloudwatch_logs</c>,
    /// <c>elastic_load_balancing_v2</c>) is <paramref name="serviceId"/>, or null.
    /// </summary>
    public string? Endpoint(string serviceId)
    {
        if (NonEmpty(_in.EndpointFlag) is { } flag)
            return flag;
        var ignore = _in.Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") is { } e
            ? e.Equals("true", StringComparison.OrdinalIgnoreCase)
            : Profile.TryGetValue("ignore_configured_endpoint_urls", out var p) && p.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (ignore)
            return null;
        return Env("AWS_ENDPOINT_URL_" + serviceId.ToUpperInvariant())
            ?? Env("AWS_ENDPOINT_URL")
            ?? ServiceEndpoint(serviceId)
            ?? NonEmpty(Profile.GetValueOrDefault("endpoint_url"));
    }

    /// <summary>The region from the flag, AWS_REGION, AWS_DEFAULT_REGION or the profile, or null.</summary>
    public string? Region() =>
        NonEmpty(_in.RegionFlag) ?? Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? NonEmpty(Profile.GetValueOrDefault("region"));

    /// <summary>As <see cref="Region"/>, but a named profile that does not exist (yet) is passed over rather than an error.</summary>
    public string? RegionIfAny() =>
        NonEmpty(_in.RegionFlag) ?? Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? (ProfileExists ? NonEmpty(Profile.GetValueOrDefault("region")) : null);

    /// <summary>The endpoint_url under the service in the <c>[services NAME]</c> section the profile's <c>services</c> names.</summary>
    string? ServiceEndpoint(string serviceId)
    {
        if (!Profile.TryGetValue("services", out var name))
            return null;
        if (!_services.TryGetValue(name, out var section))
            throw new CliException($"Profile {ProfileName} uses the services section \"{name}\", which {ConfigPath} does not have ([services {name}]).");
        return section.TryGetValue(serviceId.ToLowerInvariant(), out var nested) ? NonEmpty(IniFile.Nested(nested).GetValueOrDefault("endpoint_url")) : null;
    }

    static CliCredentials? Keys(Dictionary<string, string> section, string source)
    {
        var id = NonEmpty(section.GetValueOrDefault("aws_access_key_id"));
        var secret = NonEmpty(section.GetValueOrDefault("aws_secret_access_key"));
        if (id is null && secret is null)
            return null;
        if (id is null || secret is null)
            throw new CliException($"{source} has {(id is null ? "aws_secret_access_key" : "aws_access_key_id")} without {(id is null ? "aws_access_key_id" : "aws_secret_access_key")}.");
        var token = NonEmpty(section.GetValueOrDefault("aws_session_token")) ?? NonEmpty(section.GetValueOrDefault("aws_security_token"));
        return new CliCredentials(id, secret, source, token);
    }

    Dictionary<string, Dictionary<string, string>> Read(string path)
    {
        if (_in.ReadFile(path) is not { } text)
            return new(StringComparer.Ordinal);
        try
        {
            return IniFile.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"{path} {e.Message}.");
        }
    }

    string FilePath(string variable, string name)
    {
        var path = Env(variable) ?? Path.Combine("~", ".aws", name);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? _in.Home + path[1..] : path;
    }

    string? Env(string name) => NonEmpty(_in.Env(name));

    static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
