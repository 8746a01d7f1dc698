namespace Berth.Ecr.Tests;

/// <summary>A registry with no content, for rules that never reach it (a call that does fails the test loudly).</summary>
sealed class NoRegistryContent : IRegistryContent
{
    public List<string> Forgotten { get; } = [];

    public Task<byte[]?> ReadManifestAsync(string digest, CancellationToken ct) => Task.FromResult<byte[]?>(null);

    public Task ForgetRepositoryAsync(string repository, CancellationToken ct)
    {
        Forgotten.Add(repository);
        return Task.CompletedTask;
    }

    public Task<LayerState> LayerAsync(string repository, string digest, CancellationToken ct) => Task.FromResult(new LayerState(false, null));

    public Task<string> StartUploadAsync(string repository, CancellationToken ct) => throw Unexpected();

    public Task<long> UploadSizeAsync(string repository, string uploadId, CancellationToken ct) => throw Unexpected();

    public Task<long> UploadPartAsync(string repository, string uploadId, long firstByte, long lastByte, ReadOnlyMemory<byte> part, CancellationToken ct) => throw Unexpected();

    public Task CompleteUploadAsync(string repository, string uploadId, string digest, CancellationToken ct) => throw Unexpected();

    public Task<ManifestPut> PutManifestAsync(string repository, string reference, string mediaType, ReadOnlyMemory<byte> manifest, CancellationToken ct) => throw Unexpected();

    static InvalidOperationException Unexpected() => new("This test's registry has no content: the rule under test should have refused before reaching it.");
}
