using System.CommandLine;
using OpenSms.Cli.Commands;

namespace OpenSms.Cli;

/// <summary>The <c>opensms</c> command line: one command group per file under Commands/.</summary>
static class Cli
{
    public static RootCommand Build(CliConsole console)
    {
        var cli = new CliContext(console);
        var root = new RootCommand("opensms: the OpenSms (Huawei Cloud SMS v3 compatible) command line")
        {
            cli.ConfigPath, cli.ProfileName, cli.Endpoint, cli.Json,
        };
        foreach (var command in LoginCommands.Create(cli)) root.Add(command);
        root.Add(SourceCommands.Create(cli));
        root.Add(TaskCommands.Create(cli));
        root.Add(SpeedLimitCommands.Create(cli));
        root.Add(IamCommands.Create(cli));
        root.Add(DecodeCommands.Create(cli));
        root.Add(AgentCommands.Create(cli));
        root.Add(ConformanceCommands.Create(cli));
        return root;
    }

    /// <summary>Parses and runs one command line; the exit code is 0 on success.</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct = default) =>
        Build(console).Parse(args).InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, ct);
}
