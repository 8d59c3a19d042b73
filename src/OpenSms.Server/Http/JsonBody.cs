using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;

namespace OpenSms.Server.Http;

/// <summary>
/// Reads a JSON request body with the contract's limits: 415 for another Content-Type, 413 past
/// 64 KiB, SMS.9002 for malformed JSON or a field of the wrong JSON type.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public readonly record struct Read<T>(T? Value, ReadOnlyMemory<byte> Raw, SmsError? Error);

    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > MaxBytes) return Fail<T>(SmsError.TooLarge(MaxBytes));
        if (!IsJson(request.ContentType))
            return request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null)
                ? Fail<T>(SmsError.BadJson("A JSON request body is required."))
                : Fail<T>(SmsError.UnsupportedMediaType());

        byte[]? bytes;
        try
        {
            bytes = await ReadBoundedAsync(request.BodyReader, ct);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits (OpenSms:Http): an answer for the client, not a fault to log.
            return Fail<T>(e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? SmsError.TooLarge(request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? MaxBytes)
                : new SmsError(e.StatusCode, new OpenSms.Core.Contracts.ErrorBody("SMS.9002", "The request body could not be read.", [])));
        }
        if (bytes is null) return Fail<T>(SmsError.TooLarge(MaxBytes));
        if (bytes.Length == 0) return Fail<T>(SmsError.BadJson("A JSON request body is required."));
        if (Unreadable(bytes) is { } problem) return Fail<T>(SmsError.BadJson(problem));
        try
        {
            var value = JsonSerializer.Deserialize(bytes, type);
            return value is null
                ? Fail<T>(SmsError.BadJson("The request body must be a JSON object."))
                : new Read<T>(value, bytes, null);
        }
        catch (JsonException e)
        {
            return Fail<T>(Describe(e));
        }
    }

    /// <summary>
    /// What the typed reader lets through (it skips unknown fields unread and keeps the last of two
    /// equal names) but a later reading of the raw body would fail on, or read differently from
    /// the endpoint: bytes that are not UTF-8, escapes that are not Unicode (a lone surrogate), a
    /// field given twice. Syntax errors are left to the typed reader, which says where they are.
    /// </summary>
    static string? Unreadable(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json)) return "The request body is not valid UTF-8.";
        // Every report comes through here: the set and the stack are kept per thread, not allocated per body.
        var names = seenNames ??= new HashSet<(int, string)>();
        var objects = openObjects ??= new Stack<int>();
        try
        {
            return FirstProblem(json, names, objects);
        }
        finally
        {
            objects.Clear();
            names.Clear();
            if (names.Capacity > 256) names.TrimExcess();
        }
    }

    [ThreadStatic] static HashSet<(int Object, string Name)>? seenNames;
    [ThreadStatic] static Stack<int>? openObjects;

    static string? FirstProblem(ReadOnlySpan<byte> json, HashSet<(int Object, string Name)> names, Stack<int> objects)
    {
        var reader = new Utf8JsonReader(json);
        var opened = 0;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(opened++);
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!names.Add((objects.Peek(), reader.GetString()!))) return "The request body gives a field twice.";
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return "The request body has a string escape that is not valid Unicode.";
        }
        return null;
    }

    public static bool IsJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase) ||
        (MediaTypeHeaderValue.TryParse(contentType, out var media) &&
         (string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase) ||
          (media.MediaType?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ?? false)));

    /// <summary>The body, or null when it is larger than the limit (a chunked body has no Content-Length).</summary>
    static async Task<byte[]?> ReadBoundedAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.Buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                return null;
            }
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Names the field that had the wrong type, without leaking .NET type names.</summary>
    static SmsError Describe(JsonException e)
    {
        var field = FieldOf(e.Path);
        // The reader's own exception type is internal; its name is what tells syntax from type errors.
        var malformed = e.InnerException?.GetType().Name == "JsonReaderException";
        if (field is null || malformed)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return SmsError.BadJson($"The request body is not valid JSON{where}.");
        }
        return SmsError.BadJson($"{field} has the wrong JSON type or an out-of-range value.", field);
    }

    static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? null : field;
    }

    static Read<T> Fail<T>(SmsError error) => new(default, default, error);
}
