using System.Text.Json.Nodes;
using CsCheck;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>An endpoint to fuzz: its method, its path (with id placeholders) and a valid body to start from.</summary>
public sealed record FuzzEndpoint(string Method, string Path, JsonObject? Template = null, bool HasQuery = false, Gen<byte[]?>? Bodies = null);

/// <summary>The endpoints of each fuzzed family, and the generator of requests against them.</summary>
public static class FuzzEndpoints
{
    static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    public static JsonObject PolicyDocument() => new()
    {
        ["Version"] = "5.0",
        ["Statement"] = new JsonArray(new JsonObject
        {
            ["Effect"] = "Allow", ["Action"] = new JsonArray("sms:server:*"), ["Resource"] = new JsonArray("sms:*:*:server:*"),
            ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["g:EnterpriseProjectId"] = new JsonArray("0") } },
        }),
    };

    public static JsonObject PolicyBody(string name) => new()
    {
        ["policy_name"] = name, ["policy_document"] = PolicyDocument().ToJsonString(), ["description"] = "fuzz",
    };

    static JsonObject Progress() => new()
    {
        ["subtask_name"] = "MIGRATE_LINUX_FILE", ["progress"] = 10, ["replicatesize"] = 100, ["totalsize"] = 1000,
        ["process_trace"] = "copying /var", ["migrate_speed"] = 12.5, ["compress_rate"] = 1.5, ["remain_time"] = 60,
        ["total_cpu_usage"] = 20.0, ["agent_cpu_usage"] = 2.0, ["total_mem_usage"] = 300.0, ["agent_mem_usage"] = 30.0,
        ["total_disk_io"] = 5.0, ["agent_disk_io"] = 1.0, ["need_migration_test"] = false, ["agent_time"] = "2026-11-26 10:00:00",
    };

    static JsonObject SpeedLimit() => new()
    {
        ["speed_limit"] = new JsonArray(
            new JsonObject { ["start"] = "08:00", ["end"] = "12:00", ["speed"] = 100, ["over_speed_threshold"] = 10, ["days"] = new JsonArray("Mon", "Tue") },
            new JsonObject { ["start"] = "22:00", ["end"] = "02:00", ["speed"] = 0 }),
        ["time_zone"] = "Europe/Berlin",
    };

    static JsonObject UpdateTask() => new() { ["name"] = "renamed", ["enterprise_project_id"] = "0", ["speed_limit"] = 50 };

    public static readonly IReadOnlyDictionary<string, FuzzEndpoint[]> Families = new Dictionary<string, FuzzEndpoint[]>
    {
        ["progress"] = [new("PUT", "/v3/tasks/{task}/progress", Progress()), new("PUT", "/v3/tasks/{fresh-task}/progress", Progress())],
        ["speed-limit"] =
        [
            new("GET", "/v3/tasks/{task}/speed-limit"), new("POST", "/v3/tasks/{task}/speed-limit", SpeedLimit()),
            new("GET", "/v3/opensms/tasks/{task}/speed-limit/timeline", HasQuery: true), new("GET", "/v3/opensms/tasks/{task}/overspeed-events"),
        ],
        ["task"] =
        [
            new("POST", "/v3/tasks", Api.TaskBody("{source}")), new("GET", "/v3/tasks", HasQuery: true), new("GET", "/v3/tasks/{task}"),
            new("PUT", "/v3/tasks/{task}", UpdateTask()), new("DELETE", "/v3/tasks/{fresh-task}"),
            new("POST", "/v3/tasks/delete", new JsonObject { ["ids"] = new JsonArray("{fresh-task}") }),
            new("POST", "/v3/tasks/{fresh-task}/action", new JsonObject { ["operation"] = "start", ["switch_hce"] = false, ["is_need_consistency_check"] = false }),
            new("GET", "/v3/opensms/tasks/{task}/samples", HasQuery: true),
        ],
        ["source"] =
        [
            new("POST", "/v3/sources", Api.SourceBody()), new("GET", "/v3/sources", HasQuery: true), new("GET", "/v3/sources/{source}"),
            new("DELETE", "/v3/sources/{fresh-source}"), new("POST", "/v3/sources/delete", new JsonObject { ["ids"] = new JsonArray("{fresh-source}") }),
            new("GET", "/v3/sources/{source}/command"),
            new("POST", "/v3/sources/{source}/command_result", new JsonObject { ["command_name"] = "START", ["result"] = "success", ["result_detail"] = new JsonObject() }),
        ],
        ["token"] =
        [
            new("POST", "/v3/auth/tokens", Token()), new("GET", "/v3/auth/tokens"), new("DELETE", "/v3/auth/tokens"),
        ],
        ["user"] =
        [
            new("POST", "/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = "fuzz-new", ["password"] = "Fuzz-pass-12", ["domain_id"] = "{domain}", ["enabled"] = true } }),
            new("GET", "/v3/users"), new("GET", "/v3/users/{user}"), new("DELETE", "/v3/users/{fresh-user}"),
        ],
        ["policy"] =
        [
            new("POST", "/v5/policies", Bodies: FuzzGen.NestedDocumentBody(PolicyBody("fuzz-policy"), "policy_document", PolicyDocument())),
            new("GET", "/v5/policies"), new("GET", "/v5/policies/{policy}"), new("DELETE", "/v5/policies/{fresh-policy}"),
            new("POST", "/v5/policies/{policy}/attach-user", new JsonObject { ["user_id"] = "{user}" }),
            new("POST", "/v5/policies/{policy}/detach-user", new JsonObject { ["user_id"] = "{user}" }),
        ],
        ["access-key"] =
        [
            new("POST", "/v3.0/OS-CREDENTIAL/credentials", new JsonObject { ["credential"] = new JsonObject { ["user_id"] = "{user}", ["description"] = "fuzz" } }),
            new("GET", "/v3.0/OS-CREDENTIAL/credentials", HasQuery: true), new("DELETE", "/v3.0/OS-CREDENTIAL/credentials/{fresh-access}"),
        ],
    };

    static JsonObject Token() => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = "fuzz-member", ["password"] = "not-the-password", ["domain"] = new JsonObject { ["name"] = "opensms" } } },
            },
            ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "default" } },
        },
    };

    /// <summary>Requests against one family: its endpoints with odd ids, queries, bodies, headers and callers.</summary>
    public static Gen<FuzzRequest> Requests(string family) =>
        Gen.OneOf(Families[family].Select(Requests).ToArray());

    static Gen<FuzzRequest> Requests(FuzzEndpoint e)
    {
        var method = Gen.Frequency((20, Gen.Const(e.Method)), (1, Gen.OneOf(Methods)));
        var path = Placeholder(e.Path) is { } placeholder
            ? FuzzGen.Id(placeholder).Select(id => e.Path.Replace(placeholder, id, StringComparison.Ordinal))
            : Gen.Const(e.Path);
        var query = e.HasQuery ? FuzzGen.Query : Gen.Const("");
        var subjectToken = e.Path == "/v3/auth/tokens" && e.Method != "POST"
            // Never a token the fuzzer itself signs in with: DELETE revokes it.
            ? Gen.OneOf("{victim-token}", "", "x.y.z", new string('s', 4000))
                .Select(t => (KeyValuePair<string, string>[])[new("X-Subject-Token", t)])
            : Gen.Const(Array.Empty<KeyValuePair<string, string>>());
        var headers = Gen.Select(subjectToken, FuzzGen.Headers, (a, b) => (IReadOnlyList<KeyValuePair<string, string>>)[.. a, .. b]);
        return Gen.Select(method, path, query, e.Bodies ?? FuzzGen.Body(e.Template), FuzzGen.ContentType, FuzzGen.Auths, headers,
            (m, p, q, body, type, auth, h) => new FuzzRequest(m, p + q, body, body is null ? null : type, auth, h));
    }

    static string? Placeholder(string path)
    {
        var start = path.IndexOf('{', StringComparison.Ordinal);
        return start < 0 ? null : path[start..(path.IndexOf('}', start) + 1)];
    }
}
