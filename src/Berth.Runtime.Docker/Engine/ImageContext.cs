using System.Formats.Tar;
using System.Text;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// Builds an uncompressed tar in memory: a build context for <see cref="ImagesApi.BuildAsync"/>
/// or a root filesystem for <see cref="ImagesApi.ImportAsync"/>. Entries get a fixed modification
/// time and root ownership so that identical inputs give identical tars (and build-cache hits).
/// </summary>
public sealed class ImageContext
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly List<TarEntry> _entries = [];

    public ImageContext AddFile(string path, byte[] content, UnixFileMode mode = FileMode)
    {
        var entry = NewEntry(TarEntryType.RegularFile, path, mode);
        entry.DataStream = new MemoryStream(content, writable: false);
        _entries.Add(entry);
        return this;
    }

    public ImageContext AddFile(string path, string content, UnixFileMode mode = FileMode) =>
        AddFile(path, Encoding.UTF8.GetBytes(content), mode);

    public ImageContext AddDirectory(string path, UnixFileMode mode = DirectoryMode)
    {
        _entries.Add(NewEntry(TarEntryType.Directory, path.TrimEnd('/') + "/", mode));
        return this;
    }

    public ImageContext AddSymlink(string path, string target)
    {
        var entry = NewEntry(TarEntryType.SymbolicLink, path, DirectoryMode | UnixFileMode.UserWrite);
        entry.LinkName = target;
        _entries.Add(entry);
        return this;
    }

    /// <summary>The tar, positioned at its start.</summary>
    public MemoryStream ToStream()
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        output.Position = 0;
        return output;
    }

    /// <summary>A tar of regular files (paths relative to the tar root).</summary>
    public static MemoryStream FromFiles(IEnumerable<(string Path, byte[] Content, UnixFileMode Mode)> files)
    {
        var context = new ImageContext();
        foreach (var (path, content, mode) in files)
        {
            context.AddFile(path, content, mode);
        }

        return context.ToStream();
    }

    private static PaxTarEntry NewEntry(TarEntryType type, string path, UnixFileMode mode)
    {
        var name = path.TrimStart('/');
        if (name.Length == 0)
        {
            throw new ArgumentException("An entry needs a non-root path.", nameof(path));
        }

        return new PaxTarEntry(type, name)
        {
            Mode = mode,
            ModificationTime = FixedTime,
            Uid = 0,
            Gid = 0,
            UserName = "root",
            GroupName = "root",
        };
    }
}
