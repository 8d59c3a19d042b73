using OpenSms.Core.Iam;
using static OpenSms.Core.Tests.Iam.IamTestKit;

namespace OpenSms.Core.Tests.Iam;

public sealed class ActionCatalogueTests
{
    [Theory]
    [InlineData("PUT", "/v3/tasks/{task_id}/progress", "sms:server:updateTaskProgress")]
    [InlineData("put", "/v3/tasks/{id}/progress", "sms:server:updateTaskProgress")]
    [InlineData("GET", "/v3/tasks/{task_id}/speed-limit", "sms:server:getTaskSpeedLimit")]
    [InlineData("POST", "/v3/tasks/{task_id}/speed-limit", "sms:server:updateTaskSpeedLimit")]
    [InlineData("POST", "/v3/tasks/delete", "sms:server:deleteTask")]
    [InlineData("GET", "/v3/tasks/{task_id}", "sms:server:getTask")]
    [InlineData("GET", "/v3/tasks", "sms:server:listTask")]
    [InlineData("POST", "/v3/{task_id}/update-network-check-info", "sms:server:updateNetworkCheckInfo")]
    [InlineData("GET", "/v3/sources/overview", "sms:server:overview")]
    [InlineData("GET", "/v3/sources/{server_id}/command", "sms:server:getCommand")]
    [InlineData("POST", "/v3/sources/{source_id}/command_result", "sms:server:updateCommandResult")]
    [InlineData("GET", "v3/vm/templates/{id}/target-password/", "sms:template:getTargetPassword")]
    [InlineData("POST", "/v3/privacy-agreements", "sms:server:createPrivacyAgreement")]
    [InlineData("PATCH", "/v3/tasks/{task_id}", null)]
    [InlineData("GET", "/v3/tasks/{task_id}/unlock", null)]
    [InlineData("GET", "/v3/tasks/overview", null)]
    public void AnEndpointIsFoundByMethodAndRouteWhateverItsParametersAreCalled(string method, string route, string? action) =>
        Assert.Equal(action, ActionCatalogue.Find(method, route)?.Action);

    [Fact]
    public void ProgressIsAWriteOnTheSourceServerWithTheMigrationServerAlias()
    {
        var entry = ActionCatalogue.Find("PUT", "/v3/tasks/{task_id}/progress")!;
        Assert.Equal(
            new CatalogueEntry("PUT", "/v3/tasks/{task_id}/progress", "UpdateTaskSpeed", "sms:server:updateTaskProgress",
                AccessLevel.Write, "server", "g:EnterpriseProjectId", "sms:server:migrationServer", ResourceScope.PathServer, true),
            entry);
    }

    [Fact]
    public void EachEndpointAppearsOnce()
    {
        var keys = ActionCatalogue.All.Select(e => $"{e.Method} {e.Route}").ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void EveryActionAndAliasIsUsableInAPolicy()
    {
        var names = ActionCatalogue.All.SelectMany(e => new[] { e.Action, e.Alias }).OfType<string>().Distinct();
        var document = Doc("5.0", Statement("Allow", string.Join(",", names)));
        Assert.NotNull(PolicyParser.Parse(Json(document)).Value);
    }

    [Fact]
    public void AliasesComeFromTheRoleBasedVocabulary()
    {
        string?[] known = [ActionCatalogue.MigrationServer, ActionCatalogue.QueryServer, ActionCatalogue.RegisterServer, null];
        Assert.All(ActionCatalogue.All, e => Assert.Contains(e.Alias, known));
        // The agent's command poll is the one Read that Huawei files under migrationServer.
        var reads = ActionCatalogue.All.Where(e => e.Access != AccessLevel.Write && e.Operation != "ShowCommand" && e.Action.StartsWith("sms:", StringComparison.Ordinal));
        Assert.All(reads, e => Assert.Equal(ActionCatalogue.QueryServer, e.Alias));
    }

    [Fact]
    public void OnlyServerEndpointsCarryTheEnterpriseProjectKeyAndAServerResource()
    {
        Assert.All(ActionCatalogue.All, e =>
        {
            Assert.Equal(e.ResourceType == "server", e.ConditionKey == ConditionKeys.EnterpriseProjectId);
            if (e.Scope != ResourceScope.Account) Assert.Equal("server", e.ResourceType);
        });
    }

    [Fact]
    public void TheRequestForAnEntryLetsARoleBasedGrantThroughItsAlias()
    {
        var entry = ActionCatalogue.Find("PUT", "/v3/tasks/{task_id}/progress")!;
        var request = entry.ToRequest(ResourceUrn.ForServer("cn-north-4", "acc1", "s-1"), Context("g:EnterpriseProjectId=ep-1"));
        var agent = Policy(Doc("1.1", Statement("Allow", "sms:server:registerServer,sms:server:migrationServer,sms:server:queryServer")));

        Assert.Equal(Server1, request.Resource);
        Assert.True(PolicyEvaluator.Evaluate(request, [agent]).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(request with { Aliases = [] }, [agent]).Allowed);
    }

    [Fact]
    public void EveryCatalogueEntryHasItsRowInTheDocs()
    {
        var rows = RepoFiles.Read("docs/iam.md").Split('\n').Where(l => l.StartsWith('|')).ToList();
        Assert.All(ActionCatalogue.All, e => Assert.Contains(rows, row =>
            row.StartsWith($"| {e.Method} | `{e.Route}` | {e.Operation} | `{e.Action}` | {e.Access} |", StringComparison.Ordinal) &&
            row.Contains(e.Alias is null ? "| - |" : $"`{e.Alias}`", StringComparison.Ordinal)));
    }
}
