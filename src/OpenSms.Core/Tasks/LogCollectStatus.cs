namespace OpenSms.Core.Tasks;

/// <summary>A task's log collection (CollectLog, reference §2.11): <c>log_collect_status</c> and the agent command that drives it.</summary>
public static class LogCollectStatus
{
    public const string Init = "INIT";
    public const string Uploading = "UPLOADING";
    public const string UploadFail = "UPLOAD_FAIL";
    public const string Uploaded = "UPLOADED";

    /// <summary>The ShowCommand name (with the bucket as <c>command_param.bucket</c>) and the UpdateCommandResult name.</summary>
    public const string UploadLog = "UPLOAD_LOG";

    /// <summary>
    /// The one-shot command a polling agent gets while a collection is in progress, until it
    /// acknowledges it; another pending command (SKIP, PREMIGRATE) goes first.
    /// </summary>
    public static string? PendingCommand(string? pending, string? status) =>
        pending ?? (status == Uploading ? UploadLog : null);
}
