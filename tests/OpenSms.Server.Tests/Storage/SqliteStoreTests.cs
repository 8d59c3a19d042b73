namespace OpenSms.Server.Tests.Storage;

// The store contracts on SQLite, the embedded default; each class gets a fresh database file.
public sealed class SqliteAccountStoreTests(SqliteStoreDatabase db) : AccountStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteSourceStoreTests(SqliteStoreDatabase db) : SourceStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteTaskStoreTests(SqliteStoreDatabase db) : TaskStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteProgressStoreTests(SqliteStoreDatabase db) : ProgressStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteIamStoreTests(SqliteStoreDatabase db) : IamStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteClusterTests(SqliteStoreDatabase db) : ClusterContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteSurfaceStoreTests(SqliteStoreDatabase db) : SurfaceStoreContract(db), IClassFixture<SqliteStoreDatabase>;

public sealed class SqliteEventStoreTests(SqliteStoreDatabase db) : EventStoreContract(db), IClassFixture<SqliteStoreDatabase>;
