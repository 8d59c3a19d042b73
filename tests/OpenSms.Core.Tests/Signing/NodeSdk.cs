using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OpenSms.Core.Tests.Signing;

/// <summary>
/// Runs tests/compat/node/sign-request.js, which signs with Huawei's own Node.js SDK core
/// (@huaweicloud/huaweicloud-sdk-core 3.1.211), installing its packages on first use.
/// </summary>
public static class NodeSdk
{
    /// <summary>The folder holding sign-request.js with its packages installed, or null when <c>node</c> is not on PATH.</summary>
    public static async Task<string?> PrepareAsync(CancellationToken ct)
    {
        if (FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node") is null) return null;
        var folder = CompatFolder();
        // Test projects run in parallel processes: a lock file keeps two npm installs apart.
        await using var installLock = await LockAsync(Path.Combine(folder, ".install.lock"), ct);
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@huaweicloud", "huaweicloud-sdk-core")))
        {
            var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
            var (exit, stdout, stderr) = await RunAsync(npm, ["ci", "--no-audit", "--no-fund"], folder, new Dictionary<string, string>(), ct);
            Assert.True(exit == 0, $"npm ci failed in {folder} ({exit}):\n{stdout}\n{stderr}");
        }
        return folder;
    }

    /// <summary>Sends one request through the SDK and returns the status and body it reported.</summary>
    public static async Task<(int Status, JsonNode? Body)> SendAsync(
        string folder, string endpoint, (string Ak, string Sk, string ProjectId) key,
        string method, string path, string? queryJson, string? bodyJson, CancellationToken ct)
    {
        var env = new Dictionary<string, string>
        {
            ["HUAWEI_ENDPOINT"] = endpoint, ["HUAWEI_AK"] = key.Ak, ["HUAWEI_SK"] = key.Sk, ["HUAWEI_PROJECT_ID"] = key.ProjectId,
        };
        var (exit, stdout, stderr) = await RunAsync("node", ["sign-request.js", method, path, queryJson ?? "", bodyJson ?? ""], folder, env, ct);
        Assert.True(exit == 0, $"sign-request.js failed ({exit}):\n{stdout}\n{stderr}");
        var result = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        return (result["status"]!.GetValue<int>(), result["body"]);
    }

    static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string file, string[] args, string folder, Dictionary<string, string> env, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    static string? FindOnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, file))
            .FirstOrDefault(File.Exists);

    static string CompatFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "compat", "node");
            if (File.Exists(Path.Combine(candidate, "sign-request.js"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/compat/node not found above " + AppContext.BaseDirectory);
    }
}
