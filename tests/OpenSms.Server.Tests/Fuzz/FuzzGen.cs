using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>
/// Generators for hostile requests: a valid body with one value swapped for something nasty (as
/// raw JSON bytes, so it may be a huge number, invalid UTF-8 or 10,000 nested arrays), a field
/// dropped, garbage instead of a body, odd ids in the path, odd query strings and headers.
/// </summary>
public static class FuzzGen
{
    /// <summary>A string no template contains; the serialized template's copy of it is replaced with raw bytes.</summary>
    const string Marker = "\u00a7fuzz\u00a7";

    static readonly string[] NastyValues =
    [
        "0", "-0", "1", "-1", "100", "101", "1000", "1001", "-2147483648", "2147483647", "2147483648", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
        "1e308", "1e309", "-1e400", "1E2", "0.5", "1.0", "99.999", "1e-400", "0.1e1", "NaN", "Infinity", "-Infinity",
        "01", "+1", ".5", "0x10",
        "true", "false", "null", "[]", "{}", "[null]", "[1,2,3]", "{\"a\":1}", "[[]]", "[{}]",
        "\"\"", "\" \"", "\"0\"", "\"-1\"", "\"1e400\"", "\"true\"", "\"null\"", "\"NaN\"",
        "\"00:00\"", "\"23:59\"", "\"24:00\"", "\"12:60\"", "\"-1:00\"", "\"1:5\"", "\"99:99\"", "\"Mon\"", "\"Funday\"",
        "\"2026-02-30T25:61:00\"", "\"2026-11-26 10:00:00\"", "\"2026-11-26T10:00:00+14:00\"", "\"9999-12-31T23:59:59Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"-1\"", "\"MIGRATE_LINUX_FILE\"", "\"DETTACH_AGENT_IMAGE\"", "\"SYNC_LINUX_FILE\"",
        "\"start\"", "\"stop\"", "\"restart\"", "\"sync\"", "\"READY\"", "\"Asia/Shanghai\"", "\"Mars/Olympus\"",
        "\"日本語\"", "\"\ud83d\ude00\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"a\\\"b\"", "\"\\\\\"",
        "\"../../etc/passwd\"", "\"%2F%2E%2E\"", "\"' OR 1=1 --\"", "\"<script>alert(1)</script>\"", "\"${jndi:x}\"",
        "\"*\"", "\"sms:*:*\"", "\"sms:*:*:server:*\"", "\"1.1\"", "\"5.0\"", "\"Allow\"", "\"Deny\"",
        "\"00000000-0000-0000-0000-000000000000\"", "[\"*\"]", "[\"\"]", "[\"Mon\",\"Mon\"]",
        "\"{}\"", "\"[]\"", "\"{\\\"Version\\\":\\\"5.0\\\"}\"", "\"{\\\"Version\\\":\\\"5.0\\\",\\\"Statement\\\":null}\"",
    ];

    /// <summary>Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong slash, a surrogate, 0xFF.</summary>
    static readonly byte[][] BadUtf8 =
        [[0x80], [0xC3], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF, 0xFE], [0xE2, 0x82]];

    static readonly Gen<string> NastyText = Gen.OneOf(NastyValues);

    static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    static string Repeat(string s, int times) => new StringBuilder(s.Length * times).Insert(0, s, times).ToString();

    /// <summary>Any JSON value (or not quite JSON) as raw bytes.</summary>
    public static readonly Gen<byte[]> NastyValue = Gen.Frequency(
        (10, NastyText.Select(Utf8)),
        (2, Gen.Long.Select(l => Utf8(l.ToString(CultureInfo.InvariantCulture)))),
        (2, Gen.Double.Select(d => Utf8(d.ToString("R", CultureInfo.InvariantCulture)))),
        (2, Gen.Int[-5, 1000].Select(i => Utf8(i.ToString(CultureInfo.InvariantCulture)))),
        (3, Gen.String.Select(s => Utf8(JsonSerializer.Serialize(s)))),
        (1, Gen.Int[100, 70_000].Select(n => Utf8("\"" + new string('a', n) + "\""))),
        (1, Gen.Int[1, 10_000].Select(depth => Utf8(Repeat("[", depth) + Repeat("]", depth)))),
        (1, Gen.Int[1, 5_000].Select(depth => Utf8(Repeat("{\"a\":", depth) + "1" + Repeat("}", depth)))),
        (2, Gen.OneOf(BadUtf8).Select(bad => (byte[])[(byte)'"', (byte)'x', .. bad, (byte)'"'])),
        (1, Gen.Byte.Array[0, 40]));

    /// <summary>A whole body that is not what the endpoint wants at all.</summary>
    static readonly Gen<byte[]> Garbage = Gen.Frequency(
        (4, NastyValue),
        (1, Gen.Const(Array.Empty<byte>())),
        (1, Gen.Int[1, 10_000].Select(depth => Utf8(Repeat("[", depth) + Repeat("]", depth)))),
        (1, Gen.Int[1, 10_000].Select(depth => Utf8(Repeat("[", depth)))),
        (1, Gen.OneOf("{", "{\"a\":", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "{\"a\":1}{\"b\":2}", "\ufeff{}", "{} trailing", "/* c */ {}").Select(Utf8)),
        (1, Gen.Int[1, 2_000].Select(n => Utf8("{" + string.Join(",", Enumerable.Range(0, n).Select(i => $"\"k{i}\":{i}")) + "}"))),
        (1, Gen.Int[60_000, 80_000].Select(n => Utf8("{\"x\":\"" + new string('b', n) + "\"}"))));

    /// <summary>The bodies for an endpoint: mostly its valid template with one thing wrong.</summary>
    public static Gen<byte[]?> Body(JsonObject? template)
    {
        if (template is null) return Gen.Frequency((12, Gen.Const<byte[]?>((byte[]?)null)), (1, Garbage.Select(b => (byte[]?)b)));
        var paths = PathsOf(template);
        return Gen.Frequency(
            (2, Gen.Const<byte[]?>(Utf8(template.ToJsonString()))),
            (12, Gen.Select(Gen.Int[0, paths.Count - 1], NastyValue, (i, value) => (byte[]?)Replace(template, paths[i], value))),
            (3, Gen.Int[0, paths.Count - 1].Select(i => (byte[]?)Utf8(Remove(template, paths[i]).ToJsonString()))),
            (2, Gen.Select(Gen.String[0, 20], NastyValue, (name, value) => (byte[]?)AddField(template, name, value))),
            (2, Gen.Select(Gen.Int[0, template.Count - 1], NastyValue, (i, value) => (byte[]?)Duplicate(template, template.ElementAt(i).Key, value))),
            (3, Garbage.Select(b => (byte[]?)b)),
            (1, Gen.Const<byte[]?>((byte[]?)null)));
    }

    /// <summary>The policy-document string carries a JSON document of its own: fuzz that too.</summary>
    public static Gen<byte[]?> NestedDocumentBody(JsonObject template, string field, JsonObject document)
    {
        var paths = PathsOf(document);
        var inner = Gen.Select(Gen.Int[0, paths.Count - 1], NastyValue, (i, value) => Replace(document, paths[i], value));
        return Gen.Frequency(
            (3, Body(template)),
            (2, inner.Select(doc =>
            {
                var body = (JsonObject)template.DeepClone();
                // Invalid UTF-8 cannot be carried inside a JSON string; such bytes become U+FFFD, still odd.
                body[field] = Encoding.UTF8.GetString(doc);
                return (byte[]?)Utf8(body.ToJsonString());
            })));
    }

    /// <summary>
    /// Ids for a path placeholder: mostly the real one, else the strange ones. Not %00: the in-process
    /// test host refuses it before the server sees it, as Kestrel does with a 400 of its own.
    /// </summary>
    public static Gen<string> Id(string placeholder) => Gen.Frequency(
        (8, Gen.Const(placeholder)),
        (1, Gen.Const(placeholder.StartsWith("{fresh-", StringComparison.Ordinal) ? placeholder : placeholder.Insert(1, "fresh-"))),
        (4, Gen.OneOf(
            "00000000-0000-0000-0000-000000000000", "x", "0", "-1", "%2F", "a%2Fb", "%2E%2E", ".", "..", "%FF%FE", "%C3%28",
            "%E2%80%AE", "%D1%82%D0%B5%D1%81%D1%82", "%F0%9F%98%80", "%20", "'%20OR%201=1--", "%7B%7D", "null", "%25",
            "9999999999999999999999", new string('a', 300), new string('9', 5000), "%5C", "a;b", "a,b", "~", "%3F", "%23")),
        (1, Gen.String[1, 40].Select(Uri.EscapeDataString)));

    static readonly string[] QueryNames =
        ["limit", "offset", "state", "name", "id", "source_server_id", "enterprise_project_id", "ip", "connected", "migproject",
         "migration_cycle", "from", "to", "step", "user_id", "x"];

    static readonly string[] QueryValues =
        ["", "0", "-1", "1", "200", "201", "65536", "2147483648", "99999999999999999999", "abc", "true", "maybe", "READY",
         "RUNNING", "1e3", "%00", "%FF", "%E6%97%A5", "%2F", new string('q', 300), "a&b", "%26", "2026-11-26T10:00:00Z"];

    public static readonly Gen<string> Query = Gen.Frequency(
        (3, Gen.Const("")),
        (2, Gen.Select(Gen.OneOf(QueryNames), Gen.OneOf(QueryValues)).Array[1, 4]
            .Select(pairs => "?" + string.Join("&", pairs.Select(p => p.Item1 + "=" + p.Item2)))));

    static readonly string[] ContentTypes =
        ["application/json", "application/json", "application/json", "application/json; charset=utf-8", "application/json;charset=latin1",
         "APPLICATION/JSON", "application/problem+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
         "application/xml", "", ";;;", "application/json; charset=", "application/", "/json", "*/*", "application/json, text/plain",
         "application/json; boundary=\"unterminated"];

    public static readonly Gen<string?> ContentType = Gen.Frequency((12, Gen.OneOf(ContentTypes).Select(c => (string?)c)), (1, Gen.Const<string?>((string?)null)));

    static readonly Gen<KeyValuePair<string, string>> Header = Gen.OneOf(
        Gen.OneOf("X-Project-Id", "X-Domain-Id", "X-Sdk-Date", "X-Request-Id", "X-Subject-Token", "Accept", "X-Forwarded-For", "Accept-Encoding",
            "Content-Encoding", "Transfer-Encoding", "If-Match", "X-Language", "Authorization")
            .Select(Gen.OneOf(Gen.OneOf("", "x", "20261126T100000Z", "gzip", "identity", "*/*", "application/xml", "1.2.3.4, ::1", "not-an-ip",
                    "SDK-HMAC-SHA256 Access=a, SignedHeaders=host, Signature=00", "SDK-HMAC-SHA256", "Bearer x", "00000000-0000-0000-0000-000000000000"),
                Gen.Int[1, 8000].Select(n => new string('h', n))),
                (name, value) => new KeyValuePair<string, string>(name, value)));

    public static readonly Gen<KeyValuePair<string, string>[]> Headers = Gen.Frequency(
        (4, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
        (1, Header.Array[1, 3]));

    public static readonly Gen<Auth> Auths = Gen.Frequency(
        (20, Gen.Const(Auth.Admin)), (3, Gen.Const(Auth.Member)), (1, Gen.Const(Auth.None)), (1, Gen.Const(Auth.Garbage)),
        (1, Gen.Const(Auth.HugeGarbage)), (1, Gen.Const(Auth.AdminTwice)), (1, Gen.Const(Auth.AdminAndGarbage)), (1, Gen.Const(Auth.BogusSignature)));

    /// <summary>Every value's location in a template, as property names and array indexes.</summary>
    static List<object[]> PathsOf(JsonNode node)
    {
        var paths = new List<object[]>();
        void Walk(JsonNode? n, object[] at)
        {
            if (at.Length > 0) paths.Add(at);
            switch (n)
            {
                case JsonObject o:
                    foreach (var (key, child) in o) Walk(child, [.. at, key]);
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], [.. at, i]);
                    break;
            }
        }
        Walk(node, []);
        return paths;
    }

    static (JsonNode Parent, object Key) Locate(JsonNode root, object[] path)
    {
        var parent = root;
        foreach (var step in path[..^1]) parent = step is string name ? parent[name]! : parent[(int)step]!;
        return (parent, path[^1]);
    }

    static byte[] Replace(JsonObject template, object[] path, byte[] raw)
    {
        var copy = template.DeepClone();
        var (parent, key) = Locate(copy, path);
        if (key is string name) parent[name] = Marker;
        else parent[(int)key] = Marker;
        return Splice(Utf8(copy.ToJsonString()), raw);
    }

    static JsonObject Remove(JsonObject template, object[] path)
    {
        var copy = (JsonObject)template.DeepClone();
        var (parent, key) = Locate(copy, path);
        if (key is string name) parent.AsObject().Remove(name);
        else parent.AsArray().RemoveAt((int)key);
        return copy;
    }

    static byte[] AddField(JsonObject template, string name, byte[] raw)
    {
        var copy = (JsonObject)template.DeepClone();
        copy[name] = Marker;
        return Splice(Utf8(copy.ToJsonString()), raw);
    }

    /// <summary>The template with one of its top-level fields given twice, first with the nasty value.</summary>
    static byte[] Duplicate(JsonObject template, string name, byte[] raw) =>
        [.. "{"u8, .. Utf8(JsonSerializer.Serialize(name)), .. ":"u8, .. raw, .. ","u8, .. Utf8(template.ToJsonString()).AsSpan(1)];

    static byte[] Splice(byte[] json, byte[] raw)
    {
        // The serializer escapes the marker's non-ASCII characters, so look for what it wrote.
        var quoted = Utf8(JsonSerializer.Serialize(Marker));
        var at = json.AsSpan().IndexOf(quoted);
        return [.. json.AsSpan(0, at), .. raw, .. json.AsSpan(at + quoted.Length)];
    }
}
