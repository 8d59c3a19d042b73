using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenSms.Core.Contracts;

namespace OpenSms.Client.Simulation;

/// <summary>
/// The source server an agent runs on: what it registers, how big it is and how fast its link
/// is. Sizes follow from the speed and the wanted copy duration, so a demo finishes in minutes.
/// </summary>
sealed record SimulatedServer(string Name, string OsType, string MigrationType, double BaseSpeedMbps, long TotalBytes, int MemoryMb)
{
    public string? SourceId { get; init; }
    public string? TaskId { get; init; }

    static readonly string[] Roles = ["web", "db", "app", "cache", "files", "mail", "erp", "crm", "build", "search"];
    static readonly string[] LinuxVersions = ["Ubuntu 22.04", "Ubuntu 24.04", "CentOS 7.9", "Debian 12", "Rocky Linux 9.4"];
    static readonly string[] WindowsVersions = ["Windows Server 2019", "Windows Server 2022"];

    public static SimulatedServer Invent(Random random, string prefix, int number, TimeSpan duration)
    {
        var os = random.Next(4) == 0 ? "WINDOWS" : "LINUX";
        var type = os == "WINDOWS" || random.Next(3) == 0 ? "MIGRATE_BLOCK" : "MIGRATE_FILE";
        var role = Roles[random.Next(Roles.Length)];
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{role}-{number:D2}-{random.Next(0x10000):x4}");
        var speed = 60 + (random.NextDouble() * 340);
        return new SimulatedServer(name, os, type, speed, BytesFor(speed, duration, random), 4096 * (1 + random.Next(8)));
    }

    /// <summary>An agent for a task that already exists: its source, OS and type come from the task.</summary>
    public static SimulatedServer Adopt(JsonObject task, Random random, TimeSpan duration)
    {
        var speed = 60 + (random.NextDouble() * 340);
        var total = task["totalsize"]?.GetValue<long>() is long t && t > 0 ? t : BytesFor(speed, duration, random);
        return new SimulatedServer(
            task["source_server"]?["name"]?.GetValue<string>() ?? task["name"]!.GetValue<string>(),
            task["os_type"]?.GetValue<string>() ?? "LINUX", task["type"]?.GetValue<string>() ?? "MIGRATE_FILE",
            speed, total, 8192)
        {
            SourceId = task["source_server"]?["id"]?.GetValue<string>(),
            TaskId = task["id"]!.GetValue<string>(),
        };
    }

    static long BytesFor(double speedMbps, TimeSpan duration, Random random) =>
        Math.Max(1, (long)(speedMbps * 125_000 * duration.TotalSeconds * (0.8 + (random.NextDouble() * 0.4))));

    /// <summary>The RegisterServer body a real agent would send: addresses, CPU, memory, disks.</summary>
    public JsonObject Registration(Random random)
    {
        var ip = string.Create(CultureInfo.InvariantCulture, $"10.{random.Next(256)}.{random.Next(256)}.{1 + random.Next(254)}");
        var mac = string.Create(CultureInfo.InvariantCulture, $"fa:16:3e:{random.Next(256):x2}:{random.Next(256):x2}:{random.Next(256):x2}");
        var versions = OsType == "WINDOWS" ? WindowsVersions : LinuxVersions;
        var disk = OsType == "WINDOWS" ? "C:" : "/dev/vda";
        return new JsonObject
        {
            ["name"] = Name, ["hostname"] = Name, ["ip"] = ip, ["os_type"] = OsType, ["os_version"] = versions[random.Next(versions.Length)],
            ["agent_version"] = "25.1.0", ["firmware"] = random.Next(2) == 0 ? "BIOS" : "UEFI",
            ["cpu_quantity"] = 2 << random.Next(4), ["memory"] = MemoryMb,
            ["networks"] = new JsonArray(new JsonObject { ["name"] = OsType == "WINDOWS" ? "Ethernet0" : "eth0", ["ip"] = ip, ["mac"] = mac }),
            ["disks"] = new JsonArray(new JsonObject
            {
                ["name"] = disk, ["device_use"] = "OS", ["size"] = TotalBytes * 2, ["used_size"] = TotalBytes,
            }),
        };
    }

    /// <summary>The CreateTask body: migrate this server to a new target server in the account's default project.</summary>
    public CreateTaskRequest TaskRequest(string sourceId) => new()
    {
        Name = Name + "-migration", Type = MigrationType, OsType = OsType, SourceServer = new SourceRef(sourceId),
        TargetServer = JsonSerializer.SerializeToElement(new JsonObject { ["vm_id"] = "", ["name"] = Name + "-target" }),
        RegionName = "opensms-1", RegionId = "opensms-1", ProjectName = "default", ProjectId = "default",
    };
}
