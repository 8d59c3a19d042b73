using System.Globalization;

namespace OpenSms.Core;

/// <summary>Collects every offending field of a request so one 400 can name them all.</summary>
public sealed class ValidationErrors
{
    readonly List<(string Field, string Message)> items = [];

    public bool Any => items.Count > 0;
    public IReadOnlyList<(string Field, string Message)> Items => items;

    public void Add(string field, string message) => items.Add((field, message));

    public void Missing(string field) => Add(field, "is required");

    public void Range(string field, long value, long min, long max)
    {
        if (value < min || value > max) Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
    }

    public void Range(string field, double? value, double min, double max)
    {
        if (value is { } v && (v < min || v > max || double.IsNaN(v)))
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
    }

    public void Length(string field, string? value, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
            Add(field, string.Create(CultureInfo.InvariantCulture, $"must be {min} to {max} characters long"));
    }

    public void OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is not null && !allowed.Contains(value)) Add(field, "must be one of " + string.Join(", ", allowed));
    }

    public ValidationResult<T> ToResult<T>() => new(default, this);

    /// <summary>One sentence per field, in the order found: "progress must be between 0 and 100; ...".</summary>
    public string Message => string.Join("; ", items.Select(i => $"{i.Field} {i.Message}"));

    public IReadOnlyList<string> Fields => items.Select(i => i.Field).Distinct().ToList();
}

/// <summary>Either a valid value or the errors that prevented one.</summary>
public readonly record struct ValidationResult<T>(T? Value, ValidationErrors? Errors)
{
    public static implicit operator ValidationResult<T>(T value) => new(value, null);
}
