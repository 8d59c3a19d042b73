using System.CommandLine;
using OpenSms.Cli.Output;

namespace OpenSms.Cli.Commands;

/// <summary><c>decode-message</c>: why a 403 said no, from its encoded_authorization_message.</summary>
static class DecodeCommands
{
    public static Command Create(CliContext cli)
    {
        var message = new Argument<string>("encoded-message") { Description = "The encoded_authorization_message of a 403 SMS.9004" };
        var decode = new Command("decode-message", "Decode a 403's authorization message (account administrators)") { message };
        cli.Handle(decode, async (p, ct) =>
        {
            // Always JSON: the decoded context is nested and differs by decision.
            Render.Json(cli.Console, await cli.Connect(p).DecodeAuthorizationMessageAsync(p.GetRequiredValue(message), ct));
            return 0;
        });
        return decode;
    }
}
