using OpenSms.Core.Storage;

namespace OpenSms.Server.Tests.Storage;

public abstract class AccountStoreContract(StoreDatabase db) : StoreContract(db)
{
    [Fact]
    public async Task ACreatedAccountIsFoundByNameAndIdWithItsProjectAndAdmin()
    {
        var (account, project, admin) = await NewAccountAsync();

        Assert.True(await Db.Accounts.AnyAccountAsync(Ct));
        Assert.Equal(account, await Db.Accounts.FindAccountByNameAsync(account.Name, Ct));
        Assert.Equal(account, await Db.Accounts.FindAccountAsync(account.Id, Ct));
        Assert.Equal([project], await Db.Accounts.ListProjectsAsync(account.Id, Ct));
        Assert.Equal(admin, await Db.Accounts.FindUserByNameAsync(account.Id, "admin", Ct));
        Assert.Null(await Db.Accounts.FindUserByNameAsync(account.Id, "nobody", Ct));
        Assert.Null(await Db.Accounts.FindAccountByNameAsync("no-such-account", Ct));
    }

    [Fact]
    public async Task ASecondAccountWithTheSameNameAlreadyExistsAndLeavesNothingBehind()
    {
        var (account, _, _) = await NewAccountAsync();
        var id = NewId();

        var result = await Db.Accounts.CreateAccountAsync(
            account with { Id = id },
            new Project { Id = NewId(), DomainId = id, Name = "default" },
            new User { Id = NewId(), DomainId = id, Name = "admin", PasswordHash = "h", Enabled = true, IsAdmin = true, CreatedAt = 1 },
            Ct);

        Assert.Equal(CreateResult.AlreadyExists, result);
        Assert.Null(await Db.Accounts.FindAccountAsync(id, Ct));
        Assert.Empty(await Db.Accounts.ListProjectsAsync(id, Ct));
    }

    [Fact]
    public async Task AccountsAreListedOldestFirst()
    {
        var (later, _, _) = await NewAccountAsync(createdAt: 1_750_000_000_200);
        var (earlier, _, _) = await NewAccountAsync(createdAt: 1_750_000_000_100);

        var mine = (await Db.Accounts.ListAccountsAsync(Ct)).Where(a => a.Id == later.Id || a.Id == earlier.Id);

        Assert.Equal([earlier, later], mine);
    }

    [Fact]
    public async Task AnAccountThatOwnsASourceIsNotDeletedAndAnEmptyOneIsWithItsUsersAndProjects()
    {
        var (owner, _, _) = await NewAccountAsync();
        await NewSourceAsync(owner.Id);
        var (empty, _, _) = await NewAccountAsync();

        Assert.Equal(DeleteAccountResult.NotEmpty, await Db.Accounts.DeleteAccountAsync(owner.Id, Ct));
        Assert.Equal(DeleteAccountResult.Deleted, await Db.Accounts.DeleteAccountAsync(empty.Id, Ct));
        Assert.Equal(DeleteAccountResult.NotFound, await Db.Accounts.DeleteAccountAsync(empty.Id, Ct));

        Assert.NotNull(await Db.Accounts.FindAccountAsync(owner.Id, Ct));
        Assert.Null(await Db.Accounts.FindAccountAsync(empty.Id, Ct));
        Assert.Null(await Db.Accounts.FindUserByNameAsync(empty.Id, "admin", Ct));
        Assert.Empty(await Db.Accounts.ListProjectsAsync(empty.Id, Ct));
    }

    [Fact]
    public async Task RevokedTokensAreListedUntilTheyExpireAndPurgedAfter()
    {
        var (expiring, lasting) = (NewId(), NewId());
        await Db.Revocations.AddAsync(expiring, expiresAt: 1_000, Ct);
        await Db.Revocations.AddAsync(lasting, expiresAt: long.MaxValue, Ct);
        // Revoking twice (a retried request) is not an error.
        await Db.Revocations.AddAsync(lasting, expiresAt: long.MaxValue, Ct);

        Assert.Contains(expiring, await Db.Revocations.ListUnexpiredAsync(now: 999, Ct));
        Assert.DoesNotContain(expiring, await Db.Revocations.ListUnexpiredAsync(now: 1_000, Ct));
        Assert.True(await Db.Revocations.PurgeExpiredAsync(now: 1_000, Ct) >= 1);

        var left = await Db.Revocations.ListUnexpiredAsync(now: 0, Ct);
        Assert.DoesNotContain(expiring, left);
        Assert.Single(left, id => id == lasting);
    }
}
