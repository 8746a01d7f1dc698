using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Berth.Architecture.Tests;

/// <summary>What one built assembly depends on, read from its metadata: the assemblies it references, the types it uses from them and the members of those it calls.</summary>
public sealed record AssemblyFacts(string Name, IReadOnlySet<string> References, IReadOnlySet<string> TypesUsed, IReadOnlySet<string> MembersUsed)
{
    public static AssemblyFacts Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var name = md.GetString(md.GetAssemblyDefinition().Name);
        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToHashSet(StringComparer.Ordinal);
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in md.TypeReferences)
            types.Add(FullName(md, md.GetTypeReference(h)));
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in md.MemberReferences)
        {
            var m = md.GetMemberReference(h);
            if (m.Parent.Kind == HandleKind.TypeReference)
                members.Add(FullName(md, md.GetTypeReference((TypeReferenceHandle)m.Parent)) + "::" + md.GetString(m.Name));
        }
        return new AssemblyFacts(name, references, types, members);
    }

    static string FullName(MetadataReader md, TypeReference t)
    {
        var name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference)
            return FullName(md, md.GetTypeReference((TypeReferenceHandle)t.ResolutionScope)) + "+" + name;
        var ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
