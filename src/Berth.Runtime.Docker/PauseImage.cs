using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker;

/// <summary>
/// The image of the container that holds a task's network namespace: one static program that sleeps forever.
/// Berth writes that program itself (a minimal ELF) so no image has to be pulled from anywhere.
/// </summary>
static class PauseImage
{
    public const string Repository = "berth/pause";
    public const string Tag = "1";
    public const string Reference = Repository + ":" + Tag;

    public static async Task EnsureAsync(DockerEngine engine, CancellationToken ct)
    {
        if (await engine.Images.InspectAsync(Reference, ct) is not null)
            return;
        using var rootfs = ImageContext.FromFiles([("pause", Program(RuntimeInformation.OSArchitecture), (UnixFileMode)0b111_101_101)]);
        await engine.Images.ImportAsync(rootfs, Repository, Tag, ["CMD [\"/pause\"]"], ct);
    }

    /// <summary>An ELF64 executable with one loadable segment whose code waits in a loop and never returns.</summary>
    public static byte[] Program(Architecture arch)
    {
        var (machine, code) = arch switch
        {
            // loop: mov eax, 34 (pause); syscall; jmp loop
            Architecture.X64 => ((ushort)0x3E, new byte[] { 0xB8, 0x22, 0x00, 0x00, 0x00, 0x0F, 0x05, 0xEB, 0xF7 }),
            // loop: x0..x3 = 0; x8 = 73 (ppoll with no fds, no timeout); svc 0; b loop
            Architecture.Arm64 => ((ushort)0xB7, Words(0xD2800000, 0xD2800001, 0xD2800002, 0xD2800003, 0xD2800928, 0xD4000001, 0x17FFFFFA)),
            _ => throw new PlatformNotSupportedException($"Berth's pause program is not available for {arch}."),
        };
        const ulong Base = 0x400000;
        const int HeaderSize = 64, ProgramHeaderSize = 56;
        var image = new byte[HeaderSize + ProgramHeaderSize + code.Length];
        var s = image.AsSpan();
        s[0] = 0x7F; s[1] = (byte)'E'; s[2] = (byte)'L'; s[3] = (byte)'F';
        s[4] = 2; // 64-bit
        s[5] = 1; // little endian
        s[6] = 1; // ELF version
        BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 2); // executable
        BinaryPrimitives.WriteUInt16LittleEndian(s[18..], machine);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], Base + HeaderSize + ProgramHeaderSize); // entry
        BinaryPrimitives.WriteUInt64LittleEndian(s[32..], HeaderSize); // program header offset
        BinaryPrimitives.WriteUInt16LittleEndian(s[52..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[54..], ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(s[56..], 1); // one program header
        var ph = s[HeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 5); // read + execute
        BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], Base);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], Base);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)image.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], (ulong)image.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 0x1000);
        code.CopyTo(s[(HeaderSize + ProgramHeaderSize)..]);
        return image;
    }

    static byte[] Words(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        return bytes;
    }
}
