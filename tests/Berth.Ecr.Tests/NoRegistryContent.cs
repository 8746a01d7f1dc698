namespace Berth.Ecr.Tests;

/// <summary>A registry that holds no content: enough for the rules that only read and write the state store.</summary>
sealed class NoRegistryContent : IRegistryContent
{
    public List<string> Forgotten { get; } = [];

    public Task<byte[]?> ReadManifestAsync(string digest, CancellationToken ct) => Task.FromResult<byte[]?>(null);

    public Task ForgetRepositoryAsync(string repository, CancellationToken ct)
    {
        Forgotten.Add(repository);
        return Task.CompletedTask;
    }
}
