using System.Runtime.CompilerServices;

// The policy language has its own test project (tests/Berth.Iam.Policy.Tests), beside the module's.
[assembly: InternalsVisibleTo("Berth.Iam.Policy.Tests")]
