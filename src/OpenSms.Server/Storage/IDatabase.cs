namespace OpenSms.Server.Storage;

/// <summary>
/// The database behind the stores, as start-up and the readiness probe see it, whichever provider
/// holds it.
/// </summary>
public interface IDatabase
{
    /// <summary>Applies the provider's numbered migrations that the database has not seen yet.</summary>
    Task MigrateAsync(CancellationToken ct);

    Task<bool> PingAsync(CancellationToken ct);
}
