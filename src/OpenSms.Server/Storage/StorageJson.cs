using System.Text.Json.Serialization;
using OpenSms.Core.SpeedLimits;

namespace OpenSms.Server.Storage;

/// <summary>
/// The domain records kept as JSON in the database. Computed properties are left out: they follow
/// from the stored ones, and leaving them out keeps the detector's state small on the hot path.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(SpeedSchedule))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(SpeedWindow))]
[JsonSerializable(typeof(OverSpeedState))]
[JsonSerializable(typeof(IReadOnlyList<OverSpeedSample>))]
public sealed partial class StorageJson : JsonSerializerContext;
