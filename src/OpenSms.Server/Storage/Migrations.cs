using System.Globalization;
using System.Reflection;

namespace OpenSms.Server.Storage;

/// <summary>The numbered .sql scripts embedded for one dialect, in order.</summary>
public static class Migrations
{
    public static IEnumerable<(long Version, string Sql)> For(string dialect)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"Migrations.{dialect}/";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..];
            var version = long.Parse(file.AsSpan(0, file.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }
}
