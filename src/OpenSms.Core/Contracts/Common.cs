using System.Text.Json;

namespace OpenSms.Core.Contracts;

/// <summary>Huawei's SMS error body (reference §3.1).</summary>
public sealed record ErrorBody(string ErrorCode, string ErrorMsg, IReadOnlyList<string> ErrorParam)
{
    public string? EncodedAuthorizationMessage { get; init; }
    public IReadOnlyList<ErrorDetail>? Details { get; init; }
}

public sealed record ErrorDetail(string ErrorCode, string ErrorMsg);

/// <summary>The API gateway's error body for authentication failures (reference §3.3).</summary>
public sealed record GatewayErrorBody(string ErrorCode, string ErrorMsg, string RequestId);

public sealed record IdResponse(string Id);

/// <summary>The <c>{}</c> Huawei answers where its docs say the body is a bare string.</summary>
public sealed record EmptyResponse
{
    public static readonly EmptyResponse Instance = new();
}

public sealed record IdsRequest(IReadOnlyList<string>? Ids);

public sealed record TaskActionRequest(string? Operation, string? TemplateId, bool? SwitchHce, bool? IsNeedConsistencyCheck);

public sealed record CommandResponse(string CommandName, CommandParam CommandParam);

public sealed record CommandParam(string? TaskId, string? Bucket);

public sealed record CommandResultRequest(string? CommandName, string? Result, JsonElement? ResultDetail);

public sealed record SourceRef(string? Id);

/// <summary>CreateTask body (PostTask). Descriptive fields are kept as sent; these are the ones checked.</summary>
public sealed record CreateTaskRequest
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? OsType { get; init; }
    public SourceRef? SourceServer { get; init; }
    public JsonElement? TargetServer { get; init; }
    public string? MigrationIp { get; init; }
    public string? RegionName { get; init; }
    public string? RegionId { get; init; }
    public string? ProjectName { get; init; }
    public string? ProjectId { get; init; }
    public long? Priority { get; init; }
    public long? SpeedLimit { get; init; }
    public double? OverSpeedThreshold { get; init; }
    public bool? AutoStart { get; init; }
    public bool? StartTargetServer { get; init; }
    public bool? UsePublicIp { get; init; }
    public bool? UseIpv6 { get; init; }
    public bool? Syncing { get; init; }
    public bool? ExistServer { get; init; }
    public bool? StartNetworkCheck { get; init; }
    public bool? IsNeedConsistencyCheck { get; init; }
    public bool? NeedMigrationTest { get; init; }
    public string? VmTemplateId { get; init; }
    public string? ClonevmTemplateId { get; init; }
    public string? EnterpriseProjectId { get; init; }
}

/// <summary>UpdateTask body (PutTaskReq); every field optional.</summary>
public sealed record UpdateTaskRequest
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? RegionId { get; init; }
    public string? RegionName { get; init; }
    public string? ProjectName { get; init; }
    public string? ProjectId { get; init; }
    public bool? ExistServer { get; init; }
    public bool? UseIpv6 { get; init; }
    public bool? UsePublicIp { get; init; }
    public string? MigrationIp { get; init; }
    public long? SpeedLimit { get; init; }
    public string? EnterpriseProjectId { get; init; }
    public string? EnterpriseProject { get; init; }
    public string? VmTemplateId { get; init; }
    public string? ImageDiskId { get; init; }
    public string? TargetDiskIds { get; init; }
    public string? SnapshotIds { get; init; }
    public string? CutoveredSnapshotIds { get; init; }
    public JsonElement? TargetServer { get; init; }
    public JsonElement? CloneServer { get; init; }
}

public sealed record NetworkInfo(string? Mac);

/// <summary>RegisterServer body (PostSourceServerBody): the fields OpenSms checks; the rest is kept as sent.</summary>
public sealed record RegisterServerRequest
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Ip { get; init; }
    public string? Ipv6 { get; init; }
    public string? OsType { get; init; }
    public string? OsVersion { get; init; }
    public string? Hostname { get; init; }
    public string? AgentVersion { get; init; }
    public string? State { get; init; }
    public string? Firmware { get; init; }
    public long? CpuQuantity { get; init; }
    public long? Memory { get; init; }
    public IReadOnlyList<NetworkInfo>? Networks { get; init; }
    public string? EnterpriseProjectId { get; init; }
}
