using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using OpenSms.Cli.Output;
using OpenSms.Core.Contracts;

namespace OpenSms.Cli.Commands;

/// <summary><c>speed-limit get|set|timeline|events</c>: a task's speed limits by time of day (docs/speed-limits.md).</summary>
static partial class SpeedLimitCommands
{
    public static Command Create(CliContext cli)
    {
        var group = new Command("speed-limit", "A task's speed limits by time of day");
        group.Add(Get(cli));
        group.Add(Set(cli));
        group.Add(Timeline(cli));
        group.Add(Events(cli));
        return group;
    }

    static Argument<string> TaskId() => new("task-id") { Description = "The task's id" };

    static Command Get(CliContext cli)
    {
        var id = TaskId();
        var get = new Command("get", "Show the task's speed-limit windows") { id };
        cli.Handle(get, async (p, ct) =>
        {
            var body = await cli.Connect(p).GetSpeedLimitAsync(p.GetRequiredValue(id), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, body);
            else if (body.SpeedLimit is not { Count: > 0 } windows) await cli.Console.Out.WriteLineAsync("No speed-limit windows; the task's own speed_limit applies.");
            else
            {
                Render.Table(cli.Console, ["#", "START", "END", "SPEED", "THRESHOLD", "DAYS"], windows.Select((w, i) => new[]
                {
                    i.ToString(CultureInfo.InvariantCulture), w?.Start, w?.End, w?.Speed is > 0 ? $"{w.Speed} Mbit/s" : "no limit",
                    w?.OverSpeedThreshold is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t:0.#}%") : "10%",
                    w?.Days is { } days ? string.Join(',', days) : "every day",
                }));
                if (body.TimeZone is { } zone) await cli.Console.Out.WriteLineAsync($"time zone: {zone}");
            }
            return 0;
        });
        return get;
    }

    static Command Set(CliContext cli)
    {
        var id = TaskId();
        var windows = new Option<string[]>("--window")
        {
            Description = "START-END=SPEED[@THRESHOLD][/DAYS], e.g. 08:00-18:00=100@20/Mon,Tue,Wed,Thu,Fri (repeat up to 5 times)",
            AllowMultipleArgumentsPerToken = false,
        };
        var zone = new Option<string?>("--time-zone") { Description = "IANA zone the windows are read in when a report has no agent_time (extension)" };
        var clear = new Option<bool>("--clear") { Description = "Remove every window" };
        var set = new Command("set", "Replace the task's speed-limit windows") { id, windows, zone, clear };
        cli.Handle(set, async (p, ct) =>
        {
            var given = p.GetValue(windows) ?? [];
            if (given.Length == 0 && !p.GetValue(clear)) throw new CliException("Give at least one --window, or --clear.");
            var body = new SpeedLimitBody { SpeedLimit = given.Select(ParseWindow).ToList(), TimeZone = p.GetValue(zone) };
            await cli.Connect(p).SetSpeedLimitAsync(p.GetRequiredValue(id), body, ct);
            await cli.Console.Out.WriteLineAsync(given.Length == 0 ? "Removed every window." : $"Set {given.Length} window(s).");
            return 0;
        });
        return set;
    }

    [GeneratedRegex(@"^(?<start>\d\d:\d\d)-(?<end>\d\d:\d\d)=(?<speed>\d+)(@(?<threshold>[\d.]+))?(/(?<days>[A-Za-z,]+))?$")]
    private static partial Regex WindowSyntax();

    internal static SpeedLimitWindow? ParseWindow(string text)
    {
        var m = WindowSyntax().Match(text.Trim());
        if (!m.Success) throw new CliException($"'{text}' is not a window; write START-END=SPEED[@THRESHOLD][/DAYS], e.g. 08:00-18:00=100@20/Mon,Fri.");
        return new SpeedLimitWindow
        {
            Start = m.Groups["start"].Value, End = m.Groups["end"].Value,
            Speed = long.Parse(m.Groups["speed"].Value, CultureInfo.InvariantCulture),
            OverSpeedThreshold = m.Groups["threshold"].Success ? double.Parse(m.Groups["threshold"].Value, CultureInfo.InvariantCulture) : null,
            Days = m.Groups["days"].Success ? m.Groups["days"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries) : null,
        };
    }

    static Command Timeline(CliContext cli)
    {
        var id = TaskId();
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (ISO-8601 with offset; default now)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (default one day after the start)" };
        var timeline = new Command("timeline", "Which limit applies when (extension)") { id, from, to };
        cli.Handle(timeline, async (p, ct) =>
        {
            var answer = await cli.Connect(p).GetSpeedTimelineAsync(p.GetRequiredValue(id), p.GetValue(from), p.GetValue(to), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, answer);
            else Render.Table(cli.Console, ["FROM", "TO", "LIMIT", "WINDOW"], answer.Items("segments").Select(s => new[]
            {
                Wire.Time(s.Long("from")), Wire.Time(s.Long("to")), s.Long("limit_mbps") is > 0 and var l ? $"{l} Mbit/s" : "no limit",
                s.Long("window_index")?.ToString(CultureInfo.InvariantCulture) ?? "task's own",
            }));
            return 0;
        });
        return timeline;
    }

    static Command Events(CliContext cli)
    {
        var id = TaskId();
        var events = new Command("events", "Over-speed episodes, newest first (extension)") { id };
        cli.Handle(events, async (p, ct) =>
        {
            var answer = await cli.Connect(p).ListOverspeedEventsAsync(p.GetRequiredValue(id), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, answer);
            else Render.Table(cli.Console, ["STARTED", "ENDED", "STOPPED", "LIMIT", "PEAK", "REPORTS"], answer.Items("overspeed_events").Select(e => new[]
            {
                Wire.Time(e.Long("started_at")), Wire.Time(e.Long("ended_at")), e.Str("stopped"), $"{e.Long("limit_mbps")} Mbit/s",
                Wire.Speed(e.Double("peak_mbps")), e.Long("report_count")?.ToString(CultureInfo.InvariantCulture),
            }));
            return 0;
        });
        return events;
    }
}
