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
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(SpeedWindow))]
[JsonSerializable(typeof(OverSpeedState))]
[JsonSerializable(typeof(IReadOnlyList<OverSpeedSample>))]
[JsonSerializable(typeof(SamplesFrom[]))]
public sealed partial class StorageJson : JsonSerializerContext;

/// <summary>A task whose reports a history read wants from <paramref name="Since"/> (epoch ms) on; one JSON argument carries a page of them.</summary>
public sealed record SamplesFrom(string Id, long Since);
