namespace Berth.Iam.Policy;

/// <summary>
/// ARN matching as IAM does it for Resource entries and the Arn* condition operators: case-sensitive, and when the
/// pattern has all six colon-separated parts each is matched on its own (a <c>*</c> in the region does not run into the
/// account), the last one taking the rest of the ARN (colons included). A pattern with fewer parts (<c>*</c>,
/// <c>arn:aws:s3:::*</c>'s shorter cousins) is matched against the whole string.
/// </summary>
internal static class ArnMatch
{
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal, ReadOnlySpan<char> input)
    {
        Span<int> pc = stackalloc int[5];
        if (!FirstFiveColons(pattern, pc))
            return Wildcard.Match(pattern, literal, input);
        Span<int> ic = stackalloc int[5];
        if (!FirstFiveColons(input, ic))
            return false;
        int ps = 0, ips = 0;
        for (var k = 0; k < 6; k++)
        {
            var pe = k < 5 ? pc[k] : pattern.Length;
            var ie = k < 5 ? ic[k] : input.Length;
            var lit = literal.IsEmpty ? literal : literal[ps..pe];
            if (!Wildcard.Match(pattern[ps..pe], lit, input[ips..ie]))
                return false;
            ps = pe + 1;
            ips = ie + 1;
        }
        return true;
    }

    static bool FirstFiveColons(ReadOnlySpan<char> s, Span<int> at)
    {
        var found = 0;
        for (var i = 0; i < s.Length && found < 5; i++)
        {
            if (s[i] == ':')
                at[found++] = i;
        }
        return found == 5;
    }
}
