using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests.Storage;

/// <summary>
/// The base of every store contract: the same assertions for every provider, each written once
/// and run by a subclass per provider. Tests share their class's database but never data: each
/// creates its own account.
/// </summary>
public abstract class StoreContract
{
    protected StoreContract(StoreDatabase db)
    {
        Assert.SkipWhen(db.SkipReason is not null, db.SkipReason ?? "");
        Db = db;
    }

    protected StoreDatabase Db { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string NewId() => Guid.CreateVersion7().ToString();

    protected async Task<(Account Account, Project Project, User Admin)> NewAccountAsync(long createdAt = 1_750_000_000_000)
    {
        var id = NewId();
        var account = new Account { Id = id, Name = "acct-" + id, CreatedAt = createdAt };
        var project = new Project { Id = NewId(), DomainId = id, Name = "default" };
        var admin = new User { Id = NewId(), DomainId = id, Name = "admin", PasswordHash = "hash$1", Enabled = true, IsAdmin = true, CreatedAt = createdAt };
        Assert.Equal(CreateResult.Created, await Db.Accounts.CreateAccountAsync(account, project, admin, Ct));
        return (account, project, admin);
    }

    protected static SourceServer SourceRow(string domainId, string name = "web-01", long addDate = 1_750_000_000_000, string? id = null) => new()
    {
        Id = id ?? NewId(), DomainId = domainId, EnterpriseProjectId = "0", Name = name, Ip = "10.0.0.5", Ipv6 = "fd00::5",
        OsType = "LINUX", OsVersion = "Ubuntu 22.04", Hostname = name + ".local", AgentVersion = "25.1.0", State = "waiting",
        AddDate = addDate, LastVisitTime = addDate,
        // Spaces and key order kept exactly: the API hands this text back as the agent sent it.
        RegistrationJson = """{"name": "web", "networks":[{"mac":"fa:16:3e:00:00:01" , "ip":"10.0.0.5"}], "a": 1}""",
    };

    protected async Task<SourceServer> NewSourceAsync(string domainId, string name = "web-01", long addDate = 1_750_000_000_000)
    {
        var source = SourceRow(domainId, name, addDate);
        await Db.Sources.RegisterAsync(source, Ct);
        return source;
    }

    protected static MigrationTask TaskRow(string domainId, string sourceId, string name = "web-01-migration", long createDate = 1_750_000_000_000) => new()
    {
        Id = NewId(), DomainId = domainId, EnterpriseProjectId = "0", Name = name, Type = "MIGRATE_FILE", OsType = "LINUX",
        State = "READY", SourceServerId = sourceId, Priority = 1, SpeedLimit = 100, NeedMigrationTest = true,
        CreateDate = createDate, ErrorJson = """{"error_code": "SMS.0000"}""", PendingCommand = "START",
        SpecJson = """{"target_server": {"vm_id": "vm-1"}, "region_id":"opensms-1"}""",
    };

    protected async Task<MigrationTask> NewTaskAsync(string domainId, string? sourceId = null, string name = "web-01-migration", long createDate = 1_750_000_000_000)
    {
        sourceId ??= (await NewSourceAsync(domainId, name + "-source", createDate)).Id;
        var task = TaskRow(domainId, sourceId, name, createDate);
        Assert.Equal(CreateTaskResult.Created, (await Db.Tasks.CreateAsync(task, Ct)).Result);
        return task;
    }
}
