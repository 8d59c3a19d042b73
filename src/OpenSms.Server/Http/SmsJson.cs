using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OpenSms.Core.Contracts;

namespace OpenSms.Server.Http;

/// <summary>Source-generated (de)serializers for every wire type, snake_case as Huawei spells them.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProgressRequest))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(GatewayErrorBody))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(IdsRequest))]
[JsonSerializable(typeof(TaskActionRequest))]
[JsonSerializable(typeof(CommandResponse))]
[JsonSerializable(typeof(CommandResultRequest))]
[JsonSerializable(typeof(CreateTaskRequest))]
[JsonSerializable(typeof(UpdateTaskRequest))]
[JsonSerializable(typeof(RegisterServerRequest))]
[JsonSerializable(typeof(AuthRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(AccountsResponse))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UsersResponse))]
[JsonSerializable(typeof(CreateEnterpriseProjectRequest))]
[JsonSerializable(typeof(EnterpriseProjectResponse))]
[JsonSerializable(typeof(EnterpriseProjectsResponse))]
[JsonSerializable(typeof(CreatePolicyRequest))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(PoliciesResponse))]
[JsonSerializable(typeof(AttachUserRequest))]
[JsonSerializable(typeof(CreateCredentialRequest))]
[JsonSerializable(typeof(CredentialResponse))]
[JsonSerializable(typeof(CredentialsResponse))]
[JsonSerializable(typeof(SpeedLimitBody))]
[JsonSerializable(typeof(SpeedTimelineResponse))]
[JsonSerializable(typeof(OverSpeedEventsResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(DecodeRequest))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class SmsJson : JsonSerializerContext;
