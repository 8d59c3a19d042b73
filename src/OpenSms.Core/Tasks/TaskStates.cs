namespace OpenSms.Core.Tasks;

/// <summary>Task states exactly as Huawei SMS spells them (reference §2.12; note RESETING).</summary>
public static class TaskStates
{
    public const string Ready = "READY";
    public const string Running = "RUNNING";
    public const string Syncing = "SYNCING";
    public const string MigrateSuccess = "MIGRATE_SUCCESS";
    public const string SyncSuccess = "SYNC_SUCCESS";
    public const string MigrateFail = "MIGRATE_FAIL";
    public const string SyncFail = "SYNC_FAIL";
    public const string Aborting = "ABORTING";
    public const string Abort = "ABORT";
    public const string Skipping = "SKIPPING";
    public const string Deleting = "DELETING";
    public const string Reseting = "RESETING";

    /// <summary>Every value the ListTasks <c>state</c> filter accepts.</summary>
    public static readonly IReadOnlySet<string> Filterable = new HashSet<string>(StringComparer.Ordinal)
    {
        Ready, Running, Syncing, MigrateSuccess, SyncSuccess, MigrateFail, SyncFail, Aborting, Abort,
        Skipping, Deleting, Reseting, "SYNC_F_ROLLBACKING", "SYNC_F_ROLLBACK_SUCCESS",
    };

    public static bool AcceptsProgress(string state) =>
        state is Ready or Running or Syncing or Aborting;

    /// <summary>An agent is working on the task: it may not be deleted and its source may not go.</summary>
    public static bool IsActive(string state) =>
        state is Running or Syncing or Aborting or Skipping;
}
