using System.Security.Cryptography;

namespace Berth.Server;

/// <summary>The signing keys berthd keeps in its data directory, so tokens and cookies it issued outlive a restart.</summary>
static class KeyFiles
{
    /// <summary>The key from <paramref name="file"/>, made (32 random bytes, mode 600) when missing.</summary>
    public static byte[] Load(string file)
    {
        if (File.Exists(file))
            return File.ReadAllBytes(file);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(file, key);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
