using System.Data.Common;

namespace OpenSms.Server.Storage;

/// <summary>
/// One row's columns by position, as a shared row reader takes them from either provider. The
/// readers are generic over it, so each provider's struct is called directly, not through the interface.
/// </summary>
interface IColumns
{
    bool IsNull(int i);
    string String(int i);
    int Int32(int i);
    long Int64(int i);
    double Double(int i);
    bool Boolean(int i);
}

/// <summary>The row a DbDataReader is on.</summary>
readonly struct DbColumns(DbDataReader reader) : IColumns
{
    public bool IsNull(int i) => reader.IsDBNull(i);
    public string String(int i) => reader.GetString(i);
    public int Int32(int i) => reader.GetInt32(i);
    public long Int64(int i) => reader.GetInt64(i);
    public double Double(int i) => reader.GetDouble(i);
    public bool Boolean(int i) => reader.GetBoolean(i);
}
