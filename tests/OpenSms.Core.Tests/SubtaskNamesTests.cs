using OpenSms.Core.Tasks;

namespace OpenSms.Core.Tests;

public sealed class SubtaskNamesTests
{
    /// <summary>Copied from the seed page (UpdateTaskSpeed), not from the code under test.</summary>
    static readonly string[] SeedPage =
    [
        "CREATE_CLOUD_SERVER", "SSL_CONFIG", "ATTACH_AGENT_IMAGE", "DETTACH_AGENT_IMAGE", "FORMAT_DISK_LINUX",
        "FORMAT_DISK_LINUX_FILE", "FORMAT_DISK_LINUX_BLOCK", "FORMAT_DISK_WINDOWS", "MIGRATE_LINUX_FILE",
        "MIGRATE_LINUX_BLOCK", "MIGRATE_WINDOWS_BLOCK", "CLONE_VM", "SYNC_LINUX_FILE", "SYNC_LINUX_BLOCK",
        "SYNC_WINDOWS_BLOCK", "CONFIGURE_LINUX", "CONFIGURE_LINUX_BLOCK", "CONFIGURE_LINUX_FILE", "CONFIGURE_WINDOWS",
    ];

    [Fact]
    public void TheNamesAreExactlyTheNineteenOfTheSeedPage()
    {
        Assert.Equal(19, SubtaskNames.All.Distinct().Count());
        Assert.Equal(SeedPage.Order(), SubtaskNames.All.Order());
    }

    [Theory]
    [InlineData("SYNC_LINUX_FILE", true)]
    [InlineData("SYNC_LINUX_BLOCK", true)]
    [InlineData("SYNC_WINDOWS_BLOCK", true)]
    [InlineData("MIGRATE_LINUX_FILE", false)]
    [InlineData("DETTACH_AGENT_IMAGE", false)]
    public void OnlySyncSubtasksAreSync(string name, bool sync) =>
        Assert.Equal(sync, SubtaskNames.IsSync(name));

    [Theory]
    [InlineData("DETTACH_AGENT_IMAGE", true)]
    [InlineData("ATTACH_AGENT_IMAGE", false)]
    [InlineData("CONFIGURE_WINDOWS", false)]
    public void DetachingTheAgentImageIsTheFinalSubtask(string name, bool final) =>
        Assert.Equal(final, SubtaskNames.IsFinal(name));
}
