using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using static Berth.Ssm.Tests.SsmHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.Ssm.Tests;

/// <summary>Labels, tags, deletion, and the ParameterValues contract ECS builds on.</summary>
public sealed class ParameterLifecycleTests : IDisposable
{
    readonly SsmHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<LabelParameterVersionResponse> Label(string name, long? version, params string[] labels) =>
        _h.Labels.LabelAsync(new SsmRequest { Name = name, ParameterVersion = version, Labels = [.. labels] }, Ct);

    async Task ThreeVersionsAsync(string name)
    {
        await _h.PutAsync(name, "v1");
        await _h.PutAsync(name, "v2", overwrite: true);
        await _h.PutAsync(name, "v3", overwrite: true);
    }

    [Fact]
    public async Task Label_MovesBetweenVersionsAndDefaultsToTheLatest()
    {
        await ThreeVersionsAsync("/p");

        Assert.Equal(3, (await Label("/p", null, "live")).ParameterVersion);
        await Label("/p", 1, "live");

        Assert.Equal("v1", (await _h.GetAsync("/p:live")).Value);
        var history = (await _h.Reader.HistoryAsync(new SsmRequest { Name = "/p" }, Ct)).Parameters;
        Assert.Equal(["live"], history[0].Labels);
        Assert.Empty(history[2].Labels);
    }

    [Fact]
    public async Task Label_InvalidLabelsAreReportedNotRefused()
    {
        await ThreeVersionsAsync("/p");

        var result = await Label("/p", 2, "ok-label", "1starts-with-digit", "awsreserved", "SSMreserved", "bad/char");

        Assert.Equal(["1starts-with-digit", "awsreserved", "SSMreserved", "bad/char"], result.InvalidLabels);
        Assert.Equal("v2", (await _h.GetAsync("/p:ok-label")).Value);
        Assert.Null((await Label("/p", 2, "other")).InvalidLabels);
    }

    [Fact]
    public async Task Label_Limits()
    {
        await ThreeVersionsAsync("/p");
        await Label("/p", 1, [.. Enumerable.Range(0, 10).Select(i => $"l{i}")]);

        await RefusedAsync(() => Label("/p", 1, "eleventh"), "ParameterVersionLabelLimitExceeded", "10");
        await RefusedAsync(() => Label("/p", 9, "x"), "ParameterVersionNotFound", "version 9 of /p");
        await RefusedAsync(() => Label("/nope", null, "x"), "ParameterNotFound");
        await RefusedAsync(() => Label("/p", 1, [.. Enumerable.Range(0, 11).Select(i => $"m{i}")]), "ValidationException");
        await RefusedAsync(() => Label("/p", 1, new string('a', 101)), "ValidationException");
    }

    [Fact]
    public async Task Unlabel_RemovesOnlyLabelsOnThatVersion()
    {
        await ThreeVersionsAsync("/p");
        await Label("/p", 1, "a", "b");

        var result = await _h.Labels.UnlabelAsync(new SsmRequest { Name = "/p", ParameterVersion = 1, Labels = ["a", "zzz"] }, Ct);

        Assert.Equal(["a"], result.RemovedLabels);
        Assert.Equal(["zzz"], result.InvalidLabels);
        await RefusedAsync(() => _h.GetAsync("/p:a"), "ParameterNotFound");
        Assert.Equal("v1", (await _h.GetAsync("/p:b")).Value);
        await RefusedAsync(() => _h.Labels.UnlabelAsync(new SsmRequest { Name = "/p", Labels = ["b"] }, Ct), "ValidationException", "parameterVersion");
    }

    [Fact]
    public async Task Delete_RemovesEveryVersionAndTheTags()
    {
        await ThreeVersionsAsync("/p");
        await _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [new Tag { Key = "k", Value = "v" }] }, Ct);

        await _h.Parameters.DeleteAsync("/p", Ct);

        Assert.Empty(_h.Documents("parameters"));
        Assert.Empty(_h.Documents("parameter_versions"));
        Assert.Empty(_h.Documents("tags"));
        await RefusedAsync(() => _h.Parameters.DeleteAsync("/p", Ct), "ParameterNotFound");
        Assert.Equal(1, (await _h.PutAsync("/p", "again")).Version);
    }

    [Fact]
    public async Task DeleteMany_ReportsWhatWasNotThere()
    {
        await _h.PutAsync("/a", "1");
        await _h.PutAsync("b", "2");

        var result = await _h.Parameters.DeleteManyAsync(["/a", "/b", "/c", $"{ArnPrefix}/a"], Ct);

        Assert.Equal(["/a", "/b"], result.DeletedParameters);
        Assert.Equal(["/c", $"{ArnPrefix}/a"], result.InvalidParameters);
        await RefusedAsync(() => _h.Parameters.DeleteManyAsync([], Ct), "ValidationException");
    }

    [Fact]
    public async Task Tags_AddListRemove()
    {
        await _h.PutAsync("/p", "v", tags: [new Tag { Key = "team", Value = "core" }]);
        var add = new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [new Tag { Key = "env", Value = "prod" }, new Tag { Key = "team", Value = "payments" }] };

        await _h.Tags.AddAsync(add, Ct);
        await _h.Tags.RemoveAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = $"{ArnPrefix}/p", TagKeys = ["env"] }, Ct);

        var listed = await _h.Tags.ListAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p" }, Ct);
        Assert.Equal(("team", "payments"), (Assert.Single(listed.TagList).Key, listed.TagList[0].Value));
    }

    [Fact]
    public async Task Tags_RefuseOtherResourcesAndBadTags()
    {
        await _h.PutAsync("/p", "v");

        await RefusedAsync(() => _h.Tags.ListAsync(new SsmRequest { ResourceType = "Document", ResourceId = "/p" }, Ct), "InvalidResourceType");
        await RefusedAsync(() => _h.Tags.ListAsync(new SsmRequest { ResourceType = "Bucket", ResourceId = "/p" }, Ct), "ValidationException");
        await RefusedAsync(() => _h.Tags.ListAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/nope" }, Ct), "InvalidResourceId");
        await RefusedAsync(() => _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [new Tag { Key = "aws:x", Value = "v" }] }, Ct), "ValidationException", "aws:");
        await RefusedAsync(() => _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [new Tag { Key = "k!", Value = "v" }] }, Ct), "ValidationException");
        await RefusedAsync(() => _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [new Tag { Key = "k" }] }, Ct), "ValidationException");
        await _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [.. Enumerable.Range(0, 50).Select(i => new Tag { Key = $"k{i}", Value = "v" })] }, Ct);
        await RefusedAsync(() => _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/p", Tags = [new Tag { Key = "one-more", Value = "v" }] }, Ct), "TooManyTagsError");
    }

    [Fact]
    public async Task Values_ResolveNamesArnsAndSelectors_DecryptingSecureStrings()
    {
        await _h.PutAsync("/app/db-password", "pw1", "SecureString");
        await _h.PutAsync("/app/db-password", "pw2", overwrite: true, type: null);
        await _h.PutAsync("plain", "p");
        await Label("/app/db-password", 1, "old");

        Assert.Equal("pw2", await _h.Values.ResolveAsync("/app/db-password", Ct));
        Assert.Equal("pw2", await _h.Values.ResolveAsync($"{ArnPrefix}/app/db-password", Ct));
        Assert.Equal("pw1", await _h.Values.ResolveAsync("/app/db-password:1", Ct));
        Assert.Equal("pw1", await _h.Values.ResolveAsync($"{ArnPrefix}/app/db-password:old", Ct));
        Assert.Equal("p", await _h.Values.ResolveAsync($"{ArnPrefix}/plain", Ct));
        Assert.Equal("p", await _h.Values.ResolveAsync("/plain", Ct));
        await RefusedAsync(() => _h.Values.ResolveAsync("/missing", Ct), "ParameterNotFound");
        await RefusedAsync(() => _h.Values.ResolveAsync("/app/db-password:5", Ct), "ParameterVersionNotFound");
        await RefusedAsync(() => _h.Values.ResolveAsync("arn:aws:ssm:us-east-1:999999999999:parameter/plain", Ct), "ParameterNotFound");
        await RefusedAsync(() => _h.Values.ResolveAsync("", Ct), "ValidationException");
    }

    [Fact]
    public async Task Values_CiphertextMovedToAnotherVersionOrParameter_DoesNotOpen()
    {
        await _h.PutAsync("/x/s", "one", "SecureString");
        await _h.PutAsync("/x/s", "two", "SecureString", overwrite: true);
        await _h.PutAsync("/x/t", "three", "SecureString");
        var v1 = (await _h.Store.GetAsync(SsmKinds.Versions, SsmKinds.VersionId("/x/s", 1), Ct))!.Value;
        var s = (await _h.Store.GetAsync(SsmKinds.Parameters, "/x/s", Ct))!;
        var t = (await _h.Store.GetAsync(SsmKinds.Parameters, "/x/t", Ct))!;

        // The latest version is read from the parameter's own record: put version 1's ciphertext there, and /t's there.
        await _h.Store.CommitAsync(StoreWrite.Update(SsmKinds.Parameters, s.Value with { Current = s.Value.Current with { Ciphertext = v1.Ciphertext } }, s.Version), Ct);
        await _h.Store.CommitAsync(StoreWrite.Update(SsmKinds.Parameters, t.Value with { Current = t.Value.Current with { Ciphertext = v1.Ciphertext, Version = 1 } }, t.Version), Ct);

        Assert.Equal("one", await _h.Values.ResolveAsync("/x/s:1", Ct));
        await RefusedAsync(() => _h.Values.ResolveAsync("/x/s", Ct), "InvalidKeyId", "can't decrypt");
        await RefusedAsync(() => _h.Values.ResolveAsync("/x/t", Ct), "InvalidKeyId", "can't decrypt");
    }
}
