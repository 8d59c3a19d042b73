using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OpenSms.Server.Tests;

/// <summary>
/// Every route with an id in its path, taken from the server's own route table: another
/// account's administrator naming the first account's task, source, project, template, user,
/// policy or key gets 404 SMS.9005 and changes nothing.
/// </summary>
public sealed class CrossAccountRouteTests(OpenSmsApp app) : IClassFixture<OpenSmsApp>
{
    /// <summary>Routes with a path parameter that names no resource of an account.</summary>
    static readonly HashSet<string> NotAccountResources = new(StringComparer.Ordinal)
    {
        "GET /{version}",
        // The console's static files.
        "GET /console/{**path}",
        // Operator-only: any other administrator is refused before the id is looked at (AccountTests).
        "DELETE /v3/opensms/accounts/{account_id}",
    };

    /// <summary>A body the route accepts, so only the id decides the answer; <c>{}</c> when not listed.</summary>
    static readonly Dictionary<string, string> Bodies = new(StringComparer.Ordinal)
    {
        ["PUT /v3/tasks/{task_id}"] = """{"name":"stolen"}""",
        ["POST /v3/tasks/{task_id}/action"] = """{"operation":"start"}""",
        ["PUT /v3/tasks/{task_id}/progress"] = Api.ProgressBody().ToJsonString(),
        ["POST /v3/sources/{source_id}/command_result"] = """{"command_name":"START","result":"fail"}""",
        ["PUT /v3/sources/{source_id}"] = """{"name":"stolen"}""",
        ["POST /v3/tasks/{task_id}/configuration-setting"] = """{"configurations":[{"config_key":"MIGRATE_EXCLUDE_DIR","config_value":"/tmp"}]}""",
        ["POST /v3/tasks/{task_id}/consistency-result"] =
            """{"consistency_result":[{"dir_check":"/etc","num_total_files":1,"num_different_files":0,"num_target_miss_files":0,"num_target_more_files":0}]}""",
        ["POST /v3/tasks/{task_id}/log"] = """{"log_bucket":"stolen-logs"}""",
        ["POST /v3/tasks/{task_id}/speed-limit"] = """{"speed_limit":[{"start":"08:00","end":"09:00","speed":100}]}""",
        ["POST /v3/{task_id}/update-network-check-info"] = """{"domain_connectivity":true,"destination_connectivity":true,"network_delay":1.0,"network_jitter":1.0,"migration_speed":10.0,"loss_percentage":0.0,"cpu_usage":1.0,"mem_usage":1.0,"evaluation_result":"GOOD_NET"}""",
        ["PUT /v3/sources/{source_id}/changestate"] = """{"copystate":"waiting"}""",
        ["PUT /v3/sources/{source_id}/diskinfo"] = """{"disks":[{"name":"/dev/sda","device_use":"OS","partition_style":"GPT","size":1000,"used_size":10,"physical_volumes":[]}]}""",
        ["PUT /v3/vm/templates/{id}"] = """{"template":{"name":"stolen"}}""",
        ["POST /v5/policies/{policy_id}/attach-user"] = """{"user_id":"{stranger_user}"}""",
        ["POST /v5/policies/{policy_id}/detach-user"] = """{"user_id":"{stranger_user}"}""",
    };

    static readonly JsonObject Template = new()
    {
        ["template"] = new JsonObject
        {
            ["name"] = "tpl", ["is_template"] = true, ["region"] = "cn-north-4", ["projectid"] = "p-1", ["target_server_name"] = "tpl-vm",
            ["availability_zone"] = "cn-north-4a", ["volumetype"] = "SSD", ["flavor"] = "s6.large.2", ["target_password"] = "Target-pass-1!",
        },
    };

    static string Route(RouteEndpoint e, string method) => $"{method} {e.RoutePattern.RawText!.TrimEnd('/')}";

    [Fact]
    public async Task AnotherAccountsIdInAnyRouteIs404SMS9005AndTheResourceIsUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        using var owner = await app.TenantClientAsync(ct);
        using var stranger = await app.TenantClientAsync(ct);
        var m = await owner.NewMigrationAsync(ct);
        var user = await owner.NewUserAsync(ct);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["{task_id}"] = m.TaskId, ["{source_id}"] = m.SourceId, ["{user_id}"] = user.Id,
            ["{policy_id}"] = await owner.NewPolicyAsync(IamApi.Allow("sms:server:listTask"), ct),
            ["{access}"] = (await owner.NewKeyAsync(user.Id, ct)).Access,
            ["{mig_project_id}"] = await IdOfAsync(owner, "/v3/migprojects", new JsonObject { ["name"] = Kit.Unique("wave"), ["region"] = "cn-north-4", ["type"] = "MIGRATE_FILE" }, ct),
            ["{id}"] = await IdOfAsync(owner, "/v3/vm/templates", Template, ct),
            ["{stranger_user}"] = (await stranger.NewUserAsync(ct)).Id,
            ["{webhook_id}"] = await WebhookIdAsync(owner, ct),
        };
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count > 0 && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => Route(e, method)))
            .Where(r => !NotAccountResources.Contains(r)).Distinct().Order(StringComparer.Ordinal).ToList();
        string Fill(string s) => ids.Aggregate(s, (text, id) => text.Replace(id.Key, id.Value, StringComparison.Ordinal));

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var space = route.IndexOf(' ', StringComparison.Ordinal);
            var (method, path) = (route[..space], Fill(route[(space + 1)..]));
            Assert.DoesNotContain("{", path, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT") request.Content = Api.RawJson(Fill(Bodies.GetValueOrDefault(route, "{}")));
            using var response = await stranger.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.NotFound || !body.Contains("\"error_code\":\"SMS.9005\"", StringComparison.Ordinal))
                wrong.Add($"{route}: {(int)response.StatusCode} {body}");
        }

        Assert.True(routes.Count >= 40, $"only {routes.Count} routes with ids");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        var task = await owner.GetJsonAsync($"/v3/tasks/{m.TaskId}", ct);
        Assert.Equal(("READY", false), (task["state"]!.GetValue<string>(), task["name"]!.GetValue<string>() == "stolen"));
        Assert.Equal(user.Name, (await owner.GetJsonAsync($"/v3/users/{user.Id}", ct))["user"]!["name"]!.GetValue<string>());
        foreach (var path in new[] { $"/v5/policies/{ids["{policy_id}"]}", $"/v3/migprojects/{ids["{mig_project_id}"]}", $"/v3/vm/templates/{ids["{id}"]}", $"/v3/sources/{m.SourceId}" })
            await owner.GetJsonAsync(path, ct);
        Assert.Single((await owner.GetJsonAsync("/v3.0/OS-CREDENTIAL/credentials", ct))["credentials"]!.AsArray());
    }

    static async Task<string> WebhookIdAsync(HttpClient client, CancellationToken ct)
    {
        var body = new JsonObject { ["url"] = "https://hooks.example.com/opensms", ["events"] = new JsonArray("state"), ["secret"] = "0123456789abcdef" };
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v3/opensms/webhooks") { Content = Api.RawJson(body.ToJsonString()) }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["webhook"]!["id"]!.GetValue<string>();
    }

    static async Task<string> IdOfAsync(HttpClient client, string path, JsonObject body, CancellationToken ct)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.RawJson(body.ToJsonString()) }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<string>();
    }
}
