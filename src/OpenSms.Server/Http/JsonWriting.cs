using System.Text.Json;

namespace OpenSms.Server.Http;

/// <summary>
/// The two ways the bodies and events written straight to JSON treat a missing number. Names are
/// UTF-8 ("name"u8, or a JsonEncodedText's bytes): a name given as a string is checked and transcoded
/// on every write.
/// </summary>
static class JsonWriting
{
    /// <summary>The field with its value, or no field at all when there is none.</summary>
    public static void WriteNumberIfAny(this Utf8JsonWriter w, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    /// <inheritdoc cref="WriteNumberIfAny(Utf8JsonWriter, ReadOnlySpan{byte}, long?)"/>
    public static void WriteNumberIfAny(this Utf8JsonWriter w, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    /// <summary>The field with its value, or with null when there is none.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <inheritdoc cref="WriteNumberOrNull(Utf8JsonWriter, ReadOnlySpan{byte}, long?)"/>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
