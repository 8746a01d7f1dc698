namespace Berth.Elb;

/// <summary>
/// Where load balancers live on this host: listeners bind <see cref="ListenAddress"/>:port, and each load
/// balancer's DNSName is <c>NAME-ID.REGION.</c><see cref="DnsDomain"/> (curl resolves <c>*.localhost</c> to loopback).
/// </summary>
public sealed record LoadBalancerSettings(string ListenAddress = "0.0.0.0", string DnsDomain = "elb.localhost");
