namespace OpenSms.Cli.Profiles;

/// <summary>
/// One server and how to authenticate to it: a token from <c>opensms login</c>, or an access key
/// pair. Stored in the config file, which is readable by its owner only.
/// </summary>
sealed record Profile
{
    public string? Endpoint { get; init; }
    public string? Token { get; init; }
    public string? TokenExpiresAt { get; init; }
    public string? Account { get; init; }
    public string? User { get; init; }
    public string? Project { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public string? ProjectId { get; init; }
}
