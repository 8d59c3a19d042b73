namespace OpenSms.Core.Contracts;

/// <summary>PostMigProjectBody / MigProject (reference §1.3).</summary>
public sealed record MigProjectBody
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool? Isdefault { get; init; }
    public string? Region { get; init; }
    public bool? StartTargetServer { get; init; }
    public long? SpeedLimit { get; init; }
    public bool? UsePublicIp { get; init; }
    public bool? ExistServer { get; init; }
    public string? Type { get; init; }
    public string? EnterpriseProject { get; init; }
    public bool? Syncing { get; init; }
    public bool? StartNetworkCheck { get; init; }
}

/// <summary>ShowMigproject and the items of ListMigprojects (MigprojectsResponseBody).</summary>
public sealed record MigProjectResponse(
    string Id, string Name, string? Description, bool Isdefault, string Region, bool StartTargetServer, int SpeedLimit,
    bool UsePublicIp, bool ExistServer, string Type, string EnterpriseProject, bool Syncing)
{
    public bool? StartNetworkCheck { get; init; }
}

public sealed record MigProjectsResponse(int Count, IReadOnlyList<MigProjectResponse> Migprojects);

/// <summary>CreateTemplate / UpdateTemplate body: <c>{"template": TemplateRequest}</c>.</summary>
public sealed record TemplateBody(TemplateRequest? Template);

/// <summary>TemplateRequest (reference §1.4); the nested objects are typed so a wrong JSON type is SMS.9002.</summary>
public sealed record TemplateRequest
{
    public string? Name { get; init; }
    public bool? IsTemplate { get; init; }
    public string? Region { get; init; }
    public string? Projectid { get; init; }
    public string? TargetServerName { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? Volumetype { get; init; }
    public string? Flavor { get; init; }
    public VpcObject? Vpc { get; init; }
    public IReadOnlyList<TemplateNic?>? Nics { get; init; }
    public IReadOnlyList<SecurityGroupObject?>? SecurityGroups { get; init; }
    public PublicIpObject? Publicip { get; init; }
    public IReadOnlyList<TemplateDisk?>? Disk { get; init; }
    public string? DataVolumeType { get; init; }
    public string? TargetPassword { get; init; }
}

public sealed record VpcObject(string? Id, string? Name, string? Cidr);

public sealed record TemplateNic(string? Id, string? Name, string? Cidr, string? Ip);

public sealed record SecurityGroupObject(string? Id, string? Name);

public sealed record PublicIpObject(string? Type, long? BandwidthSize);

public sealed record TemplateDisk(long? Id, long? Index, string? Name, string? Disktype, long? Size, string? DeviceUse);

public sealed record TargetPasswordResponse(string TemplateId, string TargetPassword);

/// <summary>UpdateServerName body (PutSourceServerBody).</summary>
public sealed record PutSourceServerBody(string? Name, string? Migprojectid, IReadOnlyList<PutDisk?>? Disks, IReadOnlyList<PutVolumeGroup?>? VolumeGroups);

public sealed record PutDisk(string? Id, bool? NeedMigration, long? AdjustSize, IReadOnlyList<PutVolume?>? PhysicalVolumes);

/// <summary>PutVolume and PutLogicalVolume, which have the same fields.</summary>
public sealed record PutVolume(string? Id, bool? NeedMigration, long? AdjustSize);

public sealed record PutVolumeGroup(string? Id, bool? NeedMigration, long? AdjustSize, IReadOnlyList<PutVolume?>? LogicalVolumes);

/// <summary>UpdateCopyState body (PutCopyStateReq).</summary>
public sealed record PutCopyStateRequest(string? Copystate, string? Migrationcycle);

/// <summary>UpdateDiskInfo body (PutDiskInfoReq); note <c>volumegroups</c>, spelt without the underscore.</summary>
public sealed record PutDiskInfoRequest(IReadOnlyList<ServerDiskInfo?>? Disks, IReadOnlyList<VolumeGroupInfo?>? Volumegroups, IReadOnlyList<BtrfsInfo?>? BtrfsList);

public sealed record ServerDiskInfo(string? Name, string? PartitionStyle, string? DeviceUse, long? Size, long? UsedSize);

public sealed record VolumeGroupInfo(string? Name, long? Size, long? FreeSize);

public sealed record BtrfsInfo(string? Name, long? Size);
