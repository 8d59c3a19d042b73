using OpenSms.Core.SpeedLimits;

namespace OpenSms.Core.Tests.SpeedLimits;

public sealed class SpeedScheduleValidatorTests
{
    [Theory]
    [InlineData("""{"speed_limit":[]}""")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"23:59","speed":1000,"over_speed_threshold":50.0}]}""")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"08:00","speed":10},{"start":"08:00","end":"15:00","speed":20},{"start":"15:00","end":"23:59","speed":30}]}""")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"23:59","speed":0}]}""")]
    [InlineData("""{"speed_limit":[{"start":"00:00","end":"00:01","speed":1000,"over_speed_threshold":10}]}""")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","over_speed_threshold":100}]}""")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"06:00","speed":5},{"start":"06:00","end":"22:00","speed":50}]}""")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"00:00","speed":5},{"start":"00:00","end":"22:00","speed":50}]}""")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"15:00","days":["Mon","Tue"]},{"start":"08:00","end":"15:00","days":["Wed"]}]}""")]
    [InlineData("""{"speed_limit":[{"start":"22:00","end":"06:00","days":["Mon"]},{"start":"05:00","end":"07:00","days":["Wed"]}]}""")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":["mon","SUN"]}]}""")]
    [InlineData("""{"speed_limit":[],"time_zone":"Europe/Berlin"}""")]
    [InlineData("""{"speed_limit":[],"time_zone":"UTC"}""")]
    [InlineData("""{"speed_limit":[],"time_zone":"America/Argentina/Buenos_Aires"}""")]
    [InlineData("""{"speed_limit":[{"start":"01:00","end":"02:00","unknown":1}],"extra":true}""")]
    public void AValidBodyIsAccepted(string json)
    {
        var result = SpeedScheduleValidator.Validate(Wire.Body(json));
        Assert.True(result.Errors is null, result.Errors?.Message);
    }

    [Theory]
    [InlineData("""{}""", "speed_limit")]
    [InlineData("""{"speed_limit":null}""", "speed_limit")]
    [InlineData("""{"speed_limit":[null]}""", "speed_limit[0]")]
    [InlineData("""{"speed_limit":[{"end":"08:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:00"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"8:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"24:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:60","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:00:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":" 08:00","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"","end":"09:00"}]}""", "speed_limit[0].start")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"ab:cd"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"08:00"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"23:59","end":"23:59"}]}""", "speed_limit[0].end")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":-1}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":1001}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","speed":10000000000}]}""", "speed_limit[0].speed")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","over_speed_threshold":9.99}]}""", "speed_limit[0].over_speed_threshold")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","over_speed_threshold":0}]}""", "speed_limit[0].over_speed_threshold")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","over_speed_threshold":100.5}]}""", "speed_limit[0].over_speed_threshold")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":[]}]}""", "speed_limit[0].days")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":["Mon","Funday"]}]}""", "speed_limit[0].days[1]")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00","days":["Monday"]}]}""", "speed_limit[0].days[0]")]
    [InlineData("""{"speed_limit":[],"time_zone":"Mars/Olympus_Mons"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":""}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"../../etc/passwd"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"/usr/share/zoneinfo/UTC"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"europe/berlin"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"EUROPE/BERLIN"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"zone.tab"}""", "time_zone")]
    [InlineData("""{"speed_limit":[],"time_zone":"Europe/Berlin Standard Time"}""", "time_zone")]
    [InlineData("""{"speed_limit":[{"start":"08:00","end":"09:00"},{"start":"09:00","end":"10:00"},{"start":"10:00","end":"11:00"},{"start":"11:00","end":"12:00"},{"start":"12:00","end":"13:00"},{"start":"13:00","end":"14:00"}]}""", "speed_limit")]
    [InlineData("""{"speed_limit":[{"start":"8:00","end":"09:00","speed":2000,"over_speed_threshold":1}],"time_zone":"Nowhere"}""",
        "speed_limit[0].start,speed_limit[0].speed,speed_limit[0].over_speed_threshold,time_zone")]
    public void AnInvalidBodyNamesEveryOffendingField(string json, string fields)
    {
        var result = SpeedScheduleValidator.Validate(Wire.Body(json));
        Assert.NotNull(result.Errors);
        Assert.Equal(fields, string.Join(",", result.Errors.Fields));
    }

    [Theory]
    [InlineData("08:00-15:00", "14:00-16:00")]
    [InlineData("08:00-15:00", "07:00-08:01")]
    [InlineData("08:00-15:00", "09:00-10:00")]
    [InlineData("08:00-15:00", "08:00-15:00")]
    [InlineData("00:00-23:59", "12:00-12:01")]
    [InlineData("22:00-06:00", "05:00-07:00")]
    [InlineData("22:00-06:00", "23:00-23:30")]
    [InlineData("22:00-06:00", "21:00-01:00")]
    [InlineData("23:00-23:59", "23:59-01:00")]
    [InlineData("22:00-06:00 Mon", "05:00-07:00 Tue")]
    [InlineData("22:00-06:00 Sun", "05:00-07:00 Mon")]
    [InlineData("08:00-15:00 Mon,Wed", "14:00-16:00 Wed,Fri")]
    [InlineData("08:00-15:00", "14:00-16:00 Sat")]
    public void OverlappingWindowsAreRejectedNamingBoth(string first, string second)
    {
        var result = SpeedScheduleValidator.Validate(Body(first, second));
        Assert.NotNull(result.Errors);
        Assert.Equal("speed_limit[0],speed_limit[1]", string.Join(",", result.Errors.Fields));
    }

    [Theory]
    [InlineData("08:00-15:00", "15:00-16:00")]
    [InlineData("08:00-15:00", "06:00-08:00")]
    [InlineData("22:00-06:00", "06:00-07:00")]
    [InlineData("22:00-06:00", "07:00-22:00")]
    [InlineData("22:00-23:59", "00:00-01:00")]
    [InlineData("22:00-06:00 Mon", "05:00-07:00 Mon")]
    [InlineData("22:00-06:00 Mon", "05:00-07:00 Wed")]
    [InlineData("22:00-06:00 Sat", "05:00-07:00 Mon")]
    [InlineData("08:00-15:00 Mon,Tue", "08:00-15:00 Wed,Thu,Fri,Sat,Sun")]
    public void WindowsThatOnlyTouchAreAccepted(string first, string second)
    {
        var result = SpeedScheduleValidator.Validate(Body(first, second));
        Assert.True(result.Errors is null, result.Errors?.Message);
    }

    [Fact]
    public void TheOverlapMessageNamesBothWindowsAndTheirTimes()
    {
        var result = SpeedScheduleValidator.Validate(Body("08:00-15:00", "20:00-21:00", "14:00-16:00 Mon,Fri"));
        Assert.Equal(
            "speed_limit[0] overlaps speed_limit[2] (08:00-15:00 and 14:00-16:00 on Mon, Fri); " +
            "speed_limit[2] overlaps speed_limit[0] (14:00-16:00 on Mon, Fri and 08:00-15:00)",
            result.Errors?.Message);
    }

    [Fact]
    public void OverlapsAreNotCheckedWhileAWindowIsMalformed()
    {
        var result = SpeedScheduleValidator.Validate(Body("08:00-15:00", "14:00-16:00", "99:00-16:00"));
        Assert.Equal(["speed_limit[2].start"], result.Errors?.Fields);
    }

    [Fact]
    public void AbsentSpeedThresholdAndDaysTakeTheirDefaults()
    {
        var window = Assert.Single(Wire.Schedule("""{"speed_limit":[{"start":"22:00","end":"06:00"}]}""").Windows);
        Assert.Equal(new SpeedWindow(0, 22 * 60, 6 * 60, 0, 10, WeekDays.All), window);
        Assert.True(window.CrossesMidnight);
        Assert.Equal(30 * 60, window.EndOffsetMinutes);
    }

    [Fact]
    public void AnEndOf2359RunsToMidnight()
    {
        var window = Assert.Single(Wire.Schedule("""{"speed_limit":[{"start":"00:00","end":"23:59"}]}""").Windows);
        Assert.False(window.CrossesMidnight);
        Assert.Equal(24 * 60, window.EndOffsetMinutes);
    }

    [Fact]
    public void TheScheduleRoundTripsToTheWireBody()
    {
        const string json = """{"speed_limit":[{"start":"22:00","end":"06:00","speed":100,"over_speed_threshold":12.5,"days":["Mon","Sat"]},{"start":"08:00","end":"21:00","speed":0,"over_speed_threshold":10}],"time_zone":"Europe/Berlin"}""";
        var body = Wire.Schedule(json).ToBody();
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(body, Wire.Json));
    }

    [Fact]
    public void DaysAreNormalisedToWeekOrderAndWireSpelling()
    {
        var schedule = Wire.Schedule("""{"speed_limit":[{"start":"08:00","end":"09:00","days":["sun","Wed","wed"]}]}""");
        Assert.Equal(["Wed", "Sun"], schedule.ToBody().SpeedLimit![0]!.Days);
    }

    static Contracts.SpeedLimitBody Body(params string[] windows) => new()
    {
        SpeedLimit = windows.Select(text =>
        {
            var parts = text.Split(' ');
            var times = parts[0].Split('-');
            return (Contracts.SpeedLimitWindow?)new Contracts.SpeedLimitWindow
            {
                Start = times[0],
                End = times[1],
                Days = parts.Length > 1 ? parts[1].Split(',') : null,
            };
        }).ToList(),
    };
}
