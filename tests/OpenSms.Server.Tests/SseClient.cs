using System.Net;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests;

/// <summary>One server-sent event as the client parsed it.</summary>
public sealed record SseEvent(long Id, string Type, JsonObject Data)
{
    public string TaskId => Data["task_id"]!.GetValue<string>();
}

/// <summary>
/// Reads GET /v3/opensms/events over a real socket line by line, as an EventSource does: fields
/// up to a blank line make an event, lines starting with ':' are comments.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    readonly HttpResponseMessage response;
    readonly StreamReader reader;

    SseClient(HttpResponseMessage response, StreamReader reader) => (this.response, this.reader) = (response, reader);

    public List<string> Comments { get; } = [];

    /// <summary>Opens the stream with <paramref name="client"/>'s credentials; asserts it is a 200 text/event-stream.</summary>
    public static async Task<SseClient> OpenAsync(HttpClient client, CancellationToken ct, string? taskId = null, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v3/opensms/events" + (taskId is null ? "" : $"?task_id={taskId}"));
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        // The body of a 200 never ends: read it only to explain a refusal.
        if (response.StatusCode != HttpStatusCode.OK) Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync(ct)));
    }

    /// <summary>The next event; fails after <paramref name="timeout"/> (default 10 s) or when the stream ends.</summary>
    public async Task<SseEvent> NextAsync(CancellationToken ct, TimeSpan? timeout = null) =>
        await TryNextAsync(timeout ?? TimeSpan.FromSeconds(10), ct) ?? throw new Xunit.Sdk.XunitException("the stream ended or stayed quiet");

    /// <summary>The next event, or null when none comes within <paramref name="timeout"/> or the stream ends.</summary>
    public async Task<SseEvent?> TryNextAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var (id, type, data) = ((long?)null, (string?)null, (string?)null);
        try
        {
            while (await reader.ReadLineAsync(cts.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null) return new SseEvent(id!.Value, type!, JsonNode.Parse(data)!.AsObject());
                    continue;
                }
                if (line.StartsWith(':')) Comments.Add(line);
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            }
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Reads events until <paramref name="count"/> have come.</summary>
    public async Task<List<SseEvent>> TakeAsync(int count, CancellationToken ct)
    {
        var events = new List<SseEvent>();
        while (events.Count < count) events.Add(await NextAsync(ct));
        return events;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
