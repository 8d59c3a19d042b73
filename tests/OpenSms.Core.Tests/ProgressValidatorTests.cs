using OpenSms.Core.Contracts;
using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests;

public sealed class ProgressValidatorTests
{
    static readonly ProgressRequest Valid = new()
    {
        SubtaskName = "MIGRATE_LINUX_FILE", Progress = 10, Replicatesize = 100, Totalsize = 1000, ProcessTrace = "",
    };

    static ValidationResult<ProgressReport> Validate(ProgressRequest r) => ProgressValidator.Validate(r, "task-1", "domain-1", 1_700_000_000_000);

    static IReadOnlyList<string> RejectedFields(ProgressRequest r) => Validate(r).Errors?.Fields ?? [];

    /// <summary>The valid request with one field set; the table below names fields as the wire does.</summary>
    static ProgressRequest With(string field, double value) => field switch
    {
        "progress" => Valid with { Progress = (long)value },
        "replicatesize" => Valid with { Replicatesize = (long)value },
        "totalsize" => Valid with { Totalsize = (long)value, Replicatesize = 0 },
        "migrate_speed" => Valid with { MigrateSpeed = value },
        "compress_rate" => Valid with { CompressRate = value },
        "remain_time" => Valid with { RemainTime = (long)value },
        "total_cpu_usage" => Valid with { TotalCpuUsage = value },
        "agent_cpu_usage" => Valid with { AgentCpuUsage = value },
        "total_mem_usage" => Valid with { TotalMemUsage = value },
        "agent_mem_usage" => Valid with { AgentMemUsage = value },
        "total_disk_io" => Valid with { TotalDiskIo = value },
        "agent_disk_io" => Valid with { AgentDiskIo = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a numeric field of the report"),
    };

    [Theory]
    [InlineData("progress", 0, true)]
    [InlineData("progress", 100, true)]
    [InlineData("progress", -1, false)]
    [InlineData("progress", 101, false)]
    [InlineData("progress", 2147483648, false)]
    [InlineData("replicatesize", 0, true)]
    [InlineData("replicatesize", -1, false)]
    [InlineData("totalsize", 0, true)]
    [InlineData("totalsize", -1, false)]
    [InlineData("migrate_speed", 0, true)]
    [InlineData("migrate_speed", 10000, true)]
    [InlineData("migrate_speed", 10000.5, false)]
    [InlineData("migrate_speed", -0.1, false)]
    [InlineData("migrate_speed", double.NaN, false)]
    [InlineData("migrate_speed", double.PositiveInfinity, false)]
    [InlineData("compress_rate", 0, true)]
    [InlineData("compress_rate", 10000, true)]
    [InlineData("compress_rate", 10000.5, false)]
    [InlineData("compress_rate", -0.1, false)]
    [InlineData("remain_time", 0, true)]
    [InlineData("remain_time", 2147483647, true)]
    [InlineData("remain_time", 2147483648, false)]
    [InlineData("remain_time", -1, false)]
    [InlineData("total_cpu_usage", 0, true)]
    [InlineData("total_cpu_usage", 100, true)]
    [InlineData("total_cpu_usage", 100.5, false)]
    [InlineData("total_cpu_usage", -0.1, false)]
    [InlineData("agent_cpu_usage", 0, true)]
    [InlineData("agent_cpu_usage", 100, true)]
    [InlineData("agent_cpu_usage", 100.5, false)]
    [InlineData("agent_cpu_usage", -0.1, false)]
    [InlineData("total_mem_usage", 0, true)]
    [InlineData("total_mem_usage", 1048576, true)]
    [InlineData("total_mem_usage", 1048576.5, false)]
    [InlineData("total_mem_usage", -0.1, false)]
    [InlineData("agent_mem_usage", 0, true)]
    [InlineData("agent_mem_usage", 1048576, true)]
    [InlineData("agent_mem_usage", 1048576.5, false)]
    [InlineData("agent_mem_usage", -0.1, false)]
    [InlineData("total_disk_io", 0, true)]
    [InlineData("total_disk_io", 10000, true)]
    [InlineData("total_disk_io", 10000.5, false)]
    [InlineData("total_disk_io", -0.1, false)]
    [InlineData("agent_disk_io", 0, true)]
    [InlineData("agent_disk_io", 10000, true)]
    [InlineData("agent_disk_io", 10000.5, false)]
    [InlineData("agent_disk_io", -0.1, false)]
    public void EachRangeEdgeIsInsideAndJustOutsideIsRejectedNamingTheField(string field, double value, bool accepted)
    {
        var result = Validate(With(field, value));

        if (accepted)
        {
            Assert.Null(result.Errors);
            Assert.NotNull(result.Value);
        }
        else
        {
            Assert.Equal([field], result.Errors!.Fields);
            Assert.Contains(field + " must be between", result.Errors.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SizesUpToLongMaxAreAccepted() =>
        Assert.Empty(RejectedFields(Valid with { Replicatesize = long.MaxValue, Totalsize = long.MaxValue }));

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(1001, 1000, false)]
    [InlineData(1, 0, false)]
    public void ReplicatesizeMayNotExceedTotalsize(long replicated, long total, bool accepted)
    {
        var fields = RejectedFields(Valid with { Replicatesize = replicated, Totalsize = total });

        Assert.Equal(accepted ? [] : ["replicatesize"], fields);
    }

    [Theory]
    [InlineData("subtask_name")]
    [InlineData("progress")]
    [InlineData("replicatesize")]
    [InlineData("totalsize")]
    [InlineData("process_trace")]
    public void EachMissingMandatoryFieldIsNamed(string field)
    {
        var request = field switch
        {
            "subtask_name" => Valid with { SubtaskName = null },
            "progress" => Valid with { Progress = null },
            "replicatesize" => Valid with { Replicatesize = null },
            "totalsize" => Valid with { Totalsize = null },
            _ => Valid with { ProcessTrace = null },
        };

        var errors = Validate(request).Errors!;

        Assert.Equal([field], errors.Fields);
        Assert.Contains(field + " is required", errors.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOffendingFieldIsNamedInOneResult()
    {
        var request = new ProgressRequest
        {
            SubtaskName = "NOT_A_SUBTASK", Progress = 101, Totalsize = -1, MigrateSpeed = -1, AgentCpuUsage = 101,
            AgentTime = "soon",
        };

        string[] expected = ["subtask_name", "progress", "replicatesize", "totalsize", "process_trace", "migrate_speed", "agent_cpu_usage", "agent_time"];

        Assert.Equal(expected.Order(), RejectedFields(request).Order());
    }

    [Theory]
    [MemberData(nameof(KnownSubtasks))]
    public void EveryKnownSubtaskNameIsAccepted(string name) =>
        Assert.Empty(RejectedFields(Valid with { SubtaskName = name }));

    public static TheoryData<string> KnownSubtasks => new(SubtaskNames.All);

    [Theory]
    [InlineData("DETACH_AGENT_IMAGE")]
    [InlineData("migrate_linux_file")]
    [InlineData("MIGRATE_LINUX_FILE ")]
    [InlineData("")]
    [InlineData("SYNC_")]
    public void AnUnknownSubtaskNameIsRejectedNamingSubtaskName(string name) =>
        Assert.Equal(["subtask_name"], RejectedFields(Valid with { SubtaskName = name }));

    [Fact]
    public void AnUnparsableAgentTimeIsRejectedNamingAgentTime() =>
        Assert.Equal(["agent_time"], RejectedFields(Valid with { AgentTime = "2025-06-01 at noon" }));

    [Fact]
    public void AValidRequestBecomesAReportCarryingEveryField()
    {
        var request = new ProgressRequest
        {
            SubtaskName = "SYNC_LINUX_BLOCK", Progress = 42, Replicatesize = 4200, Totalsize = 10000, ProcessTrace = "copying /var",
            MigrateSpeed = 123.5, CompressRate = 1.5, RemainTime = 600, TotalCpuUsage = 55.5, AgentCpuUsage = 5.25,
            TotalMemUsage = 2048, AgentMemUsage = 128, TotalDiskIo = 300, AgentDiskIo = 150, NeedMigrationTest = true,
            AgentTime = "2025-06-01T10:20:30+08:00",
        };

        var report = Validate(request).Value!;

        Assert.Equal(
            new ProgressReport("task-1", "domain-1", 1_700_000_000_000, "SYNC_LINUX_BLOCK", 42, 4200, 10000, "copying /var",
                new AgentTime(new DateTime(2025, 6, 1, 10, 20, 30), TimeSpan.FromHours(8)))
            {
                MigrateSpeed = 123.5, CompressRate = 1.5, RemainTime = 600, TotalCpuUsage = 55.5, AgentCpuUsage = 5.25,
                TotalMemUsage = 2048, AgentMemUsage = 128, TotalDiskIo = 300, AgentDiskIo = 150, NeedMigrationTest = true,
            },
            report);
    }

    [Fact]
    public void AReportWithoutOptionalFieldsLeavesThemUnset()
    {
        var report = Validate(Valid).Value!;

        Assert.Null(report.AgentTime);
        Assert.Null(report.MigrateSpeed);
        Assert.Null(report.RemainTime);
        Assert.Null(report.NeedMigrationTest);
    }
}
