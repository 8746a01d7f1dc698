using Berth.Kernel.Storage;

namespace Berth.Sts;

/// <summary>
/// Which stored sessions to keep and which to delete. An expired session is kept for <see cref="Grace"/> after it expires,
/// so a client still signing with it is told ExpiredTokenException (as AWS tells it) rather than that the key is unknown;
/// after that it is deleted.
/// </summary>
public static class SessionSweep
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public static (IReadOnlyList<StsSession> Keep, IReadOnlyList<Stored<StsSession>> Delete) Decide(IReadOnlyList<Stored<StsSession>> sessions, DateTimeOffset now)
    {
        var keep = new List<StsSession>(sessions.Count);
        var delete = new List<Stored<StsSession>>();
        foreach (var s in sessions)
        {
            if (now >= s.Value.Expiration + Grace)
                delete.Add(s);
            else
                keep.Add(s.Value);
        }
        return (keep, delete);
    }
}
