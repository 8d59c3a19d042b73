using System.Text.Json;

namespace OpenSms.Server.Http;

/// <summary>
/// The two ways the bodies and events written straight to JSON treat a missing number; names given
/// as UTF-8 skip the transcoding a string name costs on every write.
/// </summary>
static class JsonWriting
{
    /// <summary>The field with its value, or no field at all when there is none.</summary>
    public static void WriteNumberIfAny(this Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    /// <inheritdoc cref="WriteNumberIfAny(Utf8JsonWriter, string, long?)"/>
    public static void WriteNumberIfAny(this Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    /// <inheritdoc cref="WriteNumberIfAny(Utf8JsonWriter, string, long?)"/>
    public static void WriteNumberIfAny(this Utf8JsonWriter w, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    /// <inheritdoc cref="WriteNumberIfAny(Utf8JsonWriter, string, long?)"/>
    public static void WriteNumberIfAny(this Utf8JsonWriter w, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
    }

    /// <summary>The field with its value, or with null when there is none.</summary>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <inheritdoc cref="WriteNumberOrNull(Utf8JsonWriter, string, long?)"/>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    /// <inheritdoc cref="WriteNumberOrNull(Utf8JsonWriter, string, long?)"/>
    public static void WriteNumberOrNull(this Utf8JsonWriter w, ReadOnlySpan<byte> name, long? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
