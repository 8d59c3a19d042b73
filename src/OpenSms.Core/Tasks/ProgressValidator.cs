using OpenSms.Core.Contracts;

namespace OpenSms.Core.Tasks;

/// <summary>Checks every field of a progress report against the seed page's types and ranges.</summary>
public static class ProgressValidator
{
    public static ValidationResult<ProgressReport> Validate(ProgressRequest r, string taskId, string domainId, long receivedAt)
    {
        var errors = new ValidationErrors();
        if (r.SubtaskName is null) errors.Missing("subtask_name");
        else if (!SubtaskNames.IsKnown(r.SubtaskName)) errors.Add("subtask_name", "must be one of " + string.Join(", ", SubtaskNames.All));
        if (r.Progress is null) errors.Missing("progress");
        else errors.Range("progress", r.Progress.Value, 0, 100);
        if (r.Replicatesize is null) errors.Missing("replicatesize");
        else errors.Range("replicatesize", r.Replicatesize.Value, 0, long.MaxValue);
        if (r.Totalsize is null) errors.Missing("totalsize");
        else errors.Range("totalsize", r.Totalsize.Value, 0, long.MaxValue);
        if (r is { Replicatesize: >= 0, Totalsize: >= 0 } && r.Replicatesize > r.Totalsize)
            errors.Add("replicatesize", "may not exceed totalsize");
        if (r.ProcessTrace is null) errors.Missing("process_trace");

        errors.Range("migrate_speed", r.MigrateSpeed, 0, 10000);
        errors.Range("compress_rate", r.CompressRate, 0, 10000);
        if (r.RemainTime is { } remain) errors.Range("remain_time", remain, 0, int.MaxValue);
        errors.Range("total_cpu_usage", r.TotalCpuUsage, 0, 100);
        errors.Range("agent_cpu_usage", r.AgentCpuUsage, 0, 100);
        errors.Range("total_mem_usage", r.TotalMemUsage, 0, 1048576);
        errors.Range("agent_mem_usage", r.AgentMemUsage, 0, 1048576);
        errors.Range("total_disk_io", r.TotalDiskIo, 0, 10000);
        errors.Range("agent_disk_io", r.AgentDiskIo, 0, 10000);

        AgentTime? agentTime = null;
        if (r.AgentTime is not null)
        {
            if (AgentTime.TryParse(r.AgentTime, out var parsed)) agentTime = parsed;
            else errors.Add("agent_time", "must be ISO-8601 (with or without offset) or yyyy-MM-dd HH:mm:ss");
        }

        if (errors.Any) return errors.ToResult<ProgressReport>();
        return new ProgressReport(taskId, domainId, receivedAt, r.SubtaskName!, (int)r.Progress!.Value,
            r.Replicatesize!.Value, r.Totalsize!.Value, r.ProcessTrace!, agentTime)
        {
            MigrateSpeed = r.MigrateSpeed,
            CompressRate = r.CompressRate,
            RemainTime = r.RemainTime,
            TotalCpuUsage = r.TotalCpuUsage,
            AgentCpuUsage = r.AgentCpuUsage,
            TotalMemUsage = r.TotalMemUsage,
            AgentMemUsage = r.AgentMemUsage,
            TotalDiskIo = r.TotalDiskIo,
            AgentDiskIo = r.AgentDiskIo,
            NeedMigrationTest = r.NeedMigrationTest,
        };
    }
}
