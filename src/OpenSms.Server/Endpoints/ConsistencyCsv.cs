using System.Globalization;
using System.Text;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Endpoints;

/// <summary>The export's CSV: RFC 4180 quoting, a BOM so spreadsheets read the Chinese headers as UTF-8.</summary>
sealed class ConsistencyCsv
{
    static readonly string[] English =
        ["Task ID", "Source ID", "Source Name", "Check Result", "Finished Time (UTC)", "Directory", "Total Files", "Different Files", "Missing Files on Target", "Extra Files on Target"];
    static readonly string[] Chinese =
        ["任务ID", "源端ID", "源端名称", "校验结果", "校验完成时间(UTC)", "校验目录", "文件总数", "差异文件数", "目的端缺少文件数", "目的端多余文件数"];

    readonly StringBuilder text = new();

    public ConsistencyCsv(bool chinese) => Line(chinese ? Chinese : English);

    public static bool IsChinese(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    /// <summary>One line per directory of the check; a task without a check still gets a line, with its ids only.</summary>
    public void Add(string taskId, string sourceId, string sourceName, ConsistencyRun? run, IReadOnlyList<ConsistencyResult> rows)
    {
        var finished = run is null ? "" : DateTimeOffset.FromUnixTimeMilliseconds(run.FinishedTime).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (rows.Count == 0) Line([taskId, sourceId, sourceName, run?.CheckResult ?? "", finished, "", "", "", "", ""]);
        foreach (var r in rows)
            Line([taskId, sourceId, sourceName, run!.CheckResult, finished, r.DirCheck ?? "", Number(r.NumTotalFiles), Number(r.NumDifferentFiles),
                  Number(r.NumTargetMissFiles), Number(r.NumTargetMoreFiles)]);
    }

    public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];

    void Line(IEnumerable<string> fields) => text.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    static string Number(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Quoted when needed; a leading formula character is neutralised so a directory name cannot run in a spreadsheet.</summary>
    static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
