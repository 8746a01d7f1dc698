using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Berth.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Ecr.Registry.Tests;

/// <summary>A real Kestrel on 127.0.0.1 with the registry mapped, a real SQLite store and a temp root directory.</summary>
public sealed class RegistryHost : IAsyncDisposable
{
    readonly WebApplication _app;

    RegistryHost(WebApplication app, string directory, IStateStore store, RegistryTokens tokens, Uri address)
    {
        _app = app;
        Directory = directory;
        Store = store;
        Tokens = tokens;
        Address = address;
        Token = tokens.Issue(Principal.Root("123456789012")).Token;
        Client = NewClient(RegistryTokens.UserName, Token);
    }

    public string Directory { get; }
    public string RootDirectory => Path.Combine(Directory, "registry");
    public IStateStore Store { get; }
    public RegistryTokens Tokens { get; }
    public Uri Address { get; }
    public string Token { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    /// <summary><c>localhost:&lt;port&gt;</c>, the form docker treats as an insecure (plain HTTP) registry.</summary>
    public string HostPort => $"localhost:{Address.Port}";

    public static async Task<RegistryHost> StartAsync(int port = 0, IAuthorizer? authorizer = null, Func<RegistryOptions, RegistryOptions>? options = null, TimeProvider? clock = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "berth-registry-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var db = new SqliteDatabase(Path.Combine(dir, "berth.db"));
        var store = new SqliteStateStore(db);
        var tokens = new RegistryTokens(RandomNumberGenerator.GetBytes(32), clock ?? TimeProvider.System);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IStateStore>(store);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton(new Arns("123456789012", "us-east-1"));
        builder.Services.AddSingleton(authorizer ?? new AllowAll());
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        var registryOptions = new RegistryOptions { RootDirectory = Path.Combine(dir, "registry") };
        builder.Services.AddBerthRegistry(options?.Invoke(registryOptions) ?? registryOptions);
        var app = builder.Build();
        app.MapRegistry();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RegistryHost(app, dir, store, tokens, new Uri(address));
    }

    public HttpClient NewClient(string? user, string? password)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return client;
    }

    public async Task CreateRepositoryAsync(string name, string mutability = "MUTABLE")
    {
        await Store.CommitAsync(StoreWrite.Insert(EcrKinds.Repositories, new Repository
        {
            RepositoryName = name,
            RepositoryArn = $"arn:aws:ecr:us-east-1:000000000000:repository/{name}",
            RegistryId = "000000000000",
            RepositoryUri = $"{HostPort}/{name}",
            CreatedAt = DateTimeOffset.UtcNow,
            ImageTagMutability = mutability,
        }), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
