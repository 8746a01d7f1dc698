using System.Formats.Tar;
using Berth.Cli.Images;

namespace Berth.Cli.Tests;

public class BuildContextTests
{
    [Theory]
    [InlineData("secrets.env", true)]
    [InlineData("node_modules/a/b.js", true)]
    [InlineData("docs/readme.md", true)]
    [InlineData("keep.md", false)]
    [InlineData("www/index.html", false)]
    public void IsIgnored_FollowsLastMatchingPattern(string path, bool ignored)
    {
        string[] patterns = ["*.env", "node_modules", "**/*.md", "!keep.md"];

        Assert.Equal(ignored, BuildContext.IsIgnored(path, patterns));
    }

    [Fact]
    public async Task TarAsync_LeavesOutIgnoredFilesButKeepsTheDockerfile()
    {
        var dir = Directory.CreateTempSubdirectory("berth-ctx-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "www"));
            File.WriteAllText(Path.Combine(dir.FullName, "Dockerfile"), "FROM scratch\n");
            File.WriteAllText(Path.Combine(dir.FullName, "www", "index.html"), "hi");
            File.WriteAllText(Path.Combine(dir.FullName, "local.env"), "SECRET=1");
            File.WriteAllText(Path.Combine(dir.FullName, ".dockerignore"), "# comment\n*.env\nDockerfile\n");

            await using var tar = await BuildContext.TarAsync(dir.FullName, "Dockerfile", CancellationToken.None);
            var names = new List<string>();
            using (var reader = new TarReader(tar, leaveOpen: true))
            {
                while (await reader.GetNextEntryAsync() is { } e)
                    names.Add(e.Name.TrimEnd('/'));
            }

            Assert.Equal([".dockerignore", "Dockerfile", "www", "www/index.html"], names);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
