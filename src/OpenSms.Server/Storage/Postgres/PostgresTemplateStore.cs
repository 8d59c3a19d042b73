using System.Text;
using Dapper;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage.Postgres;

public sealed class PostgresTemplateStore(PostgresDb db) : ITemplateStore
{
    public async Task CreateAsync(VmTemplate vmTemplate, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            INSERT INTO vm_templates (id, domain_id, name, region, availability_zone, template_json, target_password_enc, created_at)
            VALUES (@Id, @DomainId, @Name, @Region, @AvailabilityZone, @TemplateJson, @TargetPasswordEnc, @CreatedAt)
            """;
        await c.ExecuteAsync(sql, vmTemplate);
    }

    public async Task<(int Count, IReadOnlyList<VmTemplate> Items)> ListAsync(string domainId, TemplateQuery query, CancellationToken ct)
    {
        var where = new StringBuilder("WHERE domain_id = @domainId");
        if (query.Name is not null) where.Append(" AND strpos(name, @Name) > 0");
        if (query.AvailabilityZone is not null) where.Append(" AND availability_zone = @AvailabilityZone");
        if (query.Region is not null) where.Append(" AND region = @Region");
        if (query.Id is not null) where.Append(" AND id = @Id");
        var args = new DynamicParameters(query);
        args.Add("domainId", domainId);

        await using var c = await db.OpenAsync(ct);
        var count = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM vm_templates {where}", args);
        var items = await c.QueryAsync<VmTemplate>($"SELECT * FROM vm_templates {where} ORDER BY created_at DESC, id DESC LIMIT @Limit OFFSET @Offset", args);
        return (count, items.AsList());
    }

    public async Task<VmTemplate?> FindAsync(string domainId, string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<VmTemplate>("SELECT * FROM vm_templates WHERE domain_id = @domainId AND id = @id", new { domainId, id });
    }

    public async Task<bool> UpdateAsync(VmTemplate vmTemplate, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        const string sql = """
            UPDATE vm_templates SET name = @Name, region = @Region, availability_zone = @AvailabilityZone,
              template_json = @TemplateJson, target_password_enc = @TargetPasswordEnc
            WHERE domain_id = @DomainId AND id = @Id
            """;
        return await c.ExecuteAsync(sql, vmTemplate) == 1;
    }

    public async Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var id in ids)
        {
            if (await c.ExecuteAsync("DELETE FROM vm_templates WHERE domain_id = @domainId AND id = @id", new { domainId, id }, tx) == 0)
                return new DeleteOutcome(DeleteResult.NotFound, id);
        }
        await tx.CommitAsync(ct);
        return new DeleteOutcome(DeleteResult.Deleted);
    }
}
