using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenSms.Server.Storage.Postgres;

namespace OpenSms.Server.Tests.Storage;

/// <summary>Statements the server sends again and again are parsed and planned once per connection.</summary>
public sealed class PostgresPreparationTests : IClassFixture<PostgresHost>
{
    readonly PostgresHost host;

    public PostgresPreparationTests(PostgresHost host)
    {
        Assert.SkipWhen(PostgresTestDatabase.SkipReason is not null, PostgresTestDatabase.SkipReason ?? "");
        this.host = host;
    }

    [Fact]
    public async Task AStatementTheServerRunsRepeatedlyIsPreparedOnTheServer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var c = await host.App.Services.GetRequiredService<PostgresDb>().OpenAsync(ct);
        Assert.Equal(0, await PreparedCountAsync(c));
        for (var i = 0; i < 5; i++) await c.ExecuteScalarAsync<int>("SELECT count(*) FROM tasks WHERE state = @state", new { state = "RUNNING" });
        Assert.True(await PreparedCountAsync(c) > 0);
    }

    [Fact]
    public async Task AConnectionStringThatSetsMaxAutoPrepareIsLeftAsItIs()
    {
        var ct = TestContext.Current.CancellationToken;
        var off = new NpgsqlConnectionStringBuilder(host.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString;
        Assert.Equal(off, PostgresStorage.WithAutoPrepare(off));
        Assert.Equal(PostgresStorage.AutoPrepared, new NpgsqlConnectionStringBuilder(PostgresStorage.WithAutoPrepare(host.ConnectionString)).MaxAutoPrepare);

        await using var source = NpgsqlDataSource.Create(PostgresStorage.WithAutoPrepare(off));
        await using var c = await source.OpenConnectionAsync(ct);
        for (var i = 0; i < 5; i++) await c.ExecuteScalarAsync<int>("SELECT count(*) FROM tasks WHERE state = @state", new { state = "RUNNING" });
        Assert.Equal(0, await PreparedCountAsync(c));
    }

    /// <summary>How many statements counting tasks by state this session has prepared.</summary>
    static async Task<long> PreparedCountAsync(NpgsqlConnection c) => await c.ExecuteScalarAsync<long>(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT count(*) FROM tasks WHERE state%'");
}
