using System.Text.Json.Nodes;
using OpenSms.Core.Contracts;

namespace OpenSms.Client;

public sealed partial class OpenSmsClient
{
    /// <summary>Creates a migration task for a registered source server (CreateTask, <c>POST /v3/tasks</c>).</summary>
    /// <param name="task">The PostTask body.</param>
    /// <param name="ct">Cancels the request.</param>
    /// <returns>The task's id.</returns>
    public async Task<string> CreateTaskAsync(CreateTaskRequest task, CancellationToken ct = default) =>
        (await SendAsync<IdResponse>(HttpMethod.Post, "/v3/tasks", task, ct)).Id;

    /// <summary>Lists tasks, newest first (ListTasks): <c>{"count", "tasks": [...]}</c>; count ignores paging.</summary>
    /// <param name="state">Only tasks in this state (e.g. <c>RUNNING</c>).</param>
    /// <param name="name">Only tasks whose name contains this.</param>
    /// <param name="sourceServerId">Only the task of this source server.</param>
    /// <param name="enterpriseProjectId">Only tasks in this enterprise project.</param>
    /// <param name="limit">At most this many (0–200, default 100).</param>
    /// <param name="offset">Skip this many.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> ListTasksAsync(string? state = null, string? name = null, string? sourceServerId = null,
        string? enterpriseProjectId = null, int? limit = null, int? offset = null, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, WithQuery("/v3/tasks", ("state", state), ("name", name), ("source_server_id", sourceServerId),
            ("enterprise_project_id", enterpriseProjectId), ("limit", limit), ("offset", offset)), null, ct);

    /// <summary>One task with its subtasks, speed and usage figures (ShowTask).</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<JsonObject> ShowTaskAsync(string taskId, CancellationToken ct = default) =>
        SendAsync<JsonObject>(HttpMethod.Get, $"/v3/tasks/{Escape(taskId)}", null, ct);

    /// <summary>Changes a task's fields (UpdateTask); unset fields stay as they are.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="update">The PutTaskReq body.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task UpdateTaskAsync(string taskId, UpdateTaskRequest update, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, $"/v3/tasks/{Escape(taskId)}", update, ct);

    /// <summary>Deletes a task (DeleteTask); refused while it is running.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteTaskAsync(string taskId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"/v3/tasks/{Escape(taskId)}", null, ct);

    /// <summary>Deletes several tasks, all or none (DeleteTasks).</summary>
    /// <param name="taskIds">1 to 100 ids.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task DeleteTasksAsync(IReadOnlyList<string> taskIds, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/v3/tasks/delete", new IdsRequest(taskIds), ct);

    /// <summary>Runs an action on a task (UpdateTaskStatus): start, stop, restart, test, migration_test, ...</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="action">The UpdateTaskStatusReq body.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task TaskActionAsync(string taskId, TaskActionRequest action, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/v3/tasks/{Escape(taskId)}/action", action, ct);

    /// <summary>Starts (or resumes) a task: READY or ABORT becomes RUNNING.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task StartTaskAsync(string taskId, CancellationToken ct = default) => TaskActionAsync(taskId, Operation("start"), ct);

    /// <summary>Stops a task: a running one goes ABORTING until its agent acknowledges STOP.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task StopTaskAsync(string taskId, CancellationToken ct = default) => TaskActionAsync(taskId, Operation("stop"), ct);

    /// <summary>Restarts a failed task.</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task RestartTaskAsync(string taskId, CancellationToken ct = default) => TaskActionAsync(taskId, Operation("restart"), ct);

    /// <summary>The agent reports a subtask's progress and speed (UpdateTaskSpeed, <c>PUT /v3/tasks/{id}/progress</c>).</summary>
    /// <param name="taskId">The task's id.</param>
    /// <param name="report">The UpdateTaskSpeedReq body.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task ReportProgressAsync(string taskId, ProgressRequest report, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Put, $"/v3/tasks/{Escape(taskId)}/progress", report, ct);

    static TaskActionRequest Operation(string operation) => new(operation, null, null, null);
}
