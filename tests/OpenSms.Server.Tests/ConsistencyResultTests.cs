using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>UpdateConsistencyResult, ShowConsistencyResult and ExportConsistencyResults.</summary>
public sealed class ConsistencyResultTests(SurfaceHost host) : IClassFixture<SurfaceHost>
{
    static JsonObject Row(string dir, int total, int different = 0, int missing = 0, int more = 0) => new()
    {
        ["dir_check"] = dir, ["num_total_files"] = total, ["num_different_files"] = different,
        ["num_target_miss_files"] = missing, ["num_target_more_files"] = more,
    };

    static JsonObject Upload(params JsonObject[] rows) => new() { ["consistency_result"] = new JsonArray(rows) };

    static string PathOf(string taskId) => $"/v3/tasks/{taskId}/consistency-result";

    [Fact]
    public async Task EachUploadIsACheckShownInOrderWithItsVerdict()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct);

        using var first = await host.Admin.PostAsync(PathOf(taskId),
            Api.RawJson(Upload(Row("/etc", 120, different: 2), Row("/home", 4000)).ToJsonString(), "application/json;charset=UTF-8"), ct);
        Assert.Equal("{}", await first.Content.ReadAsStringAsync(ct));
        (await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Row("/etc", 120), Row("/home", 4000)), ct)).Dispose();

        var shown = await host.Admin.GetJsonAsync(PathOf(taskId), ct);
        Assert.Equal(taskId, shown["task_id"].Text());
        var checks = shown["result_list"]!.AsArray();
        Assert.Equal(2, checks.Count);
        Assert.Equal("inconsistent", checks[0]!["check_result"].Text());
        Assert.Equal("consistent", checks[1]!["check_result"].Text());
        Assert.True(checks[0]!["finished_time"]!.GetValue<long>() > 0);
        Assert.True(JsonNode.DeepEquals(Row("/etc", 120, different: 2), checks[0]!["consistency_result"]![0]));
        Assert.True((await host.Admin.ShowServerAsync(sourceId, ct))["is_consistency_result_exist"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ATaskWithoutChecksShowsAnEmptyList()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct);

        var shown = await host.Admin.GetJsonAsync(PathOf(taskId), ct);

        Assert.Empty(shown["result_list"]!.AsArray());
        Assert.False((await host.Admin.ShowServerAsync(sourceId, ct))["is_consistency_result_exist"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EveryMissingOrNegativeFieldIsNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var bad = Row("/etc", -1).Without("dir_check").With("num_different_files", 3_000_000_000L).Without("num_target_more_files");

        using var response = await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Row("/ok", 1), bad), ct);
        using var missing = await host.Admin.PostJsonAsync(PathOf(taskId), new JsonObject(), ct);

        await response.InvalidAsync(ct, "consistency_result[1].dir_check", "consistency_result[1].num_total_files",
            "consistency_result[1].num_different_files", "consistency_result[1].num_target_more_files");
        await missing.InvalidAsync(ct, "consistency_result");
        Assert.Empty((await host.Admin.GetJsonAsync(PathOf(taskId), ct))["result_list"]!.AsArray());
    }

    [Fact]
    public async Task AnotherAccountsTaskIsNotFoundForReadingAndWriting()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await host.Other.NewTaskAsync(ct, "other-web");

        using var read = await host.Admin.GetAsync(PathOf(theirs), ct);
        using var write = await host.Admin.PostJsonAsync(PathOf(theirs), Upload(Row("/etc", 1)), ct);
        using var unknown = await host.Admin.GetAsync(PathOf(Guid.NewGuid().ToString()), ct);

        await read.NotFoundAsync(ct);
        await write.NotFoundAsync(ct);
        await unknown.NotFoundAsync(ct);
        Assert.Empty((await host.Other.GetJsonAsync(PathOf(theirs), ct))["result_list"]!.AsArray());
    }

    [Fact]
    public async Task TheExportIsACsvAttachmentOfEachTasksLatestCheck()
    {
        var ct = TestContext.Current.CancellationToken;
        var (sourceId, taskId) = await host.Admin.NewSourceAndTaskAsync(ct, "db-01");
        var (_, unchecked_) = await host.Admin.NewSourceAndTaskAsync(ct, "db-02");
        (await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Row("/old", 1, missing: 1)), ct)).Dispose();
        (await host.Admin.PostJsonAsync(PathOf(taskId), Upload(Row("/var/lib,data", 10, more: 3), Row("=cmd", 2)), ct)).Dispose();

        using var response = await host.Admin.PostAsync("/v3/tasks/consistency-results/export",
            Api.RawJson(Export(taskId, unchecked_).ToJsonString(), "application/json;charset=UTF-8"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await ReadCsvAsync(response, ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Task ID,Source ID,Source Name,Check Result", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"{taskId},{sourceId},db-01,inconsistent,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",\"/var/lib,data\",10,0,0,3", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",'=cmd,2,0,0,0", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"{unchecked_},", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("/old", lines[1] + lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportSpeaksChineseWhenAskedTo()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/tasks/consistency-results/export") { Content = Api.RawJson(Export(taskId).ToJsonString()) };
        request.Headers.Add("X-Language", "zh-cn");

        using var response = await host.Admin.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("任务ID,源端ID,源端名称", await ReadCsvAsync(response, ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExportNamesEveryBadEntryAndRefusesAnotherAccountsTask()
    {
        var ct = TestContext.Current.CancellationToken;
        var theirs = await host.Other.NewTaskAsync(ct, "other-web");
        var bad = new JsonObject { ["task_info"] = new JsonArray(new JsonObject { ["source_id"] = "s" }, new JsonObject { ["task_id"] = new string('x', 37) }) };

        using var invalid = await host.Admin.PostJsonAsync("/v3/tasks/consistency-results/export", bad, ct);
        using var empty = await host.Admin.PostJsonAsync("/v3/tasks/consistency-results/export", new JsonObject { ["task_info"] = new JsonArray() }, ct);
        using var foreign = await host.Admin.PostJsonAsync("/v3/tasks/consistency-results/export", Export(theirs), ct);

        await invalid.InvalidAsync(ct, "task_info[0].task_id", "task_info[1].task_id");
        await empty.InvalidAsync(ct, "task_info");
        await foreign.NotFoundAsync(ct);
    }

    static JsonObject Export(params string[] taskIds) => new()
    {
        ["task_info"] = new JsonArray(taskIds.Select(id => (JsonNode?)new JsonObject { ["task_id"] = id, ["source_id"] = "", ["source_name"] = "" }).ToArray()),
    };

    /// <summary>The body as text, after checking it starts with the UTF-8 byte order mark spreadsheets need.</summary>
    static async Task<string> ReadCsvAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "the CSV starts with a UTF-8 BOM");
        return Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length));
    }
}
