using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenSms.Core.Iam;

/// <summary>An address block from an <c>IpAddress</c> condition: CIDR or a single address, IPv4 or IPv6.</summary>
readonly record struct IpRange(byte[] Network, int PrefixLength)
{
    public static bool TryParse(string text, out IpRange range)
    {
        range = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var address)) return false;
        var bits = address.Length * 8;
        var prefix = bits;
        if (slash >= 0 &&
            (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
            return false;
        range = new IpRange(address, prefix);
        return true;
    }

    /// <summary>Host bits in the policy's address are ignored, as IAM does: <c>10.1.2.3/8</c> means <c>10.0.0.0/8</c>.</summary>
    public bool Contains(string addressText)
    {
        if (!TryParseAddress(addressText, out var address) || address.Length != Network.Length) return false;
        var whole = PrefixLength / 8;
        for (var i = 0; i < whole; i++)
            if (address[i] != Network[i]) return false;
        var rest = PrefixLength % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (Network[whole] & mask);
    }

    static bool TryParseAddress(string text, out byte[] bytes)
    {
        bytes = [];
        // IPAddress.TryParse also accepts forms such as "1" or "1.2"; require the dotted quad or a colon.
        if (!text.Contains(':', StringComparison.Ordinal) && text.Count(c => c == '.') != 3) return false;
        if (!IPAddress.TryParse(text, out var address)) return false;
        // An IPv4 client seen through a dual-stack socket arrives as ::ffff:a.b.c.d; compare it as IPv4.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        bytes = address.GetAddressBytes();
        return true;
    }
}
