namespace OpenSms.Server.Tests.Storage;

// The same contracts on PostgreSQL (skipped without OPENSMS_TEST_POSTGRES); each class gets a fresh database.
public sealed class PostgresAccountStoreTests(PostgresStoreDatabase db) : AccountStoreContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresSourceStoreTests(PostgresStoreDatabase db) : SourceStoreContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresTaskStoreTests(PostgresStoreDatabase db) : TaskStoreContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresProgressStoreTests(PostgresStoreDatabase db) : ProgressStoreContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresIamStoreTests(PostgresStoreDatabase db) : IamStoreContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresClusterTests(PostgresStoreDatabase db) : ClusterContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresSurfaceStoreTests(PostgresStoreDatabase db) : SurfaceStoreContract(db), IClassFixture<PostgresStoreDatabase>;

public sealed class PostgresEventStoreTests(PostgresStoreDatabase db) : EventStoreContract(db), IClassFixture<PostgresStoreDatabase>;
