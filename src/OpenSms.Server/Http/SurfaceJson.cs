using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenSms.Server.Http;

/// <summary>
/// Source-generated (de)serializers for the wire types of the endpoints beyond tasks, sources and
/// progress (network check, settings, consistency, secure channel, projects, templates, source details).
/// Kept apart from <see cref="SmsJson"/> so each feature's types stay with it.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class SurfaceJson : JsonSerializerContext;
