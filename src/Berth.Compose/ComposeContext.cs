namespace Berth.Compose;

/// <summary>What every service's translation shares: the project, the environment, ecs-params and the warnings.</summary>
sealed class ComposeContext(string project, Func<string, string?> lookup, bool canBuild, EcsParams? ecsParams)
{
    readonly List<ComposeWarning> _warnings = [];

    public string Project => project;
    public bool CanBuild => canBuild;
    public EcsParams? EcsParams => ecsParams;
    public IReadOnlyList<ComposeWarning> Warnings => _warnings;

    public string? Lookup(string name) => lookup(name);

    public void Warn(ComposeWarning warning)
    {
        if (!_warnings.Contains(warning, WarningComparer.Instance))
            _warnings.Add(warning);
    }

    sealed class WarningComparer : IEqualityComparer<ComposeWarning>
    {
        public static readonly WarningComparer Instance = new();

        public bool Equals(ComposeWarning? a, ComposeWarning? b) => a?.ToString() == b?.ToString();

        public int GetHashCode(ComposeWarning w) => w.ToString().GetHashCode(StringComparison.Ordinal);
    }
}
