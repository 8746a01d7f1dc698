using Berth.Ecs.Services;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;
using Berth.Store;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Clusters;

/// <summary>Account settings over a real SQLite store: who they are for, what wins, and what a new cluster takes from them.</summary>
public sealed class AccountSettingServiceTests : IDisposable
{
    const string Account = "123456789012";
    const string RootArn = $"arn:aws:iam::{Account}:root";
    const string AliceArn = $"arn:aws:iam::{Account}:user/alice";
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TempDatabase _db = new();
    readonly AccountSettingService _settings;
    readonly ClusterService _clusters;
    readonly Principal _root = Principal.Root(Account);
    readonly Principal _alice = new() { Arn = AliceArn, Kind = PrincipalKind.User, AccountId = Account, UserId = "AIDAALICE", Name = "alice" };
    readonly Principal _roleSession = new()
    {
        Arn = $"arn:aws:sts::{Account}:assumed-role/deployer/s1",
        Kind = PrincipalKind.AssumedRole,
        AccountId = Account,
        UserId = "AROA:s1",
        RoleArn = $"arn:aws:iam::{Account}:role/deployer",
    };

    public AccountSettingServiceTests()
    {
        var store = new SqliteStateStore(_db.Db);
        var arns = new Arns(Account, "us-east-1");
        _settings = new AccountSettingService(store, arns);
        _clusters = new ClusterService(store, arns, new TagService(store), _settings);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Put_WithoutPrincipal_IsForTheCaller()
    {
        var s = await _settings.PutAsync("containerInsights", "enabled", null, _alice, Ct);
        Assert.Equal((AliceArn, "user"), (s.PrincipalArn, s.Type));
        var (mine, _) = await _settings.ListAsync(null, null, null, false, null, null, _alice, Ct);
        Assert.Equal("enabled", Assert.Single(mine).Value);
        var (roots, _) = await _settings.ListAsync(null, null, null, false, null, null, _root, Ct);
        Assert.Empty(roots);
    }

    [Fact]
    public async Task AssumedRole_SettingsBelongToTheRole()
    {
        var s = await _settings.PutAsync("awsvpcTrunking", "enabled", null, _roleSession, Ct);
        Assert.Equal($"arn:aws:iam::{Account}:role/deployer", s.PrincipalArn);
    }

    [Fact]
    public async Task Effective_OwnThenAccountThenDefault()
    {
        var (before, _) = await _settings.ListAsync("containerInsights", null, null, true, null, null, _alice, Ct);
        Assert.Equal(("disabled", "aws_managed"), (before[0].Value, before[0].Type));
        await _settings.PutDefaultAsync("containerInsights", "enhanced", Ct);
        Assert.Equal("enhanced", (await _settings.EffectiveAsync("containerInsights", AliceArn, Ct)).Value);
        await _settings.PutAsync("containerInsights", "enabled", null, _alice, Ct);
        Assert.Equal("enabled", (await _settings.EffectiveAsync("containerInsights", AliceArn, Ct)).Value);
        await _settings.DeleteAsync("containerInsights", null, _alice, Ct);
        Assert.Equal("enhanced", (await _settings.EffectiveAsync("containerInsights", AliceArn, Ct)).Value);
    }

    [Fact]
    public async Task NewCluster_TakesTheCreatorsContainerInsights_UnlessItSetsOne()
    {
        await _settings.PutAsync("containerInsights", "enabled", null, _alice, Ct);
        var c = await _clusters.CreateAsync("ci", null, new ClusterService.ClusterInput(), AliceArn, Ct);
        Assert.Equal("enabled", Assert.Single(c.Settings!).Value);
        var other = await _clusters.CreateAsync("ci2", null, new ClusterService.ClusterInput(), RootArn, Ct);
        Assert.Equal("disabled", Assert.Single(other.Settings!).Value);
        var own = await _clusters.CreateAsync("ci3", null, new ClusterService.ClusterInput { Settings = [new() { Name = "containerInsights", Value = "enhanced" }] }, AliceArn, Ct);
        Assert.Equal("enhanced", Assert.Single(own.Settings!).Value);
    }

    [Fact]
    public async Task List_FiltersByNameAndValue_AndPages()
    {
        await _settings.PutAsync("awsvpcTrunking", "enabled", null, _root, Ct);
        await _settings.PutAsync("containerInsights", "enabled", null, _root, Ct);
        await _settings.PutAsync("fargateTaskRetirementWaitPeriod", "14", null, _root, Ct);
        var (byName, _) = await _settings.ListAsync("containerInsights", "enabled", null, false, null, null, _root, Ct);
        Assert.Single(byName);
        var (none, _) = await _settings.ListAsync("containerInsights", "disabled", null, false, null, null, _root, Ct);
        Assert.Empty(none);
        var (first, next) = await _settings.ListAsync(null, null, null, false, null, 2, _root, Ct);
        Assert.Equal(2, first.Count);
        var (second, last) = await _settings.ListAsync(null, null, null, false, next, 2, _root, Ct);
        Assert.Single(second);
        Assert.Null(last);
        var (effective, _) = await _settings.ListAsync(null, null, null, true, null, 10, _root, Ct);
        Assert.Equal(10, effective.Count);
    }

    [Theory]
    [InlineData("serviceLongArnFormat", "disabled", "long ARN format")]
    [InlineData("fargateFIPSMode", "enabled", "FIPS")]
    [InlineData("guardDutyActivate", "on", "read-only")]
    [InlineData("containerInsights", "maybe", "Valid values: enabled, disabled, enhanced")]
    [InlineData("nope", "enabled", "Invalid account setting name 'nope'")]
    public async Task Put_ValuesBerthCannotHonour_AreRefusedByName(string name, string value, string fragment)
    {
        await AwsAssert.RefusedAsync(() => _settings.PutAsync(name, value, null, _root, Ct), "InvalidParameterException", fragment);
        var (all, _) = await _settings.ListAsync(null, null, null, false, null, null, _root, Ct);
        Assert.Empty(all);
    }

    [Fact]
    public async Task AccountOnlySetting_ForAUser_IsRefused() =>
        await AwsAssert.RefusedAsync(() => _settings.PutAsync("fargateTaskRetirementWaitPeriod", "0", null, _alice, Ct), "InvalidParameterException", "for the whole account only");

    [Fact]
    public async Task PrincipalArn_OfSomeoneElse_NeedsRoot()
    {
        await AwsAssert.RefusedAsync(() => _settings.PutAsync("containerInsights", "enabled", $"arn:aws:iam::{Account}:user/bob", _alice, Ct), "ClientException", "Only the root user");
        var s = await _settings.PutAsync("containerInsights", "enabled", $"arn:aws:iam::{Account}:user/bob", _root, Ct);
        Assert.Equal($"arn:aws:iam::{Account}:user/bob", s.PrincipalArn);
    }

    [Theory]
    [InlineData("bob")]
    [InlineData("arn:aws:iam::999999999999:user/bob")]
    [InlineData("arn:aws:s3:::bucket")]
    public async Task PrincipalArn_NotAnIamPrincipalOfTheAccount_IsRefused(string principal) =>
        await AwsAssert.RefusedAsync(() => _settings.PutAsync("containerInsights", "enabled", principal, _root, Ct), "InvalidParameterException", "principalArn");

    [Fact]
    public async Task Delete_WhatWasNeverSet_IsRefused() =>
        await AwsAssert.RefusedAsync(() => _settings.DeleteAsync("containerInsights", null, _root, Ct), "InvalidParameterException", "nothing to delete");

    [Fact]
    public async Task List_ValueWithoutName_IsRefused() =>
        await AwsAssert.RefusedAsync(() => _settings.ListAsync(null, "enabled", null, false, null, null, _root, Ct), "InvalidParameterException", "specify name too");
}
