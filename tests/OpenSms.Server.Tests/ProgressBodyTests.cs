using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>How the progress endpoint reads its body: JSON types, media type, size limit, unknown fields.</summary>
public sealed class ProgressBodyTests(ProgressHost host) : IClassFixture<ProgressHost>
{
    const string Valid = """{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"process_trace":""}""";

    [Theory]
    // A valid report with one field of the wrong JSON type, and the field the error names ("" = none).
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":"10","replicatesize":100,"totalsize":1000,"process_trace":""}""", "progress")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":true,"replicatesize":100,"totalsize":1000,"process_trace":""}""", "progress")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10.5,"replicatesize":100,"totalsize":1000,"process_trace":""}""", "progress")]
    [InlineData("""{"subtask_name":5,"progress":10,"replicatesize":100,"totalsize":1000,"process_trace":""}""", "subtask_name")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":"100","totalsize":1000,"process_trace":""}""", "replicatesize")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":[1000],"process_trace":""}""", "totalsize")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"process_trace":{}}""", "process_trace")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"process_trace":"","need_migration_test":"true"}""", "need_migration_test")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"process_trace":"","migrate_speed":"fast"}""", "migrate_speed")]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"process_trace":"","agent_time":1748773230}""", "agent_time")]
    [InlineData("""[{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,"replicatesize":100,"totalsize":1000,"process_trace":""}]""", "")]
    [InlineData("\"MIGRATE_LINUX_FILE\"", "")]
    [InlineData("42", "")]
    public async Task AFieldOrBodyOfTheWrongJsonTypeIsRejectedAs9002(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportRawAsync(taskId, json, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
        Assert.Equal(field.Length == 0 ? [] : [field], error.ErrorParams());
        Assert.DoesNotContain("System.", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"subtask_name":"MIGRATE_LINUX_FILE","progress":10,""")]
    [InlineData("""{subtask_name:"MIGRATE_LINUX_FILE"}""")]
    [InlineData("""{'progress':10}""")]
    [InlineData("""{"progress":010}""")]
    [InlineData("""{"migrate_speed":NaN}""")]
    [InlineData(Valid + " trailing")]
    [InlineData(Valid + Valid)]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AMalformedNullOrEmptyBodyIsRejectedAs9002(string json)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportRawAsync(taskId, json, ct);

        var error = await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
        Assert.DoesNotContain("System.", error["error_msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await host.SamplesAsync(taskId, ct));
    }

    [Fact]
    public async Task ARequestWithoutAnyBodyIsRejectedAs9002()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v3/tasks/{taskId}/progress");
        using var response = await host.Admin.SendAsync(request, ct);

        await response.SmsErrorAsync(HttpStatusCode.BadRequest, "SMS.9002", ct);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/json-ish")]
    public async Task AJsonBodyWithAnotherContentTypeIsRejectedAs415(string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportRawAsync(taskId, Api.RawJson(Valid, contentType), ct);

        await response.SmsErrorAsync(HttpStatusCode.UnsupportedMediaType, "SMS.2006", ct);
        Assert.Empty(await host.SamplesAsync(taskId, ct));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task JsonContentTypesAreAccepted(string contentType)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);

        using var response = await host.Admin.ReportRawAsync(taskId, Api.RawJson(Valid, contentType), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    // Body size in bytes, sent with a Content-Length or chunked (no length), and the expected status.
    [InlineData(65536, false, HttpStatusCode.OK)]
    [InlineData(65537, false, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(65536, true, HttpStatusCode.OK)]
    [InlineData(65537, true, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(1_000_000, false, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(1_000_000, true, HttpStatusCode.RequestEntityTooLarge)]
    public async Task ABodyOver64KiBIsRejectedAs413(int size, bool chunked, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var bytes = ReportOfSize(size);
        using HttpContent content = chunked ? new UnsizedContent(bytes) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        Assert.Equal(chunked ? null : size, content.Headers.ContentLength);

        using var response = await host.Admin.ReportRawAsync(taskId, content, ct);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(size - Encoding.UTF8.GetByteCount(Valid), (await host.SamplesAsync(taskId, ct)).Single().ProcessTrace.Length);
            return;
        }
        await response.SmsErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SMS.2004", ct);
        Assert.Empty(await host.SamplesAsync(taskId, ct));
    }

    [Fact]
    public async Task UnknownFieldsAreIgnored()
    {
        var ct = TestContext.Current.CancellationToken;
        var taskId = await host.Admin.NewTaskAsync(ct);
        var body = Api.ProgressBody(progress: 33, trace: "known").With("future_field", new JsonObject { ["nested"] = new JsonArray(1, 2) })
            .With("PROGRESS", 99).With("speed_hint", "fast");

        using var response = await host.Admin.ReportAsync(taskId, body, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sample = (await host.SamplesAsync(taskId, ct)).Single();
        Assert.Equal(33, sample.Progress);
        Assert.Equal("known", sample.ProcessTrace);
    }

    /// <summary>The valid report padded through process_trace to exactly <paramref name="size"/> bytes.</summary>
    static byte[] ReportOfSize(int size)
    {
        var padding = size - Encoding.UTF8.GetByteCount(Valid);
        var json = Valid.Replace("\"process_trace\":\"\"", $"\"process_trace\":\"{new string('x', padding)}\"", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(size, bytes.Length);
        return bytes;
    }

    /// <summary>A body whose length is not known up front, so it goes without Content-Length (chunked).</summary>
    sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // Several writes, as a streaming client would send them.
            for (var offset = 0; offset < bytes.Length; offset += 8192)
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(8192, bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
