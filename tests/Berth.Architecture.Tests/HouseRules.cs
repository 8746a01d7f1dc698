namespace Berth.Architecture.Tests;

/// <summary>
/// The shape of the house (CONTRIBUTING.md): the kernel at the bottom, a module per AWS service family above it — each
/// may use the kernel and the modules beneath it, never one above — and the adapters and the server on top.
/// </summary>
public static class HouseRules
{
    /// <summary>Every Berth assembly a module may reference; the order is the order modules are layered in.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Modules = new Dictionary<string, string[]>
    {
        ["Berth.Kernel"] = [],
        ["Berth.Iam"] = ["Berth.Kernel"],
        ["Berth.SecretsManager"] = ["Berth.Kernel"],
        ["Berth.Ssm"] = ["Berth.Kernel"],
        ["Berth.Sts"] = ["Berth.Kernel", "Berth.Iam"],
        ["Berth.CloudWatch"] = ["Berth.Kernel"],
        ["Berth.Logs"] = ["Berth.Kernel", "Berth.CloudWatch"],
        ["Berth.Ecr"] = ["Berth.Kernel"],
        ["Berth.Ec2"] = ["Berth.Kernel"],
        ["Berth.ServiceDiscovery"] = ["Berth.Kernel"],
        ["Berth.Elb"] = ["Berth.Kernel", "Berth.CloudWatch"],
        ["Berth.Ecs"] = ["Berth.Kernel", "Berth.Logs", "Berth.CloudWatch", "Berth.Elb", "Berth.Ecr"],
        ["Berth.AutoScaling"] = ["Berth.Kernel", "Berth.CloudWatch", "Berth.Ecs"],
    };

    /// <summary>Adapters implement modules' ports on real parts; they may use the kernel and modules, not each other or the server.</summary>
    public static readonly string[] Adapters = ["Berth.Store", "Berth.Runtime.Docker", "Berth.Elb.Haproxy", "Berth.Ecr.Registry", "Berth.Dns", "Berth.Network.Nftables"];

    /// <summary>
    /// Types that mean I/O — files, sockets, HTTP, processes, the console, the environment, a database — which the kernel and
    /// the modules' rules never touch: they reach such things through ports that adapters implement.
    /// </summary>
    public static readonly string[] IoTypes =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "System.IO.FileSystemInfo", "System.IO.FileSystemWatcher", "System.IO.DriveInfo", "System.IO.Path",
        "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo", "System.Console",
        "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient", "System.Net.Sockets.TcpListener", "System.Net.Sockets.UdpClient",
        "System.Net.Sockets.NetworkStream", "System.Net.Http.HttpClient", "System.Net.Http.HttpMessageHandler", "System.Net.Http.SocketsHttpHandler",
        "System.Net.Http.HttpClientHandler",
    ];

    /// <summary>Members that read or change the process's surroundings (System.Environment itself is fine: iterators use its thread id).</summary>
    public static readonly string[] IoMembers =
    [
        "System.Environment::GetEnvironmentVariable", "System.Environment::GetEnvironmentVariables", "System.Environment::SetEnvironmentVariable",
        "System.Environment::get_CurrentDirectory", "System.Environment::Exit", "System.Environment::GetCommandLineArgs",
    ];

    /// <summary>Namespaces whose every type means I/O.</summary>
    public static readonly string[] IoNamespaces = ["Microsoft.Data.Sqlite.", "Microsoft.AspNetCore."];

    /// <summary>Assemblies the kernel and the modules must not reference at all (the web framework, a database driver).</summary>
    public static readonly string[] IoAssemblies = ["Microsoft.AspNetCore", "Microsoft.AspNetCore.Http.Abstractions", "Microsoft.AspNetCore.Http", "Microsoft.Data.Sqlite", "System.Net.Sockets", "System.Net.Http"];

    public static IEnumerable<string> IoUsed(AssemblyFacts a) =>
        a.TypesUsed.Where(t => IoTypes.Contains(t) || IoNamespaces.Any(ns => t.StartsWith(ns, StringComparison.Ordinal)))
            .Concat(a.MembersUsed.Where(IoMembers.Contains))
            .Concat(a.References.Where(r => IoAssemblies.Contains(r) || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).Select(r => "assembly " + r))
            .Order(StringComparer.Ordinal);
}
