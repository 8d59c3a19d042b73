namespace OpenSms.Cli;

/// <summary>A problem the user can fix (no profile, a bad option value): printed without a stack trace.</summary>
sealed class CliException(string message) : Exception(message);
