namespace Berth.Cli.Aws;

/// <summary>
/// Writes a named profile as <c>aws configure</c> would: the key in the credentials file's <c>[NAME]</c>, region and
/// endpoint_url in the config file's <c>[profile NAME]</c> (<c>[default]</c> for the default profile). Other profiles,
/// keys and comments stay; both files end up readable by their owner only.
/// </summary>
static class AwsProfileWriter
{
    /// <summary>The two files' new text (pure): <paramref name="credentialsText"/> and <paramref name="configText"/> with the profile set.</summary>
    public static (string Credentials, string Config) Apply(string credentialsText, string configText, string profile,
        string accessKeyId, string secret, string region, string endpoint)
    {
        var credentials = IniFile.Set(credentialsText, [profile],
        [
            new("aws_access_key_id", accessKeyId),
            new("aws_secret_access_key", secret),
            new("aws_session_token", null), // the root key is not temporary: an old token would spoil every signature
            new("aws_security_token", null),
        ]);
        var config = IniFile.Set(configText, profile == "default" ? ["default", "profile default"] : [$"profile {profile}"],
        [
            new("region", region),
            new("endpoint_url", endpoint),
        ]);
        return (credentials, config);
    }

    public static void Write(string credentialsPath, string configPath, string profile, string accessKeyId, string secret, string region, string endpoint)
    {
        var (credentials, config) = Apply(ReadOrEmpty(credentialsPath), ReadOrEmpty(configPath), profile, accessKeyId, secret, region, endpoint);
        Replace(credentialsPath, credentials);
        Replace(configPath, config);
    }

    static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    /// <summary>Writes beside the file and renames over it (through a symbolic link to where it points), mode 600.</summary>
    static void Replace(string path, string text)
    {
        var target = File.Exists(path) && new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } link ? link.FullName : Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(dir))
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(target)}.berth-{Environment.ProcessId}");
        File.WriteAllText(tmp, text);
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, target, overwrite: true);
    }
}
