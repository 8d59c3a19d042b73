namespace OpenSms.Core.Tasks;

/// <summary>The per-task special configuration (reference §2.11): its keys and the migration type it applies to.</summary>
public static class ConfigKeys
{
    public static readonly IReadOnlyList<string> All =
    [
        "MIGRATE_EXCLUDE_DIR", "SYNC_EXCLUDE_DIR", "ONLY_SYNC_DIR", "CONSISTENCY_DIR", "CONSISTENCY_DIR_ILLEGAL",
        "LINUX_BLOCK_COMPRESS_THREAD_NUM", "MIGRATE_DST_IP", "LINUX_BLOCK_CACHE_SIZE", "LINUX_CPU_LIMIT", "LINUX_MEM_LIMIT",
        "LINUX_IO_LIMIT", "NUM_PROCESS_MIGRATE", "NUM_PROCESS_SYNC", "CONSISTENCY_RECHECK", "CONSISTENCY_MODE",
        "DYNAMIC_PORT", "INSTALL_PWD_AGENT",
    ];

    /// <summary>ShowConfigSetting's <c>migrate_type</c>: Windows migrates only at block level.</summary>
    public static string MigrateType(string osType, string taskType) =>
        osType == "WINDOWS" ? "WINDOWS_MIGRATE_BLOCK"
        : taskType == "MIGRATE_BLOCK" ? "LINUX_MIGRATE_BLOCK"
        : "LINUX_MIGRATE_FILE";
}
