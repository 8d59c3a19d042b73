using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OpenSms.Core.Contracts;

namespace OpenSms.Server.Http;

/// <summary>
/// Source-generated (de)serializers for the wire types of the endpoints beyond tasks, sources and
/// progress (network check, settings, consistency, secure channel, projects, templates, source details).
/// Kept apart from <see cref="SmsJson"/> so each feature's types stay with it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NetworkCheckInfo))]
[JsonSerializable(typeof(TaskIdResponse))]
[JsonSerializable(typeof(ConfigurationsRequest))]
[JsonSerializable(typeof(List<ConfigBody>))]
[JsonSerializable(typeof(ConfigBody))]
[JsonSerializable(typeof(ConfigSettingResponse))]
[JsonSerializable(typeof(SetConsistencyResultRequest))]
[JsonSerializable(typeof(List<ConsistencyResult>))]
[JsonSerializable(typeof(ShowConsistencyResultResponse))]
[JsonSerializable(typeof(ExportConsistencyRequest))]
[JsonSerializable(typeof(CollectLogRequest))]
[JsonSerializable(typeof(CertKeyResponse))]
[JsonSerializable(typeof(PassphraseResponse))]
[JsonSerializable(typeof(MigProjectBody))]
[JsonSerializable(typeof(MigProjectResponse))]
[JsonSerializable(typeof(MigProjectsResponse))]
[JsonSerializable(typeof(TemplateBody))]
[JsonSerializable(typeof(TargetPasswordResponse))]
[JsonSerializable(typeof(PutSourceServerBody))]
[JsonSerializable(typeof(PutCopyStateRequest))]
[JsonSerializable(typeof(PutDiskInfoRequest))]
[JsonSerializable(typeof(OpenSms.Server.Auth.ChannelMaterial))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class SurfaceJson : JsonSerializerContext;
