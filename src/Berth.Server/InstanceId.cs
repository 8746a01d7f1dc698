namespace Berth.Server;

/// <summary>This installation's identity on the engine, kept in the data directory so a restart adopts its own tasks.</summary>
static class InstanceId
{
    public static string Load(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "instance-id");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } id)
            return id;
        var created = Guid.NewGuid().ToString("N")[..16];
        File.WriteAllText(file, created);
        return created;
    }
}
