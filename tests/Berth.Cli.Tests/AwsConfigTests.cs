using Berth.Cli.Aws;

namespace Berth.Cli.Tests;

/// <summary>The AWS CLI's order for credentials, endpoint and region, over a fake environment and fake files.</summary>
public sealed class AwsConfigTests
{
    const string Home = "/home/u";

    static AwsConfig Config(IDictionary<string, string>? env = null, string? config = null, string? credentials = null,
        string? profile = null, string? endpoint = null, string? region = null, IDictionary<string, string>? files = null)
    {
        var all = new Dictionary<string, string>(files ?? new Dictionary<string, string>());
        if (config is not null)
            all[Home + "/.aws/config"] = config;
        if (credentials is not null)
            all[Home + "/.aws/credentials"] = credentials;
        return new AwsConfig(new AwsInputs(
            name => env is not null && env.TryGetValue(name, out var v) ? v : null,
            path => all.TryGetValue(path, out var text) ? text : null,
            Home, profile, endpoint, region));
    }

    static Dictionary<string, string> Env(params (string Key, string Value)[] vars) => vars.ToDictionary(v => v.Key, v => v.Value);

    static readonly (string, string)[] EnvKeys = [("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "envsecret")];
    const string BerthProfile = "[berth]\naws_access_key_id = AKIABERTH\naws_secret_access_key = berthsecret\n[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = defsecret\n";

    [Fact]
    public void Credentials_NothingAnywhere_IsNull_SoBerthsOwnKeyIsUsed() => Assert.Null(Config().Credentials());

    [Fact]
    public void Credentials_EnvKeys_BeatTheDefaultProfile() =>
        Assert.Equal("AKIAENV", Config(Env(EnvKeys), credentials: BerthProfile).Credentials()!.AccessKeyId);

    [Fact]
    public void Credentials_EnvKeys_BeatAwsProfile_AsTheAwsCliDoes() =>
        Assert.Equal("AKIAENV", Config(Env([.. EnvKeys, ("AWS_PROFILE", "berth")]), credentials: BerthProfile).Credentials()!.AccessKeyId);

    [Fact]
    public void Credentials_ProfileFlag_BeatsEnvKeys_AsTheAwsCliDoes()
    {
        var c = Config(Env(EnvKeys), credentials: BerthProfile, profile: "berth").Credentials()!;
        Assert.Equal(("AKIABERTH", "berthsecret"), (c.AccessKeyId, c.Secret));
        Assert.Equal("profile berth (/home/u/.aws/credentials)", c.Source);
    }

    [Fact]
    public void Credentials_AwsProfile_WithoutEnvKeys_IsUsed() =>
        Assert.Equal("AKIABERTH", Config(Env(("AWS_PROFILE", "berth")), credentials: BerthProfile).Credentials()!.AccessKeyId);

    [Fact]
    public void Credentials_AwsDefaultProfile_ComesBeforeAwsProfile() =>
        Assert.Equal("AKIADEFAULT", Config(Env(("AWS_DEFAULT_PROFILE", "default"), ("AWS_PROFILE", "berth")), credentials: BerthProfile).Credentials()!.AccessKeyId);

    [Fact]
    public void Credentials_NoProfileNamed_UsesDefault() =>
        Assert.Equal("AKIADEFAULT", Config(credentials: BerthProfile).Credentials()!.AccessKeyId);

    [Fact]
    public void Credentials_CredentialsFile_BeatsConfigFile()
    {
        var c = Config(Env(("AWS_PROFILE", "berth")), credentials: BerthProfile,
            config: "[profile berth]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n").Credentials()!;
        Assert.Equal("AKIABERTH", c.AccessKeyId);
    }

    [Fact]
    public void Credentials_KeysInTheConfigFile_UnderProfilePrefix_AreFound()
    {
        var c = Config(Env(("AWS_PROFILE", "dev")), config: "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\naws_session_token = tok\n").Credentials()!;
        Assert.Equal(("AKIACONFIG", "tok", "profile dev (/home/u/.aws/config)"), (c.AccessKeyId, c.SessionToken, c.Source));
    }

    [Fact]
    public void Credentials_ConfigSectionWithoutProfilePrefix_IsNotAProfile() =>
        Assert.Throws<CliException>(() => Config(Env(("AWS_PROFILE", "dev")), config: "[dev]\naws_access_key_id = A\naws_secret_access_key = s\n").Credentials());

    [Fact]
    public void Credentials_SharedFilesElsewhere_ByVariable()
    {
        var c = Config(Env(("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds"), ("AWS_PROFILE", "berth")),
            files: new Dictionary<string, string> { ["/etc/creds"] = BerthProfile }).Credentials()!;
        Assert.Equal("profile berth (/etc/creds)", c.Source);
    }

    [Fact]
    public void Credentials_TildeInTheFileVariable_IsHome() =>
        Assert.Equal("/home/u/x/config", Config(Env(("AWS_CONFIG_FILE", "~/x/config"))).ConfigPath);

    [Fact]
    public void Credentials_NamedProfileMissing_SaysWhereItLookedAndHowToWriteIt()
    {
        var e = Assert.Throws<CliException>(() => Config(Env(("AWS_PROFILE", "berth"))).Credentials());
        Assert.Contains("The config profile (berth) named by AWS_PROFILE is in neither /home/u/.aws/config nor /home/u/.aws/credentials", e.Message);
        Assert.Contains("berth credentials --profile berth", e.Message);
    }

    [Fact]
    public void Credentials_ProfileWithoutKeys_NamedExplicitly_IsAnError_NotASilentFallback() =>
        Assert.Contains("has no aws_access_key_id", Assert.Throws<CliException>(() => Config(config: "[profile r]\nregion = x\n", profile: "r").Credentials()).Message);

    [Fact]
    public void Credentials_DefaultProfileWithoutKeys_FallsThrough() =>
        Assert.Null(Config(config: "[default]\nregion = eu-west-1\n").Credentials());

    [Fact]
    public void Credentials_AssumeRoleProfile_IsRefusedByName() =>
        Assert.Contains("role_arn", Assert.Throws<CliException>(() => Config(config: "[profile r]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n", profile: "r").Credentials()).Message);

    [Fact]
    public void Credentials_HalfAKeyInAProfile_NamesWhatIsMissing() =>
        Assert.Contains("has aws_access_key_id without aws_secret_access_key", Assert.Throws<CliException>(() => Config(credentials: "[default]\naws_access_key_id = A\n").Credentials()).Message);

    [Fact]
    public void Credentials_UnreadableFile_NamesTheFileAndLine() =>
        Assert.Contains("/home/u/.aws/config line 2", Assert.Throws<CliException>(() => Config(config: "[default]\nnonsense\n")).Message);

    [Fact]
    public void Endpoint_Nothing_IsNull_SoBerthEndpointIsUsed() => Assert.Null(Config().Endpoint("ecs"));

    [Fact]
    public void Endpoint_Flag_BeatsEverything() =>
        Assert.Equal("http://flag", Config(Env(("AWS_ENDPOINT_URL_ECS", "http://svc"), ("AWS_ENDPOINT_URL", "http://env")), endpoint: "http://flag").Endpoint("ecs"));

    [Fact]
    public void Endpoint_ServiceVariable_BeatsTheGlobalOne_ForItsServiceOnly()
    {
        var c = Config(Env(("AWS_ENDPOINT_URL_ECS", "http://svc"), ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://logs"), ("AWS_ENDPOINT_URL", "http://env")));
        Assert.Equal(("http://svc", "http://logs", "http://env"), (c.Endpoint("ecs"), c.Endpoint("cloudwatch_logs"), c.Endpoint("ecr")));
    }

    [Fact]
    public void Endpoint_GlobalVariable_BeatsTheProfile() =>
        Assert.Equal("http://env", Config(Env(("AWS_ENDPOINT_URL", "http://env")), config: "[default]\nendpoint_url = http://profile\n").Endpoint("ecs"));

    [Fact]
    public void Endpoint_ProfileServicesSection_BeatsTheProfilesEndpointUrl_ButNotTheGlobalVariable()
    {
        const string config = "[profile b]\nservices = local\nendpoint_url = http://profile\n[services local]\necs =\n  endpoint_url = http://ecs-section\n";
        Assert.Equal("http://ecs-section", Config(config: config, profile: "b").Endpoint("ecs"));
        Assert.Equal("http://profile", Config(config: config, profile: "b").Endpoint("cloudwatch_logs"));
        Assert.Equal("http://env", Config(Env(("AWS_ENDPOINT_URL", "http://env")), config: config, profile: "b").Endpoint("ecs"));
    }

    [Fact]
    public void Endpoint_ServicesSectionMissing_IsAnError() =>
        Assert.Contains("[services gone]", Assert.Throws<CliException>(() => Config(config: "[default]\nservices = gone\n").Endpoint("ecs")).Message);

    [Fact]
    public void Endpoint_FromTheProfileNamedByAwsProfile() =>
        Assert.Equal("http://localhost:4566", Config(Env(("AWS_PROFILE", "berth")), config: "[profile berth]\nendpoint_url = http://localhost:4566\n").Endpoint("ecs"));

    [Fact]
    public void Endpoint_IgnoreConfiguredEndpoints_ByVariable_LeavesOnlyTheFlag()
    {
        var env = Env(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"), ("AWS_ENDPOINT_URL", "http://env"));
        Assert.Null(Config(env, config: "[default]\nendpoint_url = http://profile\n").Endpoint("ecs"));
        Assert.Equal("http://flag", Config(env, endpoint: "http://flag").Endpoint("ecs"));
    }

    [Fact]
    public void Endpoint_IgnoreConfiguredEndpoints_InTheProfile_UnlessTheVariableSaysFalse()
    {
        const string config = "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://profile\n";
        Assert.Null(Config(config: config).Endpoint("ecs"));
        Assert.Equal("http://profile", Config(Env(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")), config: config).Endpoint("ecs"));
    }

    [Fact]
    public void Region_Order_FlagThenAwsRegionThenAwsDefaultRegionThenProfile()
    {
        const string config = "[default]\nregion = from-profile\n";
        var env = Env(("AWS_REGION", "from-region"), ("AWS_DEFAULT_REGION", "from-default"));
        Assert.Equal("from-flag", Config(env, config: config, region: "from-flag").Region());
        Assert.Equal("from-region", Config(env, config: config).Region());
        Assert.Equal("from-default", Config(Env(("AWS_DEFAULT_REGION", "from-default")), config: config).Region());
        Assert.Equal("from-profile", Config(config: config).Region());
        Assert.Null(Config().Region());
    }

    [Fact]
    public void Region_CredentialsFileSettings_OverlayTheConfigFiles() =>
        Assert.Equal("cred-region", Config(config: "[profile b]\nregion = conf-region\n", credentials: "[b]\nregion = cred-region\n", profile: "b").Region());

    [Fact]
    public void RegionIfAny_ProfileNotWrittenYet_IsNotAnError() =>
        Assert.Null(Config(profile: "berth").RegionIfAny());
}
