using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>Version 5.0 Resource URNs (sms:region:account:server:source_id) limit a grant to one source's task.</summary>
public sealed class ResourceUrnTests(IamHost host) : IClassFixture<IamHost>
{
    const string Report = "sms:server:updateTaskProgress";

    static string AllowOn(string resource) =>
        $"{{'Version':'5.0','Statement':[{{'Effect':'Allow','Action':['sms:server:updateTaskProgress','sms:server:getTask'],'Resource':'{resource}'}}]}}";

    public static TheoryData<string> MatchingPatterns =>
        ["sms:*:*:server:{source}", "sms:opensms-1:{account}:server:{source}", "sms:*:{account}:server:{source}"];

    [Theory]
    [MemberData(nameof(MatchingPatterns))]
    public async Task AnAllowOnOneSourcesUrnLetsTheUserActOnThatSourcesTaskOnly(string pattern)
    {
        var ct = TestContext.Current.CancellationToken;
        var (mine, mySource) = await host.NewTaskAsync(ct);
        var (other, otherSource) = await host.NewTaskAsync(ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        await host.GrantAsync(user, AllowOn(pattern.Replace("{source}", mySource, StringComparison.Ordinal)
            .Replace("{account}", host.AccountId, StringComparison.Ordinal)), ct);

        using var reported = await client.ReportAsync(mine, Api.ProgressBody(), ct);
        using var shown = await client.GetAsync($"/v3/tasks/{mine}", ct);
        using var deniedReport = await client.ReportAsync(other, Api.ProgressBody(), ct);
        using var deniedShow = await client.GetAsync($"/v3/tasks/{other}", ct);

        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        await deniedReport.AssertDeniedAsync(Report, host.ServerUrn(otherSource), ct);
        await deniedShow.AssertDeniedAsync("sms:server:getTask", host.ServerUrn(otherSource), ct);
    }

    public static TheoryData<string> OtherPatterns =>
        ["sms:*:other-account:server:*", "sms:cn-north-4:*:server:*", "sms:*:*:template:*", "sms:*:*:server:nope-*"];

    [Theory]
    [MemberData(nameof(OtherPatterns))]
    public async Task AnAllowOnAnotherAccountRegionTypeOrIdGrantsNothing(string pattern)
    {
        var ct = TestContext.Current.CancellationToken;
        var (taskId, sourceId) = await host.NewTaskAsync(ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        await host.GrantAsync(user, AllowOn(pattern), ct);

        using var response = await client.ReportAsync(taskId, Api.ProgressBody(), ct);

        await response.AssertDeniedAsync(Report, host.ServerUrn(sourceId), ct);
    }

    [Fact]
    public async Task AnAllowOnOneSourceDoesNotCoverAccountLevelLists()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, sourceId) = await host.NewTaskAsync(ct);
        var (user, client) = await host.NewSignedInUserAsync(ct);
        using var __ = client;
        await host.GrantAsync(user, $"{{'Version':'5.0','Statement':[{{'Effect':'Allow','Action':'sms:server:listTask','Resource':'{host.ServerUrn(sourceId)}'}}]}}", ct);

        using var response = await client.GetAsync("/v3/tasks", ct);

        await response.AssertDeniedAsync("sms:server:listTask", "*", ct);
    }
}
