using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace OpenSms.Server.WebConsole;

/// <summary>
/// The console's files, embedded in the server assembly so that it serves them wherever it runs
/// from (dotnet run keeps the working directory, not the project folder, as content root).
/// </summary>
public sealed class ConsoleAssets
{
    const string Prefix = "console/";
    static readonly FileExtensionContentTypeProvider Types = new();

    readonly FrozenDictionary<string, Asset> files;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..].Replace('\\', '/'), n => Load(assembly, n), StringComparer.Ordinal);
    }

    public Asset? Find(string path) => files.GetValueOrDefault(path.Length == 0 ? "index.html" : path);

    static Asset Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var type = Types.TryGetContentType(name, out var t) ? t : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal)) type += "; charset=utf-8";
        return new Asset(bytes, type, "\"" + Convert.ToHexString(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
    }
}

public sealed record Asset(byte[] Bytes, string ContentType, string ETag);
