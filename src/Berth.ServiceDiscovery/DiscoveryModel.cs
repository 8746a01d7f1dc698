namespace Berth.ServiceDiscovery;

/// <summary>A Cloud Map namespace as stored. <see cref="Key"/> is its name as compared (lower case, no trailing dot).</summary>
sealed record Namespace
{
    public const string Http = "HTTP";
    public const string DnsPrivate = "DNS_PRIVATE";

    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public required string Key { get; init; }
    public required string Type { get; init; }
    public string? Description { get; init; }
    public string? CreatorRequestId { get; init; }
    public DateTimeOffset CreateDate { get; init; }

    /// <summary>The VPC a private DNS namespace answers in (null for HTTP namespaces).</summary>
    public string? VpcId { get; init; }

    /// <summary>The Route 53 hosted zone a private DNS namespace reports (Berth's resolver serves it).</summary>
    public string? HostedZoneId { get; init; }

    /// <summary>The SOA record's TTL: how long resolvers cache a "no such name" answer.</summary>
    public long? SoaTtl { get; init; }

    public required string CreateOperationId { get; init; }

    public bool IsDns => Type == DnsPrivate;
}

/// <summary>A Cloud Map service: where instances register, with the DNS records they get in a DNS namespace.</summary>
sealed record DiscoveryService
{
    public const string Http = "HTTP";
    public const string DnsHttp = "DNS_HTTP";

    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string Name { get; init; }
    public required string Key { get; init; }
    public required string NamespaceId { get; init; }
    public required string Type { get; init; }
    public string? Description { get; init; }
    public string? CreatorRequestId { get; init; }
    public DateTimeOffset CreateDate { get; init; }

    /// <summary>MULTIVALUE or WEIGHTED, with the record types and TTLs; null for an HTTP-only service.</summary>
    public ServiceDns? Dns { get; init; }

    /// <summary>Instances report their own health (UpdateInstanceCustomHealthStatus).</summary>
    public bool CustomHealth { get; init; }

    /// <summary>Bumped by every change to the service's instances (DiscoverInstancesRevision).</summary>
    public long Revision { get; init; }

    /// <summary>The service attributes (Get/Update/DeleteServiceAttributes).</summary>
    public Dictionary<string, string> Attributes { get; init; } = [];
}

sealed record ServiceDns
{
    public const string Multivalue = "MULTIVALUE";
    public const string Weighted = "WEIGHTED";

    public required string RoutingPolicy { get; init; }
    public required List<ServiceDnsRecord> Records { get; init; }

    public ServiceDnsRecord? Of(string type) => Records.FirstOrDefault(r => r.Type == type);
}

sealed record ServiceDnsRecord(string Type, long Ttl);

/// <summary>A registered instance of a service. <see cref="Key"/> is <c>serviceId/instanceId</c>.</summary>
sealed record ServiceInstance
{
    public const string Healthy = "HEALTHY";
    public const string Unhealthy = "UNHEALTHY";

    public required string Key { get; init; }
    public required string ServiceId { get; init; }
    public required string Id { get; init; }
    public string? CreatorRequestId { get; init; }
    public required Dictionary<string, string> Attributes { get; init; }

    /// <summary>HEALTHY or UNHEALTHY for a service with custom health; null when the service has no health check.</summary>
    public string? CustomHealth { get; init; }

    public DateTimeOffset CreateDate { get; init; }

    public static string KeyOf(string serviceId, string instanceId) => $"{serviceId}/{instanceId}";
}

/// <summary>A namespace, service or instance change as GetOperation reports it (Berth applies them at once: SUCCESS).</summary>
sealed record DiscoveryOperation
{
    public const string Success = "SUCCESS";

    public required string Id { get; init; }
    public required string Type { get; init; }
    public string Status { get; init; } = Success;
    public DateTimeOffset CreateDate { get; init; }
    public DateTimeOffset UpdateDate { get; init; }
    public required Dictionary<string, string> Targets { get; init; }

    /// <summary>The request's idempotency token with the operation type, for retries and DuplicateRequest.</summary>
    public string? RequestKey { get; init; }
}
