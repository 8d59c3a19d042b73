using Spectre.Console;

namespace OpenSms.Cli;

/// <summary>
/// Where a command writes: Ansi for tables and live progress, Out for plain text and JSON (never
/// through Spectre's markup), Error for problems. Live says whether redrawn output is possible
/// (a terminal, not a pipe or a file).
/// </summary>
sealed record CliConsole(IAnsiConsole Ansi, TextWriter Out, TextWriter Error, bool Live)
{
    public static CliConsole ForProcess()
    {
        var live = !Console.IsOutputRedirected && AnsiConsole.Console.Profile.Capabilities.Interactive;
        // Into a pipe or file there is no screen to fit: keep table rows whole for grep and friends.
        if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = 250;
        return new CliConsole(AnsiConsole.Console, Console.Out, Console.Error, live);
    }

    /// <summary>Plain text into writers (tests, or any host that captures output): no colours, no redrawing.</summary>
    public static CliConsole ForWriters(TextWriter output, TextWriter error)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        // Wide enough that ids and names are not wrapped in captured tables.
        ansi.Profile.Width = 200;
        return new CliConsole(ansi, output, error, Live: false);
    }
}
