namespace Berth.Cli.Manifest;

/// <summary>
/// berth.yml: a Copilot-style "Load Balanced Web Service" — what `berth deploy` builds, pushes and runs behind
/// the cluster's load balancer. Immutable; <see cref="ManifestReader"/> fills the defaults and validates.
/// </summary>
sealed record ServiceManifest
{
    public const string FileName = "berth.yml";
    public const string LoadBalancedWebService = "Load Balanced Web Service";

    public required string Name { get; init; }
    public string Type { get; init; } = LoadBalancedWebService;
    public required ImageSpec Image { get; init; }
    public required int Port { get; init; }
    public int Cpu { get; init; } = 256;
    public int Memory { get; init; } = 512;
    public CountSpec Count { get; init; } = new();
    public HttpSpec Http { get; init; } = new();
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    /// <summary>Marks a secret written as Copilot's <c>{secretsmanager: NAME}</c>: a Secrets Manager name, made an ARN at deploy.</summary>
    public const string SecretsManagerPrefix = "secretsmanager:";

    /// <summary>
    /// Environment variable name → what ECS reads it from (the container's <c>secrets</c>): an SSM parameter's name or
    /// ARN, a Secrets Manager ARN, or <see cref="SecretsManagerPrefix"/> + a secret's name.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>The task execution role (name or ARN); without one, deploy makes &lt;cluster&gt;-&lt;name&gt;-ExecutionRole when there are secrets.</summary>
    public string? ExecutionRole { get; init; }

    /// <summary>The task role (name or ARN) whose credentials the containers get.</summary>
    public string? TaskRole { get; init; }
    public bool Exec { get; init; }
    public LoggingSpec Logging { get; init; } = new();
    public string Cluster { get; init; } = "default";

    /// <summary>The awslogs group: the manifest's, or /berth/&lt;name&gt;.</summary>
    public string LogGroup => Logging.Group ?? $"/berth/{Name}";
}

/// <summary>Either a build (Dockerfile and context, relative to berth.yml) or an existing image's location.</summary>
sealed record ImageSpec
{
    public BuildSpec? Build { get; init; }
    public string? Location { get; init; }
}

sealed record BuildSpec(string Dockerfile = "Dockerfile", string Context = ".")
{
    public IReadOnlyDictionary<string, string> Args { get; init; } = new Dictionary<string, string>();
}

/// <summary>A fixed count, or a range the service scales in with target tracking on CPU (and/or memory).</summary>
sealed record CountSpec
{
    public int Desired { get; init; } = 1;
    public ScalingRange? Range { get; init; }
    public int? CpuPercentage { get; init; }
    public int? MemoryPercentage { get; init; }
}

sealed record ScalingRange(int Min, int Max)
{
    public override string ToString() => $"{Min}-{Max}";
}

sealed record HttpSpec
{
    /// <summary>The path the listener routes to this service: "/" is the listener's default action, others a path-pattern rule.</summary>
    public string Path { get; init; } = "/";
    public int ListenerPort { get; init; } = 80;
    /// <summary>How long a replaced task keeps finishing its in-flight requests before it is stopped.</summary>
    public int DeregistrationDelaySeconds { get; init; } = 15;
    public HealthCheckSpec HealthCheck { get; init; } = new();
}

sealed record HealthCheckSpec
{
    public string Path { get; init; } = "/";
    public int HealthyThreshold { get; init; } = 2;
    public int UnhealthyThreshold { get; init; } = 2;
    public int IntervalSeconds { get; init; } = 10;
    public int TimeoutSeconds { get; init; } = 5;
}

sealed record LoggingSpec
{
    public string? Group { get; init; }
    public string StreamPrefix { get; init; } = "berth";
}
