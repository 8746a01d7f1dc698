using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Ssm.Api;
using static Berth.Ssm.SsmErrors;
using static Berth.Ssm.SsmKinds;

namespace Berth.Ssm;

/// <summary>
/// Labels on parameter versions (LabelParameterVersion, UnlabelParameterVersion): a label is on one version of a
/// parameter at most and moves when put on another; a version has at most 10. Selectors (<c>name:label</c>) read them.
/// </summary>
sealed partial class ParameterLabels(IStateStore store, Arns arns)
{
    public const int MaxPerVersion = 10;

    public async Task<LabelParameterVersionResponse> LabelAsync(SsmRequest r, CancellationToken ct)
    {
        var (name, labels) = Check(r);
        List<string> invalid = [.. labels.Where(l => !Valid(l))];
        var valid = labels.Except(invalid, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
        long version = 0;
        await ChangeAsync(name, async (head, ct2) =>
        {
            version = r.ParameterVersion ?? head.Current.Version;
            await RequireVersionAsync(head, version, ct2);
            var next = new Dictionary<string, long>(head.Labels, StringComparer.Ordinal);
            foreach (var label in valid)
                next[label] = version;
            if (next.Count(l => l.Value == version) > MaxPerVersion)
                throw new AwsException("ParameterVersionLabelLimitExceeded", $"A parameter version can have maximum {MaxPerVersion} labels. Move one or more labels to another version and try again.");
            return head with { Labels = next };
        }, ct);
        return new LabelParameterVersionResponse(invalid.Count > 0 ? invalid : null, version);
    }

    public async Task<UnlabelParameterVersionResponse> UnlabelAsync(SsmRequest r, CancellationToken ct)
    {
        var (name, labels) = Check(r);
        var version = r.ParameterVersion ?? throw Constraint("Value null at 'parameterVersion' failed to satisfy constraint: Member must not be null");
        List<string> removed = [];
        List<string> invalid = [];
        await ChangeAsync(name, async (head, ct2) =>
        {
            await RequireVersionAsync(head, version, ct2);
            removed = [.. labels.Where(l => head.Labels.TryGetValue(l, out var v) && v == version).Distinct(StringComparer.Ordinal)];
            invalid = [.. labels.Except(removed, StringComparer.Ordinal)];
            var next = new Dictionary<string, long>(head.Labels, StringComparer.Ordinal);
            foreach (var label in removed)
                next.Remove(label);
            return head with { Labels = next };
        }, ct);
        return new UnlabelParameterVersionResponse(removed, invalid);
    }

    static (string Name, List<string> Labels) Check(SsmRequest r)
    {
        var name = Required(r.Name, "name", 1, 2048);
        Count(r.Labels, "labels", 1, 10);
        foreach (var label in r.Labels!)
            Required(label, "labels.member", 1, 100);
        return (name, r.Labels!);
    }

    /// <summary>A label may not start with a digit (it would read as a version), nor with aws or ssm, and uses <c>a-zA-Z0-9_.-</c>.</summary>
    public static bool Valid(string label) =>
        LabelPattern().IsMatch(label) && !char.IsDigit(label[0])
        && !label.StartsWith("aws", StringComparison.OrdinalIgnoreCase) && !label.StartsWith("ssm", StringComparison.OrdinalIgnoreCase);

    async Task RequireVersionAsync(Parameter head, long version, CancellationToken ct)
    {
        if (version != head.Current.Version && await store.GetAsync(Versions, VersionId(head.Key, version), ct) is null)
            throw VersionNotFound(head.Current.Name, version);
    }

    async Task ChangeAsync(string name, Func<Parameter, CancellationToken, Task<Parameter>> change, CancellationToken ct)
    {
        var reference = ParameterNames.Parse(arns, name);
        if (reference is null || reference.Selector is not null)
            throw NotFound(name);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(Parameters, reference.Key, ct) ?? throw NotFound(name);
            var changed = await change(stored.Value, ct);
            try
            {
                await store.CommitAsync(StoreWrite.Update(Parameters, changed, stored.Version), ct);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // A new version or label landed meanwhile: apply the change to it.
            }
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_.\\-]+$")]
    private static partial Regex LabelPattern();
}
