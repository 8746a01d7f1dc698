using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker.Tests;

/// <summary>Reference parsing, query building, timestamps, JSON shape and tar building (no engine needed).</summary>
public sealed class ClientHelpersTests
{
    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("library/busybox:1", "library/busybox", "1")]
    [InlineData("host:5000/a/b:tag", "host:5000/a/b", "tag")]
    [InlineData("host:5000/a/b", "host:5000/a/b", "latest")]
    [InlineData("localhost:1/nope:1", "localhost:1/nope", "1")]
    [InlineData("a/b@sha256:0123abcd", "a/b", "sha256:0123abcd")]
    [InlineData("host:5000/a:v1@sha256:0123abcd", "host:5000/a", "sha256:0123abcd")]
    [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:2024-05", "123456789012.dkr.ecr.us-east-1.amazonaws.com/app", "2024-05")]
    public void ImageReference_Parse_SplitsRepositoryAndTag(string reference, string repository, string tag)
    {
        var parsed = ImageReference.Parse(reference);

        Assert.Equal(repository, parsed.Repository);
        Assert.Equal(tag, parsed.Tag);
    }

    [Theory]
    [InlineData("a:")]
    [InlineData("a@")]
    [InlineData("@sha256:x")]
    public void ImageReference_Parse_RejectsMalformed(string reference) =>
        Assert.Throws<FormatException>(() => ImageReference.Parse(reference));

    [Fact]
    public void Query_EscapesValuesAndRepeatsKeys()
    {
        var uri = new Query("images/create").Add("fromSrc", "-").Add("changes", """CMD ["/pause"]""").Add("changes", "ENV A=b c").Add("skip", (string?)null);

        Assert.Equal("images/create?fromSrc=-&changes=CMD%20%5B%22%2Fpause%22%5D&changes=ENV%20A%3Db%20c", uri.ToString());
    }

    [Fact]
    public void Query_FiltersAreJsonEncoded()
    {
        var uri = new Query("containers/json").AddFilters(new Dictionary<string, string[]> { ["label"] = ["a=b"] }).AddFilters(null);

        Assert.Equal("containers/json?filters=" + Uri.EscapeDataString("""{"label":["a=b"]}"""), uri.ToString());
    }

    [Fact]
    public void Query_UnixTime_IsSecondsDotNanoseconds()
    {
        var time = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000).AddTicks(1_234_567);

        Assert.Equal("1700000000.123456700", Query.UnixTime(time));
        Assert.Equal("0.000000000", Query.UnixTime(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Query_Segment_KeepsSlashesOfImageNames() =>
        Assert.Equal("host%3A5000/a/b%3Atag", Query.Segment("host:5000/a/b:tag"));

    [Theory]
    [InlineData("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.1234567+00:00")]
    [InlineData("2024-05-01T10:00:00.999999999Z", "2024-05-01T10:00:00.9999999+00:00")]
    [InlineData("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.0000000+00:00")]
    [InlineData("2024-05-01T12:00:00.5+02:00", "2024-05-01T12:00:00.5000000+02:00")]
    public void EngineTime_ParsesRfc3339NanoByTruncating(string text, string expected)
    {
        Assert.True(EngineTime.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString("O"));
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("2024-05-01")]
    [InlineData("")]
    public void EngineTime_RejectsNonTimestamps(string text) => Assert.False(EngineTime.TryParse(text, out _));

    [Fact]
    public void Json_ContainerInspect_MapsZeroTimesToNullAndReadsEngineNames()
    {
        const string json = """
            {"Id":"abc","Name":"/x","Created":"2024-05-01T10:00:00.123456789Z",
             "State":{"Status":"created","Running":false,"OOMKilled":true,"Pid":0,"ExitCode":0,"Error":"",
                      "StartedAt":"0001-01-01T00:00:00Z","FinishedAt":"2024-05-01T10:00:01.5Z",
                      "Health":{"Status":"starting","FailingStreak":2,"Log":[{"Start":"2024-05-01T10:00:00.1+00:00","End":"2024-05-01T10:00:00.2+00:00","ExitCode":1,"Output":"no"}]}},
             "NetworkSettings":{"Networks":{"n":{"IPAddress":"10.213.0.2","Gateway":"10.213.0.1","MacAddress":"02:42"}}},
             "Unknown":{"Deep":[1,2,3]}}
            """;

        var inspect = JsonSerializer.Deserialize(json, EngineJsonContext.Default.ContainerInspect)!;

        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:00.1234567Z"), inspect.Created);
        Assert.True(inspect.State!.OomKilled);
        Assert.Null(inspect.State.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:01.5Z"), inspect.State.FinishedAt);
        Assert.Equal(2, inspect.State.Health!.FailingStreak);
        Assert.Equal("no", inspect.State.Health.Log![0].Output);
        Assert.Equal("10.213.0.2", inspect.NetworkSettings!.Networks!["n"].IPAddress);
    }

    [Fact]
    public void Json_ContainerCreateRequest_UsesEngineNamesAndOmitsNulls()
    {
        var request = new ContainerCreateRequest
        {
            Image = "img",
            Cmd = ["a"],
            HostConfig = new HostConfig { Memory = 1, Init = true },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new() { ["n"] = new EndpointSettings { IpamConfig = new EndpointIpamConfig { IPv4Address = "10.0.0.2" } } },
            },
        };

        var json = JsonSerializer.Serialize(request, EngineJsonContext.Default.ContainerCreateRequest);

        Assert.Equal(
            """{"Image":"img","Cmd":["a"],"Tty":false,"OpenStdin":false,"HostConfig":{"Memory":1,"Privileged":false,"ReadonlyRootfs":false,"Init":true,"AutoRemove":false},"NetworkingConfig":{"EndpointsConfig":{"n":{"IPAMConfig":{"IPv4Address":"10.0.0.2"}}}}}""",
            json);
    }

    [Fact]
    public void ErrorMessage_ReadsEngineMessageField()
    {
        Assert.Equal("No such container: x", EngineTransport.ErrorMessage("""{"message":"No such container: x"}""" + "\n"));
        Assert.Equal("plain text", EngineTransport.ErrorMessage(" plain text\n"));
        Assert.Null(EngineTransport.ErrorMessage(""));
    }

    [Fact]
    public async Task ReadProgress_ErrorInsideOkStream_ThrowsWithErrorDetail()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent(
                "{\"status\":\"Pulling from a/b\",\"id\":\"1\"}\r\n" +
                "{\"errorDetail\":{\"message\":\"manifest for a/b:1 not found\"},\"error\":\"short\"}\r\n"),
        };

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => EngineTransport.ReadProgressAsync(response, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal("manifest for a/b:1 not found", error.Message);
    }

    [Fact]
    public async Task ReadProgress_SuccessfulStream_ReturnsReportedImageId()
    {
        var id = "sha256:" + new string('b', 64);
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"stream\":\"Step 1/2\\n\"}}\n\n{{\"aux\":{{\"ID\":\"{id}\"}}}}\n{{\"stream\":\"{id}\\n\"}}"),
        };

        Assert.Equal(id, await EngineTransport.ReadProgressAsync(response, CancellationToken.None));
    }

    [Fact]
    public async Task ImageContext_WritesFilesDirectoriesAndSymlinks()
    {
        var context = new ImageContext()
            .AddDirectory("bin")
            .AddFile("bin/tool", [1, 2, 3], (UnixFileMode)0b111_101_101)
            .AddSymlink("bin/alias", "tool")
            .AddFile("Dockerfile", "FROM scratch\n");

        using var tar = context.ToStream();
        var entries = new List<(string Name, TarEntryType Type, UnixFileMode Mode, string Link, byte[] Data)>();
        using (var reader = new TarReader(tar, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                using var data = new MemoryStream();
                entry.DataStream?.CopyTo(data);
                entries.Add((entry.Name, entry.EntryType, entry.Mode, entry.LinkName, data.ToArray()));
            }
        }

        Assert.Equal(["bin/", "bin/tool", "bin/alias", "Dockerfile"], entries.Select(e => e.Name));
        Assert.Equal(TarEntryType.Directory, entries[0].Type);
        Assert.Equal((UnixFileMode)0b111_101_101, entries[1].Mode);
        Assert.Equal([1, 2, 3], entries[1].Data);
        Assert.Equal(TarEntryType.SymbolicLink, entries[2].Type);
        Assert.Equal("tool", entries[2].Link);
        Assert.Equal("FROM scratch\n", Encoding.UTF8.GetString(entries[3].Data));
    }

    [Fact]
    public void ImageContext_FromFiles_IsDeterministic()
    {
        (string, byte[], UnixFileMode)[] files = [("pause", [0x7f, 0x45], (UnixFileMode)0b111_101_101)];

        using var first = ImageContext.FromFiles(files);
        using var second = ImageContext.FromFiles(files);

        Assert.Equal(first.ToArray(), second.ToArray());
    }
}
