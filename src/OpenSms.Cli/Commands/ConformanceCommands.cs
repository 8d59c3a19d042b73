using System.CommandLine;
using OpenSms.Cli.Conformance;

namespace OpenSms.Cli.Commands;

/// <summary><c>conformance</c>: wire-compatibility checks of the task, progress and speed-limit API against any SMS v3 endpoint.</summary>
static class ConformanceCommands
{
    public static Command Create(CliContext cli)
    {
        var auth = new AuthOptions();
        var conformance = new Command("conformance",
            "Check an SMS v3 endpoint's task, progress and speed-limit API; prints PASS/FAIL per check and exits non-zero on a failure. " +
            "It creates one source server and task and deletes them. Without credentials it uses the current profile.");
        auth.AddTo(conformance);
        var only = new Option<string[]>("--only")
        {
            Description = $"Run only these groups: {string.Join(", ", ConformanceSuite.Groups)} (default all)", AllowMultipleArgumentsPerToken = true,
        };
        only.AcceptOnlyFromAmong([.. ConformanceSuite.Groups]);
        conformance.Add(only);
        cli.Handle(conformance, async (p, ct) =>
        {
            var client = auth.HasCredentials(p)
                ? (await auth.SignInAsync(p, cli.EndpointOf(p, cli.CurrentProfile(p).Profile), ct)).Client
                : cli.Connect(p);
            await cli.Console.Out.WriteLineAsync($"Checking {client.Endpoint}");
            var groups = p.GetValue(only) is { Length: > 0 } chosen ? chosen.ToHashSet() : ConformanceSuite.Groups.ToHashSet();
            var (passed, failed) = await ConformanceSuite.RunAsync(client, cli.Console.Out, groups, ct);
            await cli.Console.Out.WriteLineAsync($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        });
        return conformance;
    }
}
