using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Iam;

/// <summary>IAM: users, access keys, roles, policies (inline, customer managed and AWS managed), on the Query protocol.</summary>
public sealed class IamModule : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
    }
}
