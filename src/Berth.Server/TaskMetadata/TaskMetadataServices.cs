using Berth.Ecs.Runtime;
using Berth.Ecs.TaskMetadata;

namespace Berth.Server.TaskMetadata;

public static class TaskMetadataServices
{
    /// <summary>The task metadata endpoint v4/v3, the task role credentials, and the variables that point containers at them.</summary>
    public static IServiceCollection AddTaskMetadata(this IServiceCollection services, BerthOptions options)
    {
        // The token key stays in the data directory, so the URIs containers were created with outlive restarts.
        services.AddSingleton(new MetadataTokens(KeyFiles.Load(Path.Combine(options.DataDirectory, "metadata.key"))));
        services.AddSingleton(sp => new TaskMetadataEnvironment(sp.GetRequiredService<MetadataTokens>(), options.Region));
        services.AddSingleton<ITaskEnvironment>(sp => sp.GetRequiredService<TaskMetadataEnvironment>());
        services.AddSingleton<TaskAddresses>();
        services.AddSingleton<TaskMetadataEndpoint>();
        services.AddSingleton<TaskCredentialsEndpoint>();
        services.AddHostedService<TaskMetadataHost>();
        return services;
    }
}
