namespace OpenSms.Server;

/// <summary>
/// What <c>GET /v3/config</c> tells an agent (section <c>OpenSms:AgentConfig</c>). <c>mainRegion</c>
/// defaults to <see cref="ServerOptions.Region"/>, the region list to that one region.
/// </summary>
public sealed class AgentConfigOptions
{
    public const string Section = "OpenSms:AgentConfig";

    /// <summary>Free key/value pairs (Huawei sends mainRegion, obs_domain, disktype, process_and_it, ...).</summary>
    public Dictionary<string, string> Config { get; set; } = [];

    /// <summary>The regions an agent may pick a target in, each a free key/value map (e.g. id, name).</summary>
    public List<Dictionary<string, string>> Regions { get; set; } = [];
}
