using System.Security.Cryptography;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerErrors;

namespace Berth.SecretsManager;

/// <summary>GetRandomPassword: characters drawn uniformly with <see cref="RandomNumberGenerator"/> from the classes asked for.</summary>
static class RandomPasswords
{
    const string Lowercase = "abcdefghijklmnopqrstuvwxyz";
    const string Uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const string Digits = "0123456789";
    const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static string Generate(SecretsManagerRequest r)
    {
        Range(r.PasswordLength, "passwordLength", 1, 4096);
        Length(r.ExcludeCharacters, "excludeCharacters", 0, 4096);
        var length = (int)(r.PasswordLength ?? 32);
        var excluded = (r.ExcludeCharacters ?? "").ToHashSet();
        string Keep(string set) => new([.. set.Where(c => !excluded.Contains(c))]);
        // Each class asked for, less the excluded characters; RequireEachIncludedType wants one of each non-empty class.
        var classes = new List<string>();
        if (r.ExcludeLowercase != true)
            classes.Add(Keep(Lowercase));
        if (r.ExcludeUppercase != true)
            classes.Add(Keep(Uppercase));
        if (r.ExcludeNumbers != true)
            classes.Add(Keep(Digits));
        if (r.ExcludePunctuation != true)
            classes.Add(Keep(Punctuation));
        classes.RemoveAll(c => c.Length == 0);
        var all = string.Concat(classes) + (r.IncludeSpace == true && !excluded.Contains(' ') ? " " : "");
        if (all.Length == 0)
            throw InvalidParameter("The password can't be made: every character is excluded. Allow at least one character class.");
        var requireEach = r.RequireEachIncludedType ?? true;
        if (requireEach && length < classes.Count)
            throw InvalidParameter($"Password length is too short based on the required types: {classes.Count} character types need at least {classes.Count} characters.");
        var password = new char[length];
        var i = 0;
        if (requireEach)
        {
            foreach (var set in classes)
                password[i++] = set[RandomNumberGenerator.GetInt32(set.Length)];
        }
        for (; i < length; i++)
            password[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(password.AsSpan());
        return new string(password);
    }
}
