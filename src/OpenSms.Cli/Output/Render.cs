using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OpenSms.Cli.Output;

/// <summary>Tables for people, indented JSON for scripts.</summary>
static class Render
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Json(CliConsole console, JsonNode? node) => console.Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    public static void Json<T>(CliConsole console, T value) =>
        console.Out.WriteLine(JsonSerializer.Serialize(value, Wire.Options));

    /// <summary>A table with one row per item; cells are plain text (no markup).</summary>
    public static void Table(CliConsole console, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in headers) table.AddColumn(new TableColumn(h));
        foreach (var row in rows) table.AddRow(row.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? "")).ToArray());
        console.Ansi.Write(table);
    }

    /// <summary>Name/value lines for one object.</summary>
    public static void Fields(CliConsole console, IEnumerable<(string Name, string? Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (name, value) in fields) grid.AddRow(new Text(name), new Text(value ?? ""));
        console.Ansi.Write(grid);
    }
}
