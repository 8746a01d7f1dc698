using System.Text;

namespace Berth.Compose.Values;

/// <summary>Splits a shell-form command ("sh -c 'echo hi'") into words, as compose does (POSIX quoting, no expansion).</summary>
public static class ShellWords
{
    /// <summary>The words, or null when a quote is not closed.</summary>
    public static List<string>? Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                    return null;
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    // Inside double quotes a backslash escapes only $ ` " \ and a newline.
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                        i++;
                    word.Append(text[i]);
                    i++;
                }
                if (i >= text.Length)
                    return null;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }
}
