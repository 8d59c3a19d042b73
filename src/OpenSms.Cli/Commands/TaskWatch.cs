using System.CommandLine;
using System.Globalization;
using OpenSms.Cli.Output;
using OpenSms.Client;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OpenSms.Cli.Commands;

/// <summary>
/// <c>tasks watch</c>: every running task as a live progress bar with its subtask, speed and ETA.
/// On a terminal the bars redraw in place; into a pipe or file it prints plain lines per poll.
/// </summary>
static class TaskWatch
{
    public static Command Create(CliContext cli)
    {
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "How often to poll (e.g. 1s, 5s)", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = Durations.Parse,
        };
        var untilDone = new Option<bool>("--until-done") { Description = "Exit once no task is running" };
        var watch = new Command("watch", "Show every running task as a live progress bar with speed and ETA") { interval, untilDone };
        cli.Handle(watch, async (p, ct) =>
        {
            var poller = new Poller(cli.Connect(p));
            try
            {
                if (cli.Console.Live) await LiveAsync(cli.Console, poller, p.GetValue(interval), p.GetValue(untilDone), ct);
                else await PlainAsync(cli.Console, poller, p.GetValue(interval), p.GetValue(untilDone), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C is how a watch without --until-done ends.
            }
            return 0;
        });
        return watch;
    }

    /// <summary>Finds the running tasks, and those that stopped running since the last poll (to show how they ended).</summary>
    sealed class Poller(OpenSmsClient client)
    {
        readonly HashSet<string> tracked = [];

        public async Task<(IReadOnlyList<TaskView> Active, IReadOnlyList<TaskView> Ended)> PollAsync(CancellationToken ct)
        {
            var all = new List<TaskView>();
            const int Page = 200;
            for (var offset = 0; offset < 10 * Page; offset += Page)
            {
                var answer = await client.ListTasksAsync(limit: Page, offset: offset, ct: ct);
                all.AddRange(answer.Items("tasks").Select(TaskView.From));
                if (offset + Page >= (answer.Long("count") ?? 0)) break;
            }
            var active = all.Where(t => t.IsActive).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            var ended = all.Where(t => !t.IsActive && tracked.Contains(t.Id)).ToList();
            tracked.ExceptWith(ended.Select(t => t.Id));
            tracked.UnionWith(active.Select(t => t.Id));
            return (active, ended);
        }
    }

    static async Task PlainAsync(CliConsole console, Poller poller, TimeSpan interval, bool untilDone, CancellationToken ct)
    {
        var first = true;
        while (true)
        {
            var (active, ended) = await poller.PollAsync(ct);
            var width = active.Concat(ended).Select(t => t.Name.Length).DefaultIfEmpty(0).Max();
            var now = DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            foreach (var t in ended.Concat(active)) await console.Out.WriteLineAsync($"{now}  {Line(t, width)}");
            if (first && active.Count == 0) await console.Out.WriteLineAsync($"{now}  no task is running");
            first = false;
            if (untilDone && active.Count == 0) return;
            await Task.Delay(interval, ct);
        }
    }

    /// <summary>One task as plain text: <c>web-01  RUNNING  [#####-----]  45%  MIGRATE_LINUX_FILE 45%  120.5 Mbit/s  ETA 0:01:40</c>.</summary>
    static string Line(TaskView t, int width)
    {
        var filled = (int)Math.Round(t.Percent / 5);
        var bar = new string('#', filled) + new string('-', 20 - filled);
        string[] tail = t.IsActive ? [t.Step, Wire.Speed(t.SpeedMbps), "ETA " + Wire.Eta(t.EtaSeconds)] : [t.Step];
        return string.Create(CultureInfo.InvariantCulture,
            $"{t.Name.PadRight(width)}  {t.State,-15}  [{bar}] {t.Percent,3:0}%  {string.Join("  ", tail.Where(s => s.Length > 0))}").TrimEnd();
    }

    static Task LiveAsync(CliConsole console, Poller poller, TimeSpan interval, bool untilDone, CancellationToken ct) =>
        new Progress(console.Ansi) { AutoClear = false, AutoRefresh = true, HideCompleted = false }
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 30 },
                new PercentageColumn(),
                new ViewColumn(v => v.IsActive ? Wire.Speed(v.SpeedMbps) : ""),
                new ViewColumn(v => v.IsActive ? "ETA " + Wire.Eta(v.EtaSeconds) : v.State),
                new ViewColumn(v => v.Step))
            .StartAsync(async ctx =>
            {
                var bars = new Dictionary<string, ProgressTask>();
                while (true)
                {
                    var (active, ended) = await poller.PollAsync(ct);
                    foreach (var t in active)
                    {
                        if (!bars.TryGetValue(t.Id, out var bar)) bars[t.Id] = bar = ctx.AddTask(Markup.Escape(t.Name), maxValue: 100);
                        bar.Tag = t;
                        bar.Value = t.Percent;
                    }
                    foreach (var t in ended)
                    {
                        if (!bars.Remove(t.Id, out var bar)) continue;
                        bar.Tag = t;
                        bar.Value = t.IsFinished ? 100 : t.Percent;
                        bar.StopTask();
                    }
                    ctx.Refresh();
                    if (untilDone && active.Count == 0) return;
                    await Task.Delay(interval, ct);
                }
            });

    /// <summary>A progress column showing a piece of the task's <see cref="TaskView"/>, kept in the bar's Tag.</summary>
    sealed class ViewColumn(Func<TaskView, string> text) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Tag is TaskView v ? text(v) : "");
    }
}
