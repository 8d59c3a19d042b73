using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb into a temporary folder, as .ci/run does), so the
/// test may stop and start it without touching the server the other tests share. As root the
/// cluster belongs to the postgres user, since initdb refuses to run as root.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    const string Bin = "/usr/lib/postgresql/15/bin";
    readonly string folder = Path.Combine(Path.GetTempPath(), "opensms-pg-" + Guid.NewGuid().ToString("N")[..10]);
    readonly int port;

    ThrowawayPostgres(int port) => this.port = port;

    /// <summary>Null when a cluster can be made here, else why the test is skipped.</summary>
    public static string? SkipReason => File.Exists(Path.Combine(Bin, "initdb")) ? null : $"{Bin}/initdb is not installed";

    public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";

    static bool IsRoot => Environment.UserName == "root";

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken ct)
    {
        var cluster = new ThrowawayPostgres(FreePort());
        Directory.CreateDirectory(cluster.folder);
        if (IsRoot) await RunAsync("chown", ["postgres", cluster.folder], asPostgres: false, ct);
        await RunAsync(Path.Combine(Bin, "initdb"), ["-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], IsRoot, ct);
        await cluster.StartAgainAsync(ct);
        return cluster;
    }

    string Data => Path.Combine(folder, "data");

    public Task StartAgainAsync(CancellationToken ct) => RunAsync(Path.Combine(Bin, "pg_ctl"),
        ["-D", Data, "-l", Path.Combine(folder, "log"), "-w", "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off", "start"], IsRoot, ct);

    /// <summary>A fast shutdown: sessions are ended, as when an operator or a failover stops the server.</summary>
    public Task StopAsync(CancellationToken ct) => RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Data, "-m", "fast", "-w", "stop"], IsRoot, ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Data, "-m", "immediate", "-w", "stop"], IsRoot, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(folder, recursive: true);
    }

    static async Task RunAsync(string program, string[] args, bool asPostgres, CancellationToken ct)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres) foreach (var a in (string[])["-u", "postgres", "--", program]) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await errors}");
    }

    /// <summary>A free port of the range kept for these clusters, else any free one.</summary>
    static int FreePort()
    {
        foreach (var candidate in Enumerable.Range(5454, 6))
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, candidate);
                probe.Start();
                return candidate;
            }
            catch (SocketException)
            {
                // Taken; try the next.
            }
        }
        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }
}
