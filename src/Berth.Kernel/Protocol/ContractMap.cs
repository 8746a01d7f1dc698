using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Protocol;

/// <summary>
/// A JSON contract as the codecs walk it: its members by name with their own contracts, and the contract of its
/// items (lists) or values (maps). Worked out once per contract and kept, so a request costs lookups, not reflection.
/// </summary>
sealed class ContractMap
{
    static readonly ConditionalWeakTable<JsonTypeInfo, ContractMap> Cache = [];

    readonly JsonTypeInfo _contract;
    ContractMap? _element;
    Dictionary<string, Member>? _byName;
    Member[]? _members;

    ContractMap(JsonTypeInfo contract) => _contract = contract;

    public static ContractMap Of(JsonTypeInfo contract) => Cache.GetValue(contract, c => new ContractMap(c));

    public JsonTypeInfoKind Kind => _contract.Kind;

    public Type Type => _contract.Type;

    /// <summary>The type a scalar is read and written as (a nullable's underlying type).</summary>
    public Type ScalarType => Nullable.GetUnderlyingType(_contract.Type) ?? _contract.Type;

    /// <summary>Members in the contract's order (the model's, and the order answers are written in).</summary>
    public IReadOnlyList<Member> Members => _members ??= [.. _contract.Properties.Select(p => new Member(p.Name, Of(_contract.Options.GetTypeInfo(p.PropertyType))))];

    public Member? MemberNamed(string name) => (_byName ??= Members.ToDictionary(m => m.Name, StringComparer.Ordinal)).GetValueOrDefault(name);

    /// <summary>A list's items or a map's values.</summary>
    public ContractMap Element => _element ??= Of(_contract.Options.GetTypeInfo(_contract.ElementType!));

    public sealed record Member(string Name, ContractMap Contract);
}
