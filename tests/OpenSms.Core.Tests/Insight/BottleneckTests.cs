using OpenSms.Core.Insight;
using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Tests.Insight;

public sealed class BottleneckTests
{
    [Theory]
    [InlineData("OK", 95.0, 20.0, 10.0, 100.0, 100, "throttled_by_schedule")]
    [InlineData("SLOW", 9.0, 20.0, 10.0, 100.0, 10, "throttled_by_schedule")]
    [InlineData("OK", 89.0, 20.0, 10.0, 100.0, 100, "network")]
    [InlineData("SLOW", 40.0, 95.0, 85.0, 100.0, 0, "agent_cpu")]
    [InlineData("SLOW", 40.0, 95.0, 30.0, 100.0, 0, "source_cpu")]
    [InlineData("SLOW", 40.0, 50.0, 30.0, 900.0, 0, "source_disk")]
    [InlineData("OK", 40.0, 50.0, 30.0, 100.0, 0, "network")]
    [InlineData("NO_PROGRESS", 0.0, 50.0, 30.0, 100.0, 0, "unknown")]
    [InlineData("NO_PROGRESS", null, null, null, null, 0, "unknown")]
    [InlineData("NO_REPORT", 95.0, 99.0, 99.0, 900.0, 100, "unknown")]
    [InlineData(null, 95.0, 99.0, 99.0, 900.0, 100, null)]
    public void TheFirstRuleThatHoldsNamesTheBottleneck(string? health, double? speed, double? totalCpu, double? agentCpu,
        double? diskIo, int limitMbps, string? expected)
    {
        var limit = new SpeedLimitInForce(limitMbps, 10, null);
        var found = Bottleneck.Find(health, new Telemetry(speed, totalCpu, agentCpu, diskIo), limit, InsightOptions.Default);
        Assert.Equal(expected, found);
    }
}
