namespace OpenSms.Cli;

// A named class rather than top-level statements: the tests reference both this and the server,
// and two global `Program` types would collide there.
static class Program
{
    static Task<int> Main(string[] args) => Cli.RunAsync(args, CliConsole.ForProcess());
}
