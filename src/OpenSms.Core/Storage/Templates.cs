namespace OpenSms.Core.Storage;

/// <summary>
/// A target VM template (reference §1.4). The template is kept as sent, minus the target password,
/// which is kept sealed with the server key.
/// </summary>
public sealed record VmTemplate
{
    public required string Id { get; init; }
    public required string DomainId { get; init; }
    public required string Name { get; init; }
    public string? Region { get; init; }
    public string? AvailabilityZone { get; init; }
    public required string TemplateJson { get; init; }
    public string? TargetPasswordEnc { get; init; }
    public required long CreatedAt { get; init; }
}

public sealed record TemplateQuery(string? Name, string? AvailabilityZone, string? Region, string? Id, int Limit, int Offset);

public interface ITemplateStore
{
    Task CreateAsync(VmTemplate vmTemplate, CancellationToken ct);
    Task<(int Count, IReadOnlyList<VmTemplate> Items)> ListAsync(string domainId, TemplateQuery query, CancellationToken ct);
    Task<VmTemplate?> FindAsync(string domainId, string id, CancellationToken ct);
    Task<bool> UpdateAsync(VmTemplate vmTemplate, CancellationToken ct);

    /// <summary>Deletes all the templates, or none when one is not the caller's.</summary>
    Task<DeleteOutcome> DeleteAsync(string domainId, IReadOnlyList<string> ids, CancellationToken ct);
}
