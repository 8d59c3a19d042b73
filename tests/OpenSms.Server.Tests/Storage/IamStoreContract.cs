using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests.Storage;

public abstract class IamStoreContract(StoreDatabase db) : StoreContract(db)
{
    const string Document = """{"Version": "5.0", "Statement": [{"Effect": "Allow", "Action": ["sms:server:listTask"]}]}""";

    static User UserRow(string domainId, string name, long createdAt) =>
        new() { Id = NewId(), DomainId = domainId, Name = name, PasswordHash = "hash$" + name, Enabled = false, IsAdmin = false, CreatedAt = createdAt };

    static StoredPolicy PolicyRow(string domainId, string name, long createdAt = 1_750_000_000_000) => new()
    {
        Id = NewId(), DomainId = domainId, Name = name, Description = "lists tasks", Document = Document, CreatedAt = createdAt, UpdatedAt = createdAt + 1,
    };

    static AccessKey KeyRow(User user, long createdAt) => new()
    {
        Access = "AK" + Guid.NewGuid().ToString("N")[..18].ToUpperInvariant(), DomainId = user.DomainId, UserId = user.Id,
        SecretEnc = "sealed:" + createdAt, Status = "active", Description = "ci", CreatedAt = createdAt,
    };

    [Fact]
    public async Task UsersAreUniqueByNameListedOldestFirstAndTheAdminCannotBeDeleted()
    {
        var (account, _, admin) = await NewAccountAsync();
        var bob = UserRow(account.Id, "bob", 1_750_000_000_002);
        var alice = UserRow(account.Id, "alice", 1_750_000_000_002);

        Assert.Equal(CreateResult.Created, await Db.Iam.CreateUserAsync(bob, Ct));
        Assert.Equal(CreateResult.Created, await Db.Iam.CreateUserAsync(alice, Ct));
        Assert.Equal(CreateResult.AlreadyExists, await Db.Iam.CreateUserAsync(bob with { Id = NewId() }, Ct));

        Assert.Equal([admin, alice, bob], await Db.Iam.ListUsersAsync(account.Id, Ct));
        Assert.Equal(bob, await Db.Iam.FindUserAsync(account.Id, bob.Id, Ct));
        Assert.Null(await Db.Iam.FindUserAsync((await NewAccountAsync()).Account.Id, bob.Id, Ct));
        Assert.False(await Db.Iam.DeleteUserAsync(account.Id, admin.Id, Ct));
        Assert.True(await Db.Iam.DeleteUserAsync(account.Id, bob.Id, Ct));
        Assert.False(await Db.Iam.DeleteUserAsync(account.Id, bob.Id, Ct));
    }

    [Fact]
    public async Task EnterpriseProjectNamesAreUniquePerAccount()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var project = new EnterpriseProject { Id = NewId(), DomainId = account.Id, Name = "finance", Description = "money", CreatedAt = 7 };

        Assert.Equal(CreateResult.Created, await Db.Iam.CreateEnterpriseProjectAsync(project, Ct));
        Assert.Equal(CreateResult.AlreadyExists, await Db.Iam.CreateEnterpriseProjectAsync(project with { Id = NewId() }, Ct));
        Assert.Equal(CreateResult.Created, await Db.Iam.CreateEnterpriseProjectAsync(project with { Id = NewId(), DomainId = other.Id }, Ct));

        Assert.Equal([project], await Db.Iam.ListEnterpriseProjectsAsync(account.Id, Ct));
    }

    [Fact]
    public async Task PoliciesCountTheirAttachmentsAndKeepTheirDocumentAsSent()
    {
        var (account, _, _) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var user = UserRow(account.Id, "carol", 1);
        await Db.Iam.CreateUserAsync(user, Ct);
        var policy = PolicyRow(account.Id, "lister");
        var later = PolicyRow(account.Id, "another", createdAt: 1_750_000_000_005);

        Assert.Equal(CreateResult.Created, await Db.Iam.CreatePolicyAsync(policy, Ct));
        Assert.Equal(CreateResult.Created, await Db.Iam.CreatePolicyAsync(later, Ct));
        Assert.Equal(CreateResult.AlreadyExists, await Db.Iam.CreatePolicyAsync(policy with { Id = NewId() }, Ct));
        Assert.Equal(AttachResult.Done, await Db.Iam.AttachAsync(account.Id, policy.Id, user.Id, 10, Ct));
        Assert.Equal(AttachResult.Done, await Db.Iam.AttachAsync(account.Id, policy.Id, user.Id, 11, Ct));
        Assert.Equal(AttachResult.UserNotFound, await Db.Iam.AttachAsync(account.Id, policy.Id, NewId(), 12, Ct));
        Assert.Equal(AttachResult.PolicyNotFound, await Db.Iam.AttachAsync(other.Id, policy.Id, user.Id, 13, Ct));

        Assert.Equal(policy with { AttachmentCount = 1 }, await Db.Iam.FindPolicyAsync(account.Id, policy.Id, Ct));
        Assert.Equal([policy with { AttachmentCount = 1 }, later], await Db.Iam.ListPoliciesAsync(account.Id, Ct));
        Assert.Equal([policy], await Db.Iam.ListUserPoliciesAsync(user.Id, Ct));
        Assert.Null(await Db.Iam.FindPolicyAsync(other.Id, policy.Id, Ct));

        Assert.Equal(AttachResult.Done, await Db.Iam.DetachAsync(account.Id, policy.Id, user.Id, Ct));
        Assert.Empty(await Db.Iam.ListUserPoliciesAsync(user.Id, Ct));
        Assert.Equal(0, (await Db.Iam.FindPolicyAsync(account.Id, policy.Id, Ct))!.AttachmentCount);
        Assert.True(await Db.Iam.DeletePolicyAsync(account.Id, policy.Id, Ct));
        Assert.False(await Db.Iam.DeletePolicyAsync(account.Id, policy.Id, Ct));
    }

    [Fact]
    public async Task AccessKeysAreFoundByTheirIdAloneListedPerUserAndDeletedByTheirAccount()
    {
        var (account, _, admin) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var dave = UserRow(account.Id, "dave", 1);
        await Db.Iam.CreateUserAsync(dave, Ct);
        var first = KeyRow(admin, 1_000);
        var second = KeyRow(dave, 2_000);
        await Db.Iam.CreateKeyAsync(first, Ct);
        await Db.Iam.CreateKeyAsync(second, Ct);

        Assert.Equal([first, second], await Db.Iam.ListKeysAsync(account.Id, null, Ct));
        Assert.Equal([second], await Db.Iam.ListKeysAsync(account.Id, dave.Id, Ct));
        Assert.Equal(second, await Db.Iam.FindKeyAsync(second.Access, Ct));
        Assert.False(await Db.Iam.DeleteKeyAsync(other.Id, second.Access, Ct));
        Assert.True(await Db.Iam.DeleteKeyAsync(account.Id, second.Access, Ct));
        Assert.Null(await Db.Iam.FindKeyAsync(second.Access, Ct));
    }

    [Fact]
    public async Task DeletingAUserTakesItsKeysAndAttachmentsAlong()
    {
        var (account, _, _) = await NewAccountAsync();
        var erin = UserRow(account.Id, "erin", 1);
        await Db.Iam.CreateUserAsync(erin, Ct);
        var key = KeyRow(erin, 1);
        await Db.Iam.CreateKeyAsync(key, Ct);
        var policy = PolicyRow(account.Id, "p");
        await Db.Iam.CreatePolicyAsync(policy, Ct);
        await Db.Iam.AttachAsync(account.Id, policy.Id, erin.Id, 1, Ct);

        Assert.True(await Db.Iam.DeleteUserAsync(account.Id, erin.Id, Ct));

        Assert.Null(await Db.Iam.FindKeyAsync(key.Access, Ct));
        Assert.Equal(0, (await Db.Iam.FindPolicyAsync(account.Id, policy.Id, Ct))!.AttachmentCount);
    }

    [Fact]
    public async Task TheAuditLogPagesNewestFirstPerAccount()
    {
        var (account, _, admin) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        var entries = Enumerable.Range(0, 5).Select(i => new AuditEntry
        {
            At = 1_000 + i, DomainId = account.Id, UserId = admin.Id, UserName = "admin", AccessKey = i == 0 ? "AK1" : null,
            Method = "POST", Path = $"/v3/tasks/{i}", Action = "sms:server:createTask", Resource = i == 1 ? null : "sms:r:a:server:s",
            Decision = i == 2 ? "deny" : "allow", Status = i == 2 ? 403 : 200, SourceIp = "127.0.0.1", RequestId = $"req-{i}",
        }).ToList();
        await Db.Iam.AppendAuditAsync(entries, Ct);
        await Db.Iam.AppendAuditAsync([entries[0] with { DomainId = other.Id }], Ct);

        var page = await Db.Iam.ListAuditAsync(account.Id, 2, null, Ct);
        var next = await Db.Iam.ListAuditAsync(account.Id, 10, page[^1].Id, Ct);

        Assert.Equal([entries[4], entries[3]], page.Select(e => e with { Id = 0 }));
        Assert.Equal([entries[2], entries[1], entries[0]], next.Select(e => e with { Id = 0 }));
        Assert.True(page[0].Id > page[1].Id && page[1].Id > next[0].Id);
    }

    [Fact]
    public async Task PruningTheAuditLogDeletesEveryAccountsEntriesOlderThanTheCutOffOnly()
    {
        var (account, _, admin) = await NewAccountAsync();
        var (other, _, _) = await NewAccountAsync();
        const long cutOff = 5_000_000;
        AuditEntry Entry(string domainId, long at) => new()
        {
            At = at, DomainId = domainId, UserId = admin.Id, UserName = "admin", Method = "DELETE", Path = "/v3/tasks/t",
            Action = "sms:server:deleteTask", Decision = "allow", Status = 200, RequestId = $"req-{at}",
        };
        await Db.Iam.AppendAuditAsync([Entry(account.Id, cutOff - 1), Entry(account.Id, cutOff), Entry(other.Id, cutOff - 1000), Entry(other.Id, cutOff + 1)], Ct);

        var pruned = await Db.Iam.PruneAuditAsync(cutOff, Ct);

        Assert.True(pruned >= 2, $"pruned {pruned}");
        Assert.Equal([cutOff], (await Db.Iam.ListAuditAsync(account.Id, 10, null, Ct)).Select(e => e.At));
        Assert.Equal([cutOff + 1], (await Db.Iam.ListAuditAsync(other.Id, 10, null, Ct)).Select(e => e.At));
    }
}
