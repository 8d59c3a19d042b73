using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenSms.Client;

/// <summary>The wire's JSON conventions: snake_case names, nulls left out (so an unset optional field is absent).</summary>
static class ClientJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
