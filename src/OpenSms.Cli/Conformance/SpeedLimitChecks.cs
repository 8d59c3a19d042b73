using System.Text.Json.Nodes;

namespace OpenSms.Cli.Conformance;

/// <summary><c>GET|POST /v3/tasks/{id}/speed-limit</c> (ShowsSpeedLimits / UpdateSpeed, reference §2.8).</summary>
static class SpeedLimitChecks
{
    static JsonObject Window(string start, string end, int speed, double? threshold = null)
    {
        var w = new JsonObject { ["start"] = start, ["end"] = end, ["speed"] = speed };
        if (threshold is { } t) w["over_speed_threshold"] = t;
        return w;
    }

    static JsonObject Body(params JsonObject[] windows) => new() { ["speed_limit"] = new JsonArray(windows) };

    public static async Task RunAsync(ConformanceRun run, Fixture f)
    {
        var path = () => $"/v3/tasks/{f.Task}/speed-limit";
        await run.CheckAsync("A task without windows has an empty speed_limit list", async () =>
            Expect.That(Expect.Status(await run.GetAsync(path()), 200)["speed_limit"] is JsonArray { Count: 0 }, "speed_limit to be []"));
        await run.CheckAsync("Three windows covering the day are stored and returned as sent", async () =>
        {
            var sent = Body(Window("00:00", "08:00", 1000), Window("08:00", "15:00", 100, 20.0), Window("15:00", "23:59", 500, 50.0));
            Expect.Status(await run.SendAsync(HttpMethod.Post, path(), sent), 200);
            var windows = Expect.Status(await run.GetAsync(path()), 200)["speed_limit"] as JsonArray;
            Expect.Equal(3, windows?.Count, "window count");
            var second = windows![1];
            Expect.Equal("08:00", Expect.Text(second, "start"), "speed_limit[1].start");
            Expect.Equal("15:00", Expect.Text(second, "end"), "speed_limit[1].end");
            Expect.Equal(100L, Expect.Number(second, "speed"), "speed_limit[1].speed");
            Expect.Equal(20.0, second?["over_speed_threshold"]?.GetValue<double>(), "speed_limit[1].over_speed_threshold");
        });
        await run.CheckAsync("Overlapping windows are 400", async () =>
            Expect.Error(await run.SendAsync(HttpMethod.Post, path(), Body(Window("08:00", "15:00", 100), Window("14:00", "16:00", 200))), 400));
        await run.CheckAsync("A speed above 1000 Mbit/s is 400", async () =>
            Expect.Error(await run.SendAsync(HttpMethod.Post, path(), Body(Window("08:00", "15:00", 1001))), 400));
        await run.CheckAsync("A start that is not HH:MM is 400", async () =>
            Expect.Error(await run.SendAsync(HttpMethod.Post, path(), Body(Window("8 am", "15:00", 100))), 400));
        await run.CheckAsync("A refused change leaves the windows as they were", async () =>
            Expect.Equal(3, (Expect.Status(await run.GetAsync(path()), 200)["speed_limit"] as JsonArray)?.Count, "window count"));
        await run.CheckAsync("An empty list removes every window", async () =>
        {
            Expect.Status(await run.SendAsync(HttpMethod.Post, path(), Body()), 200);
            Expect.That(Expect.Status(await run.GetAsync(path()), 200)["speed_limit"] is JsonArray { Count: 0 }, "speed_limit to be []");
        });
        await run.CheckAsync("The speed limit of an unknown task is 404", async () =>
            Expect.Error(await run.GetAsync($"/v3/tasks/{Fixture.UnknownId}/speed-limit"), 404));
    }
}
