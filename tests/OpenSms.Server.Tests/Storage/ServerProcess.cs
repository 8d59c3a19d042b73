using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// A real OpenSms server process (the built OpenSms.Server.dll beside the tests) on a loopback
/// port of its own. Disposing it stops it; its output is kept for a failing test's message.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    ServerProcess(Process process, Uri address) => (this.process, Address) = (process, address);

    public Uri Address { get; }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Starts the server with <c>--Key=value</c> settings and waits until <c>/readyz</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenSms.Server.dll"));
        start.ArgumentList.Add($"--urls={address}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        var server = new ServerProcess(Process.Start(start)!, address);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/readyz", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"The server at {Address} did not become ready:\n{Output}");
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: the process gets no chance to flush, drain or say goodbye, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        process.Dispose();
    }
}
