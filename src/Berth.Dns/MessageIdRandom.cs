using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ARSoft.Tools.Net.Dns;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Security;

namespace Berth.Dns;

/// <summary>
/// ARSoft gives every message it constructs a random id from one BouncyCastle <see cref="SecureRandom"/> over
/// <see cref="RandomNumberGenerator"/>: a call into OpenSSL (a lock, a getpid) for four bytes, twice per query (the
/// parsed query, the response), whose ids are overwritten at once — about a tenth of the resolver's CPU under load
/// (perf). Installed, that SecureRandom draws the same generator's bytes a block at a time instead. The ids stay
/// cryptographically random, which matters: ARSoft's client keeps the id of a forwarded question when it is not 0.
/// </summary>
internal sealed class MessageIdRandom : IRandomGenerator
{
    const int BlockSize = 4096;

    [ThreadStatic]
    static byte[]? t_block;

    [ThreadStatic]
    static int t_used;

    static int s_installed;

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "_secureRandom")]
    static extern ref SecureRandom MessageRandom(DnsMessageBase? message);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "generator")]
    static extern ref IRandomGenerator Generator(SecureRandom random);

    static long s_blocks;

    /// <summary>Blocks drawn from <see cref="RandomNumberGenerator"/> so far (for tests: installed means ARSoft draws from here).</summary>
    public static long Blocks => Interlocked.Read(ref s_blocks);

    /// <summary>Once per process; a library version without these fields keeps its own generator (and the tests say so).</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref s_installed, 1) != 0)
            return;
        try
        {
            Generator(MessageRandom(null)) = new MessageIdRandom();
        }
        catch (MissingMemberException)
        {
            // ARSoft or BouncyCastle changed: slower, not wrong.
        }
    }

    public void NextBytes(byte[] bytes) => NextBytes(bytes.AsSpan());

    public void NextBytes(byte[] bytes, int start, int len) => NextBytes(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var block = t_block ??= new byte[BlockSize];
            if (t_used == 0 || t_used == BlockSize)
            {
                RandomNumberGenerator.Fill(block);
                Interlocked.Increment(ref s_blocks);
                t_used = 0;
            }
            var n = Math.Min(bytes.Length, BlockSize - t_used);
            block.AsSpan(t_used, n).CopyTo(bytes);
            block.AsSpan(t_used, n).Clear(); // bytes handed out are not kept
            t_used += n;
            bytes = bytes[n..];
        }
    }

    // The operating system's generator needs no seed (BouncyCastle's CryptoApiRandomGenerator ignores it too).
    public void AddSeedMaterial(byte[] seed) { }

    public void AddSeedMaterial(ReadOnlySpan<byte> seed) { }

    public void AddSeedMaterial(long seed) { }
}
