using System.Text.Json;
using Berth.Ecs.Model;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>Service members Berth does not act on are refused by name, never stored and dropped.</summary>
public sealed class UnsupportedServiceFieldsTests : IDisposable
{
    readonly ServiceHarness _h = new();

    public void Dispose() => _h.Dispose();

    static Dictionary<string, JsonElement> Extra(string name, string json) => new() { [name] = JsonDocument.Parse(json).RootElement.Clone() };

    [Theory]
    [InlineData("serviceConnectConfiguration", """{"enabled":true,"namespace":"internal"}""", "Service Connect")]
    [InlineData("volumeConfigurations", """[{"name":"data"}]""", "volumeConfigurations")]
    [InlineData("vpcLatticeConfigurations", """[{"roleArn":"arn:aws:iam::1:role/r"}]""", "vpcLatticeConfigurations")]
    [InlineData("someFutureMember", """{"on":true}""", "Unexpected parameter 'someFutureMember'")]
    public async Task CreateAndUpdateService_RefuseWhatBerthDoesNotDo_NamingIt_AndChangeNothing(string name, string json, string fragment)
    {
        var td = await _h.SetUpAsync();
        await AwsAssert.RefusedAsync(() => _h.Services.CreateAsync(new CreateServiceRequest
        {
            Cluster = "c",
            ServiceName = "other",
            TaskDefinition = td,
            DesiredCount = 1,
            Extra = Extra(name, json),
        }, ServiceHarness.Ct), "InvalidParameterException", fragment);
        Assert.Empty(await _h.LiveAsync());

        await _h.CreateAsync(td, 1);
        await AwsAssert.RefusedAsync(() => _h.Services.UpdateAsync(new UpdateServiceRequest
        {
            Cluster = "c",
            Service = "svc",
            DesiredCount = 3,
            Extra = Extra(name, json),
        }, ServiceHarness.Ct), "InvalidParameterException", fragment);
        Assert.Equal(1, (await _h.ServiceAsync()).DesiredCount);
    }

    [Fact]
    public async Task CreateService_AcceptsServiceConnectDisabled_AndEmptyLists()
    {
        var td = await _h.SetUpAsync();
        var extra = Extra("serviceConnectConfiguration", """{"enabled":false}""");
        extra["volumeConfigurations"] = JsonDocument.Parse("[]").RootElement.Clone();
        var created = await _h.Services.CreateAsync(new CreateServiceRequest
        {
            Cluster = "c",
            ServiceName = "svc",
            TaskDefinition = td,
            DesiredCount = 1,
            Extra = extra,
        }, ServiceHarness.Ct);
        Assert.Equal("ACTIVE", created.Status);
    }
}
