using OpenSms.Core.Storage;

namespace OpenSms.Server.Storage;

/// <summary>
/// The column lists of sample_rollups, written out from the field list once (wire names are the
/// column names, constants, never caller input). Each dialect still writes its own statements.
/// </summary>
public static class RollupSql
{
    /// <summary><c>f_sum, f_max[, f_n]</c> for every field, in table order.</summary>
    public static string Columns => string.Join(", ", SampleFields.Numeric.Select(f =>
        SampleFields.IsOptional(f) ? $"{f}_sum, {f}_max, {f}_n" : $"{f}_sum, {f}_max"));

    /// <summary>The aggregates of raw samples that fill <see cref="Columns"/>.</summary>
    public static string Aggregates => string.Join(", ", SampleFields.Numeric.Select(f =>
        SampleFields.IsOptional(f) ? $"SUM({f}), MAX({f}), COUNT({f})" : $"SUM({f}), MAX({f})"));

    /// <summary>One raw sample as a one-report rollup: <c>f AS f_sum, f AS f_max, f_n</c>.</summary>
    public static string RawAsRollup(string notNullAsInt) => string.Join(", ", SampleFields.Numeric.Select(f =>
        $"{f} AS {f}_sum, {f} AS {f}_max, " + (SampleFields.IsOptional(f) ? string.Format(System.Globalization.CultureInfo.InvariantCulture, notNullAsInt, f) : "1") + $" AS {f}_n"));

    /// <summary>A rollup row in the shape of <see cref="RawAsRollup"/>: the required fields were sent by every report.</summary>
    public static string Rollup => string.Join(", ", SampleFields.Numeric.Select(f =>
        SampleFields.IsOptional(f) ? $"{f}_sum, {f}_max, {f}_n" : $"{f}_sum, {f}_max, count AS {f}_n"));
}
