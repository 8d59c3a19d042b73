using System.Globalization;
using System.Text.Json;

namespace OpenSms.Core.Iam;

/// <summary>
/// Turns policy JSON into a <see cref="PolicyDocument"/>, or names every offending field
/// (<c>Version</c>, <c>Statement[1].Condition.StringEquals</c>, ...) so one 400 can list them all.
/// </summary>
public static class PolicyParser
{
    /// <summary>The field that names the document as a whole, as in the policy API's request body.</summary>
    public const string DocumentField = "policy_document";

    /// <summary>Huawei's limit, counted without whitespace so indentation costs nothing.</summary>
    public const int MaxDocumentLength = 6144;

    public const int MaxStatements = 100;

    // Refuse absurd input before counting or parsing it; whitespace alone cannot justify more.
    const int MaxRawLength = 16 * MaxDocumentLength;

    static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };
    static readonly string[] TopLevelFields = ["Version", "Statement"];

    /// <summary>
    /// The document, or every fault found. Parse once when a policy is stored (a 400 on errors) and
    /// keep the result: evaluation never re-reads the JSON.
    /// </summary>
    public static ValidationResult<PolicyDocument> Parse(string? json)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(json))
        {
            errors.Missing(DocumentField);
            return errors.ToResult<PolicyDocument>();
        }
        if (json.Length > MaxRawLength || json.Count(c => !char.IsWhiteSpace(c)) > MaxDocumentLength)
        {
            errors.Add(DocumentField, string.Create(CultureInfo.InvariantCulture,
                $"must be at most {MaxDocumentLength} characters, whitespace excluded"));
            return errors.ToResult<PolicyDocument>();
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            errors.Add(DocumentField, string.Create(CultureInfo.InvariantCulture,
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"));
            return errors.ToResult<PolicyDocument>();
        }

        using (parsed)
        {
            if (!IsUnicode(parsed.RootElement))
            {
                errors.Add(DocumentField, "contains a string escape that is not valid Unicode (such as a lone \\ud800)");
                return errors.ToResult<PolicyDocument>();
            }
            var document = ParseRoot(parsed.RootElement, errors);
            return errors.Any ? errors.ToResult<PolicyDocument>() : document!;
        }
    }

    /// <summary>The reader accepts any \uXXXX escape; reading one that is half a surrogate pair throws, so find those first.</summary>
    static bool IsUnicode(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(IsUnicode);
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsUnicode(property.Value)) return false;
                    }
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    static PolicyDocument? ParseRoot(JsonElement root, ValidationErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(DocumentField, "must be a JSON object");
            return null;
        }
        var fields = Json.Fields(root, "", TopLevelFields, errors);

        PolicyVersion? version = null;
        if (!fields.TryGetValue("Version", out var versionElement)) errors.Missing("Version");
        else if (versionElement.ValueKind != JsonValueKind.String) errors.Add("Version", "must be the string \"1.1\" or \"5.0\"");
        else if (versionElement.GetString() is "1.1") version = PolicyVersion.RoleBased;
        else if (versionElement.GetString() is "5.0") version = PolicyVersion.Identity;
        else errors.Add("Version", "must be \"1.1\" (role/policy-based) or \"5.0\" (identity policy)");

        if (!fields.TryGetValue("Statement", out var statementArray))
        {
            errors.Missing("Statement");
            return null;
        }
        if (statementArray.ValueKind != JsonValueKind.Array)
        {
            errors.Add("Statement", "must be an array of statements");
            return null;
        }
        var count = statementArray.GetArrayLength();
        if (count == 0) errors.Add("Statement", "must contain at least one statement");
        if (count > MaxStatements)
        {
            errors.Add("Statement", string.Create(CultureInfo.InvariantCulture, $"may contain at most {MaxStatements} statements"));
            return null;
        }

        var statements = new List<Statement>(count);
        var index = 0;
        foreach (var element in statementArray.EnumerateArray())
        {
            if (StatementParser.Parse(element, index++, version, errors) is { } statement) statements.Add(statement);
        }
        return version is { } v ? new PolicyDocument(v, statements.AsReadOnly()) : null;
    }
}
