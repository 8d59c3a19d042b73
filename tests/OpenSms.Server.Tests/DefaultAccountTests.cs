using System.Net;

namespace OpenSms.Server.Tests;

/// <summary>The account, project and administrator created on first start (CONTRACT.md, Start-up).</summary>
public sealed class DefaultAccountTests
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task WithOpenSmsAdminPasswordSetTheAdminSignsInWithItAndNoPasswordFileIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDataDirectory();
        using var app = new ConfigurableApp(data.Path, "Chosen-by-operator-1");
        using var client = app.CreateClient();

        var token = await OpenSmsApp.TokenAsync(client, "opensms", "admin", "Chosen-by-operator-1", ct);

        Assert.False(string.IsNullOrEmpty(token));
        Assert.False(File.Exists(Path.Combine(data.Path, "admin-password.txt")));
    }

    [Fact]
    public async Task WithoutOpenSmsAdminPasswordAGeneratedOneIsWrittenOwnerOnlyAndSignsIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDataDirectory();
        using var app = new ConfigurableApp(data.Path, adminPassword: null);
        using var client = app.CreateClient();
        using var health = await client.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var file = Path.Combine(data.Path, "admin-password.txt");
        var password = (await File.ReadAllTextAsync(file, ct)).Trim();

        Assert.True(password.Length >= 16, $"generated password '{password}' is too short");
        if (!OperatingSystem.IsWindows()) Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
        Assert.False(string.IsNullOrEmpty(await OpenSmsApp.TokenAsync(client, "opensms", "admin", password, ct)));
    }

    [Fact]
    public async Task TwoStartsWithoutAPasswordGenerateDifferentPasswords()
    {
        var ct = TestContext.Current.CancellationToken;
        using var first = new TempDataDirectory();
        using var second = new TempDataDirectory();

        var passwords = new List<string>();
        foreach (var data in new[] { first, second })
        {
            using var app = new ConfigurableApp(data.Path, adminPassword: null);
            using var client = app.CreateClient();
            using var health = await client.GetAsync("/readyz", ct);
            passwords.Add(await File.ReadAllTextAsync(Path.Combine(data.Path, "admin-password.txt"), ct));
        }

        Assert.NotEqual(passwords[0], passwords[1]);
    }

    [Fact]
    public async Task ARestartKeepsTheAccountAndDoesNotResetThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDataDirectory();
        using (var first = new ConfigurableApp(data.Path, "First-password-1"))
        using (var client = first.CreateClient())
            await OpenSmsApp.TokenAsync(client, "opensms", "admin", "First-password-1", ct);

        using var second = new ConfigurableApp(data.Path, "Second-password-2");
        using var again = second.CreateClient();

        Assert.False(string.IsNullOrEmpty(await OpenSmsApp.TokenAsync(again, "opensms", "admin", "First-password-1", ct)));
    }

    [Fact]
    public async Task TheServerKeyIsReadableByItsOwnerOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new OpenSmsApp();
        using var client = await app.AdminClientAsync(ct);

        var key = Path.Combine(app.DataDirectory, "server.key");

        Assert.True(File.Exists(key));
        if (!OperatingSystem.IsWindows()) Assert.Equal(OwnerOnly, File.GetUnixFileMode(key));
    }

    [Fact]
    public async Task ANewDataDirectoryIsOpenToItsOwnerOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new OpenSmsApp();
        using var client = await app.AdminClientAsync(ct);

        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "opensms.db")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(app.DataDirectory));
    }
}
