namespace OpenSms.Core.Tasks;

/// <summary>The 19 subtask names an agent may report (seed page; DETTACH is Huawei's spelling).</summary>
public static class SubtaskNames
{
    public const string DetachAgentImage = "DETTACH_AGENT_IMAGE";

    public static readonly IReadOnlyList<string> All =
    [
        "CREATE_CLOUD_SERVER", "SSL_CONFIG", "ATTACH_AGENT_IMAGE", DetachAgentImage,
        "FORMAT_DISK_LINUX", "FORMAT_DISK_LINUX_FILE", "FORMAT_DISK_LINUX_BLOCK", "FORMAT_DISK_WINDOWS",
        "MIGRATE_LINUX_FILE", "MIGRATE_LINUX_BLOCK", "MIGRATE_WINDOWS_BLOCK", "CLONE_VM",
        "SYNC_LINUX_FILE", "SYNC_LINUX_BLOCK", "SYNC_WINDOWS_BLOCK",
        "CONFIGURE_LINUX", "CONFIGURE_LINUX_BLOCK", "CONFIGURE_LINUX_FILE", "CONFIGURE_WINDOWS",
    ];

    static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string name) => Known.Contains(name);

    public static bool IsSync(string name) => name.StartsWith("SYNC_", StringComparison.Ordinal);

    /// <summary>
    /// Detaching the agent image is the last step of every migration plan (file or block, Linux or
    /// Windows), so its completion is what "all subtasks done" means.
    /// </summary>
    public static bool IsFinal(string name) => name == DetachAgentImage;
}
