namespace OpenSms.Client.Simulation;

/// <summary>
/// The subtasks an SMS agent runs, in order, for one OS and migration type. Exactly one of them
/// copies the data; the others are set-up and clean-up steps. Every plan ends with
/// DETTACH_AGENT_IMAGE (Huawei's spelling), whose completion finishes the task.
/// </summary>
/// <param name="Subtasks">The subtask names in order.</param>
/// <param name="CopySubtask">The subtask that moves the bytes.</param>
public sealed record MigrationPlan(IReadOnlyList<string> Subtasks, string CopySubtask)
{
    /// <summary>The plan for an OS (<c>LINUX</c>/<c>WINDOWS</c>) and type (<c>MIGRATE_FILE</c>/<c>MIGRATE_BLOCK</c>).</summary>
    /// <param name="osType">LINUX or WINDOWS.</param>
    /// <param name="migrationType">MIGRATE_FILE or MIGRATE_BLOCK; Windows always migrates by block.</param>
    public static MigrationPlan For(string osType, string migrationType)
    {
        if (osType == "WINDOWS")
            return Of("FORMAT_DISK_WINDOWS", "MIGRATE_WINDOWS_BLOCK", "CONFIGURE_WINDOWS");
        return migrationType == "MIGRATE_BLOCK"
            ? Of("FORMAT_DISK_LINUX_BLOCK", "MIGRATE_LINUX_BLOCK", "CONFIGURE_LINUX_BLOCK")
            : Of("FORMAT_DISK_LINUX_FILE", "MIGRATE_LINUX_FILE", "CONFIGURE_LINUX_FILE");
    }

    static MigrationPlan Of(string format, string copy, string configure) =>
        new(["CREATE_CLOUD_SERVER", "SSL_CONFIG", "ATTACH_AGENT_IMAGE", format, copy, configure, "DETTACH_AGENT_IMAGE"], copy);

    /// <summary>What an agent's process_trace says while it works on <paramref name="subtask"/>.</summary>
    /// <param name="subtask">A subtask name.</param>
    public static string Trace(string subtask) => subtask switch
    {
        "CREATE_CLOUD_SERVER" => "creating the target server",
        "SSL_CONFIG" => "setting up the secure channel",
        "ATTACH_AGENT_IMAGE" => "attaching the agent image to the target",
        "DETTACH_AGENT_IMAGE" => "detaching the agent image",
        _ when subtask.StartsWith("FORMAT_DISK", StringComparison.Ordinal) => "partitioning and formatting the target disks",
        _ when subtask.StartsWith("CONFIGURE", StringComparison.Ordinal) => "configuring boot, drivers and network on the target",
        _ when subtask.EndsWith("_FILE", StringComparison.Ordinal) => "copying files",
        _ => "copying blocks",
    };
}
