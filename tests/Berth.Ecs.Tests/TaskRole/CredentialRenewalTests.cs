using Berth.Ecs.TaskRole;
using Berth.Kernel.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>When a task's role session is renewed, and whether what is held may still be handed out.</summary>
public sealed class CredentialRenewalTests
{
    static readonly DateTimeOffset Issued = DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    static HeldCredentials Held(TimeSpan lifetime) =>
        new(new Credential("ASIA0000000000000001", "s", Principal.Root("123456789012")) { SessionToken = "t", Expiration = Issued + lifetime }, "arn:aws:iam::123456789012:role/app", Issued);

    [Fact]
    public void IsDue_NothingHeld_Due() => Assert.True(CredentialRenewal.IsDue(null, Issued));

    [Fact]
    public void IsDue_OneHourSession_NotDueBeforeHalfLifeThenDue()
    {
        var clock = new FakeTimeProvider(Issued);
        var held = Held(TimeSpan.FromHours(1));

        Assert.False(CredentialRenewal.IsDue(held, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.False(CredentialRenewal.IsDue(held, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(CredentialRenewal.IsDue(held, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.True(CredentialRenewal.IsDue(held, clock.GetUtcNow()));
    }

    [Fact]
    public void IsDue_SixHourSession_RenewedWithThreeHoursLeft()
    {
        var held = Held(TimeSpan.FromHours(6));

        Assert.False(CredentialRenewal.IsDue(held, Issued + TimeSpan.FromHours(2.99)));
        Assert.True(CredentialRenewal.IsDue(held, Issued + TimeSpan.FromHours(3)));
    }

    [Fact]
    public void IsDue_NoExpiration_AlwaysDue()
    {
        var held = new HeldCredentials(new Credential("ASIA0000000000000001", "s", Principal.Root("123456789012")), "arn:aws:iam::123456789012:role/app", Issued);

        Assert.True(CredentialRenewal.IsDue(held, Issued));
    }

    [Fact]
    public void CanServe_UntilOneMinuteBeforeExpiry()
    {
        var held = Held(TimeSpan.FromHours(1));

        Assert.True(CredentialRenewal.CanServe(held, Issued + TimeSpan.FromMinutes(58)));
        Assert.False(CredentialRenewal.CanServe(held, Issued + TimeSpan.FromMinutes(59)));
        Assert.False(CredentialRenewal.CanServe(held, Issued + TimeSpan.FromHours(2)));
        Assert.False(CredentialRenewal.CanServe(null, Issued));
    }
}
