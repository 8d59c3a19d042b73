using System.Security.Cryptography;
using System.Text;

namespace OpenSms.Server.Auth;

/// <summary>
/// AES-256-GCM under a key derived from the server key: access-key secrets at rest and encoded
/// authorization messages. Output is base64url(nonce | tag | ciphertext).
/// </summary>
public sealed class SecretBox(ServerKey serverKey)
{
    readonly byte[] key = HKDF.DeriveKey(HashAlgorithmName.SHA256, serverKey.Key, 32, info: "opensms secret box v1"u8.ToArray());

    public string Seal(string plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[12 + 16 + data.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, data, output.AsSpan(28), output.AsSpan(12, 16));
        return System.Buffers.Text.Base64Url.EncodeToString(output);
    }

    /// <summary>The plaintext, or null when the text was not sealed by this server (tampered, foreign, garbage).</summary>
    public string? Open(string sealedText)
    {
        byte[] input;
        try
        {
            input = System.Buffers.Text.Base64Url.DecodeFromChars(sealedText);
        }
        catch (FormatException)
        {
            return null;
        }
        if (input.Length < 28) return null;
        var data = new byte[input.Length - 28];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(input.AsSpan(0, 12), input.AsSpan(28), input.AsSpan(12, 16), data);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(data);
    }
}
