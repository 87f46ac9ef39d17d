using Tandem.Web.Infrastructure;

namespace Tandem.IntegrationTests.Reliability;

/// <summary>
/// The pieces of ADR 47 that decide without a process of their own; the cluster tests run the real server process,
/// restarted in place with its runtime settings, preparing its database in a child, and giving memory back.
/// </summary>
public class LeanProcessTests
{
    [Fact]
    public void The_command_line_is_read_back_argument_for_argument()
    {
        Assert.Equal(["dotnet", "Tandem.Web.dll", "--demo"], LeanProcess.CommandLine("dotnet\0Tandem.Web.dll\0--demo\0"));
        Assert.Equal(["./Tandem.Web", "", "a b"], LeanProcess.CommandLine("./Tandem.Web\0\0a b\0"));
        Assert.Equal(["tandem"], LeanProcess.CommandLine("tandem"));
    }

    [Fact]
    public void The_switch_chooses_the_runtime_settings_and_an_operators_own_setting_wins()
    {
        var told = new List<string>();
        IReadOnlyList<(string Name, string Value)>? With(params (string Name, string Value)[] set) =>
            LeanProcess.SettingsToApply(name => Array.Find(set, s => s.Name == name).Value, told.Add);

        Assert.Same(LeanProcess.RuntimeSettings, With());
        Assert.Same(LeanProcess.ThroughputSettings, With((LeanProcess.Switch, "throughput")));
        Assert.Same(LeanProcess.ThroughputSettings, With((LeanProcess.Switch, "Throughput")));
        Assert.Contains(("DOTNET_TieredCompilation", "0"), LeanProcess.RuntimeSettings);
        Assert.Contains(("DOTNET_TieredCompilation", "1"), LeanProcess.ThroughputSettings);
        // Off, already applied, or a value it does not know: the process runs as it is.
        Assert.Null(With((LeanProcess.Switch, "off")));
        Assert.Null(With((LeanProcess.Switch, "applied")));
        Assert.Empty(told);
        Assert.Null(With((LeanProcess.Switch, "fast")));
        // Said where the operator looks first, since the server then runs with more memory than asked.
        Assert.Equal("TANDEM_RUNTIME_DEFAULTS=fast is not a value Tandem knows (unset, throughput or off); the server runs with the runtime's own defaults.", Assert.Single(told));
        // Any one of the settings chosen by the operator: theirs win, whole.
        Assert.Null(With(("MALLOC_ARENA_MAX", "4")));
        Assert.Null(With((LeanProcess.Switch, "throughput"), ("DOTNET_TC_CallCountThreshold", "30")));
        // One the lean set does not name is not the operator's choice of it.
        Assert.Same(LeanProcess.RuntimeSettings, With(("DOTNET_TC_CallCountThreshold", "30")));
    }

    [Theory]
    [InlineData(0, 64, null, true)] // quiet after work, never returned before
    [InlineData(1L << 20, 64, null, true)] // a trickle is still quiet
    [InlineData((1L << 20) + 1, 64, null, false)] // busy
    [InlineData(0, 31, null, false)] // too little since the last return
    [InlineData(0, 64, 9.9, false)] // the last return was too recent
    [InlineData(0, 64, 10.0, true)]
    public void Memory_is_given_back_when_quiet_after_enough_work_and_not_too_often(long thisTick, long mibSince, double? secondsSince, bool expected)
    {
        var since = secondsSince is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        Assert.Equal(expected, IdleMemoryReturn.ShouldReturn(thisTick, mibSince << 20, since));
    }
}
