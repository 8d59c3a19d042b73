namespace OpenSms.Core.Contracts;

/// <summary>NetworkCheckInfoRequestBody (reference §2.9); also what tasks show as <c>network_check_info</c>.</summary>
public sealed record NetworkCheckInfo
{
    public bool? DomainConnectivity { get; init; }
    public bool? DestinationConnectivity { get; init; }
    public double? NetworkDelay { get; init; }
    public double? NetworkJitter { get; init; }
    public double? MigrationSpeed { get; init; }
    public double? LossPercentage { get; init; }
    public double? CpuUsage { get; init; }
    public double? MemUsage { get; init; }
    public string? EvaluationResult { get; init; }
}

public sealed record TaskIdResponse(string TaskId);

/// <summary>ConfigBody (reference §2.11).</summary>
public sealed record ConfigBody(string? ConfigKey, string? ConfigValue, string? ConfigStatus);

public sealed record ConfigurationsRequest(IReadOnlyList<ConfigBody?>? Configurations);

public sealed record ConfigSettingResponse(string TaskId, string MigrateType, IReadOnlyList<ConfigBody> Configurations);

/// <summary>
/// ConsistencyResult (reference §2.11). Counts are read as 64-bit so that an out-of-range number
/// is a range error (SMS.9001) rather than a type error.
/// </summary>
public sealed record ConsistencyResult
{
    public string? DirCheck { get; init; }
    public long? NumTotalFiles { get; init; }
    public long? NumDifferentFiles { get; init; }
    public long? NumTargetMissFiles { get; init; }
    public long? NumTargetMoreFiles { get; init; }
}

public sealed record SetConsistencyResultRequest(IReadOnlyList<ConsistencyResult?>? ConsistencyResult);

/// <summary>One check in ShowConsistencyResult's <c>result_list</c>.</summary>
public sealed record ConsistencyResultList(long FinishedTime, string CheckResult, IReadOnlyList<ConsistencyResult> ConsistencyResult);

public sealed record ShowConsistencyResultResponse(string TaskId, IReadOnlyList<ConsistencyResultList> ResultList);

public sealed record ConsistencyTaskInfo(string? TaskId, string? SourceId, string? SourceName);

public sealed record ExportConsistencyRequest(IReadOnlyList<ConsistencyTaskInfo?>? TaskInfo);

public sealed record CollectLogRequest(string? LogBucket);

public sealed record CertKeyResponse
{
    public required string Cert { get; init; }
    public required string PrivateKey { get; init; }
    public string? Ca { get; init; }
    public string? TargetMgmtCert { get; init; }
    public string? TargetMgmtPrivateKey { get; init; }
    public string? TargetDataCert { get; init; }
    public string? TargetDataPrivateKey { get; init; }
}

public sealed record PassphraseResponse(string TaskId, string Passphrase);
