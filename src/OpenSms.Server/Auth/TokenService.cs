using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenSms.Server.Auth;

/// <summary>Who a token speaks for. Short property names keep the token small on every request.</summary>
public sealed record TokenClaims(
    [property: JsonPropertyName("t")] string TokenId,
    [property: JsonPropertyName("u")] string UserId,
    [property: JsonPropertyName("un")] string UserName,
    [property: JsonPropertyName("d")] string DomainId,
    [property: JsonPropertyName("dn")] string DomainName,
    [property: JsonPropertyName("p")] string? ProjectId,
    [property: JsonPropertyName("pn")] string? ProjectName,
    [property: JsonPropertyName("a")] bool IsAdmin,
    [property: JsonPropertyName("i")] long IssuedAt,
    [property: JsonPropertyName("e")] long ExpiresAt);

[JsonSerializable(typeof(TokenClaims))]
internal sealed partial class TokenJson : JsonSerializerContext;

public enum TokenCheck { Valid, Malformed, BadSignature, Expired, Revoked }

/// <summary>
/// Self-verifying tokens: <c>base64url(claims).base64url(HMAC-SHA256(server key, claims))</c>.
/// Checking one is a hash and a set lookup; revocation is a set kept in memory and in the store.
/// </summary>
public sealed class TokenService(ServerKey key, RevocationList revoked, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public string Issue(TokenClaims claims)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(claims, TokenJson.Default.TokenClaims);
        var mac = HMACSHA256.HashData(key.Key, payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    // Clients send the same token with every request (an agent reports every few seconds), so its
    // signature and claims are checked once; expiry and revocation are checked on every use.
    readonly ConcurrentDictionary<string, TokenClaims> verified = new(StringComparer.Ordinal);

    public (TokenCheck Check, TokenClaims? Claims) Verify(string token)
    {
        if (!verified.TryGetValue(token, out var claims))
        {
            var (check, parsed) = Parse(token);
            if (check != TokenCheck.Valid) return (check, parsed);
            claims = parsed!;
            if (verified.Count >= 4096) verified.Clear();
            verified[token] = claims;
        }
        if (claims.ExpiresAt <= clock.GetUtcNow().ToUnixTimeMilliseconds()) return (TokenCheck.Expired, claims);
        if (revoked.Contains(claims.TokenId) || revoked.Contains(UserRevocationId(claims.UserId)) || revoked.Contains(AccountRevocationId(claims.DomainId)))
            return (TokenCheck.Revoked, claims);
        return (TokenCheck.Valid, claims);
    }

    /// <summary>Valid here means well formed and signed by this server; expiry and revocation are the caller's.</summary>
    (TokenCheck Check, TokenClaims? Claims) Parse(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 4096) return (TokenCheck.Malformed, null);
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return (TokenCheck.Malformed, null);
        }
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key.Key, payload), mac))
            return (TokenCheck.BadSignature, null);
        try
        {
            var claims = JsonSerializer.Deserialize(payload, TokenJson.Default.TokenClaims);
            return claims is null ? (TokenCheck.Malformed, null) : (TokenCheck.Valid, claims);
        }
        catch (JsonException)
        {
            return (TokenCheck.Malformed, null);
        }
    }

    public static string Describe(TokenCheck check) => check switch
    {
        TokenCheck.Expired => "token expires",
        TokenCheck.Revoked => "token has been revoked",
        TokenCheck.BadSignature => "verify token signature fail",
        _ => "decrypt token fail",
    };

    /// <summary>
    /// The revocation entry that retires every token of a deleted account. Kept for one token
    /// lifetime, after which no token of that account can still be valid.
    /// </summary>
    public static string AccountRevocationId(string domainId) => "account:" + domainId;

    /// <summary>The same for a deleted user: its tokens carry its id and would otherwise live on until they expire.</summary>
    public static string UserRevocationId(string userId) => "user:" + userId;

    /// <summary>When the last token issued before now expires: how long a user's or account's revocation must be kept.</summary>
    public static long LastExpiry(TimeProvider clock) => clock.GetUtcNow().Add(Lifetime).ToUnixTimeMilliseconds();

    public static string NewTokenId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
