using System.Globalization;
using System.Text;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>Who a fuzzed request claims to be.</summary>
public enum Auth
{
    Admin,
    Member,
    None,
    Garbage,
    HugeGarbage,
    AdminTwice,
    AdminAndGarbage,
    BogusSignature,
}

/// <summary>
/// One generated request. The path may hold placeholders (<c>{task}</c>, <c>{fresh-task}</c>, ...)
/// that <see cref="FuzzHost"/> fills with real ids when it sends it, so the case prints the same
/// whichever ids a run happened to create.
/// </summary>
public sealed record FuzzRequest(
    string Method, string Path, byte[]? Body, string? ContentType, Auth Auth, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    const int Shown = 300;
    const int ShownBody = 2_000;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {Shorten(Path)} auth={Auth}");
        if (ContentType is not null) text.Append(CultureInfo.InvariantCulture, $" content-type={Shorten(ContentType)}");
        foreach (var (name, value) in Headers) text.Append(CultureInfo.InvariantCulture, $" [{name}: {Shorten(value)}]");
        text.Append(Body is null ? " (no body)" : $" body ({Body.Length} bytes): {Printable(Body)}");
        return text.ToString();
    }

    static string Shorten(string s) => s.Length <= Shown ? s : s[..Shown] + $"…({s.Length} chars)";

    /// <summary>The body as text, with bytes that are not valid UTF-8 shown as \xNN, cut to a readable length.</summary>
    static string Printable(byte[] body)
    {
        var text = new StringBuilder();
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var i = 0;
        while (i < body.Length && text.Length < ShownBody)
        {
            var length = Utf8Length(body[i]);
            if (length > 0 && i + length <= body.Length && TryDecode(decoder, body.AsSpan(i, length), out var decoded))
            {
                text.Append(decoded);
                i += length;
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{body[i]:X2}");
                i++;
            }
        }
        return i < body.Length ? text + $"…(+{body.Length - i} bytes)" : text.ToString();
    }

    static int Utf8Length(byte b) => b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;

    static bool TryDecode(UTF8Encoding decoder, ReadOnlySpan<byte> bytes, out string decoded)
    {
        try
        {
            decoded = decoder.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            decoded = "";
            return false;
        }
    }
}
