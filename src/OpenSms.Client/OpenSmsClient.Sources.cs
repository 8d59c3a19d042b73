using System.Text.Json.Nodes;
using OpenSms.Core.Contracts;

namespace OpenSms.Client;

public sealed partial class OpenSmsClient
{
    /// <summary>Registers a source server, as an agent does on start (RegisterServer, <c>POST /v3/sources</c>).</summary>
    /// <param name="server">The registration; send back an <c>id</c> to update the source registered before.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <returns>The source server's id.</returns>
    public async Task<string> RegisterServerAsync(RegisterServerRequest server, CancellationToken ct = default) =>
        (await SendAsync<IdResponse>(HttpMethod.Post, "/v3/sources", server, ct)).Id;

    /// <summary>
    /// Registers a source server from a free-form body, for agents that send more than
    /// <see cref="RegisterServerRequest"/> models (disks, volume groups, ...); the server keeps it as sent.
    /// </summary>
    /// <param name="server">The PostSourceServerBody as JSON.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <returns>The source server's id.</returns>
    public async Task<string> RegisterServerAsync(JsonObject server, CancellationToken ct = default) =>
        (await SendAsync<IdResponse>(HttpMethod.Post, "/v3/sources", server, ct)).Id;

    /// <summary>Lists source servers (ListServers): <c>{"count", "source_servers": [...]}</c>.</summary>
    /// <param name="state">Only sources in this state (e.g. <c>replicate</c>).</param>
    /// <param name="name">Only sources whose name contains this.</param>
    /// <param name="limit">At most this many (0–200; 0 means 200).</param>
    /// <param name="offset">Skip this many.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> ListServersAsync(string? state = null, string? name = null, int? limit = null, int? offset = null, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, WithQuery("/v3/sources", ("state", state), ("name", name), ("limit", limit), ("offset", offset)), null, ct);

    /// <summary>One source server with its current task (ShowServer).</summary>
    /// <param name="sourceId">The source server's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> ShowServerAsync(string sourceId, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, $"/v3/sources/{Escape(sourceId)}", null, ct);

    /// <summary>Deletes a source server and its task (DeleteServer); refused while the task is active.</summary>
    /// <param name="sourceId">The source server's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteServerAsync(string sourceId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/v3/sources/{Escape(sourceId)}", null, ct);

    /// <summary>Deletes several source servers, all or none (DeleteServers).</summary>
    /// <param name="sourceIds">1 to 100 ids.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteServersAsync(IReadOnlyList<string> sourceIds, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/v3/sources/delete", new IdsRequest(sourceIds), ct);

    /// <summary>The command for the source's agent (ShowCommand): START, STOP, TASK_HAS_FINISHED, ...</summary>
    /// <param name="sourceId">The source server's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<CommandResponse> ShowCommandAsync(string sourceId, CancellationToken ct = default) =>
        SendAsync<CommandResponse>(HttpMethod.Get, $"/v3/sources/{Escape(sourceId)}/command", null, ct);

    /// <summary>The agent acknowledges a command (UpdateCommandResult), e.g. STOP / success.</summary>
    /// <param name="sourceId">The source server's id.</param>
    /// <param name="result">The command name, <c>success</c> or <c>fail</c>, and optional detail.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task UpdateCommandResultAsync(string sourceId, CommandResultRequest result, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/v3/sources/{Escape(sourceId)}/command_result", result, ct);
}
