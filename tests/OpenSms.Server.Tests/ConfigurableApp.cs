using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OpenSms.Server.Tests;

/// <summary>
/// The real server where the test chooses the data directory and whether OPENSMS_ADMIN_PASSWORD is
/// set (null: unset, so the server generates one). Two instances on one directory are a restart.
/// The caller owns the directory and deletes it.
/// </summary>
public sealed class ConfigurableApp(string dataDirectory, string? adminPassword) : WebApplicationFactory<Program>
{
    public string DataDirectory => dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenSms:DataDirectory", dataDirectory);
        // Empty counts as unset, and it hides any OPENSMS_ADMIN_PASSWORD the test process inherited.
        builder.UseSetting("OPENSMS_ADMIN_PASSWORD", adminPassword ?? "");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "opensms-tests", Guid.NewGuid().ToString("N"));
}

/// <summary>A data directory deleted when the test ends.</summary>
public sealed class TempDataDirectory : IDisposable
{
    public string Path { get; } = ConfigurableApp.NewDataDirectory();

    public void Dispose()
    {
        try { if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a pooled SQLite handle may linger; the temp folder is cleaned by the OS */ }
    }
}
