using System.CommandLine;
using OpenSms.Cli.Output;

namespace OpenSms.Cli.Commands;

/// <summary><c>iam users|policies|keys</c>: who may do what (docs/iam.md).</summary>
static class IamCommands
{
    public static Command Create(CliContext cli)
    {
        var iam = new Command("iam", "Users, policies and access keys of your account");
        iam.Add(Users(cli));
        iam.Add(Policies(cli));
        iam.Add(Keys(cli));
        return iam;
    }

    static Command Users(CliContext cli)
    {
        var users = new Command("users", "IAM users");

        var list = new Command("list", "List users");
        cli.Handle(list, async (p, ct) =>
        {
            var all = await cli.Connect(p).ListUsersAsync(ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { users = all });
            else Render.Table(cli.Console, ["ID", "NAME", "ENABLED"], all.Select(u => new[] { u.Id, u.Name, u.Enabled ? "yes" : "no" }));
            return 0;
        });

        var showId = new Argument<string>("user-id");
        var show = new Command("show", "Show one user") { showId };
        cli.Handle(show, async (p, ct) =>
        {
            var u = await cli.Connect(p).ShowUserAsync(p.GetRequiredValue(showId), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { user = u });
            else Render.Fields(cli.Console, [("id", u.Id), ("name", u.Name), ("account", u.DomainId), ("enabled", u.Enabled ? "yes" : "no")]);
            return 0;
        });

        var name = new Argument<string>("name");
        var password = new Option<string>("--password") { Description = "8 to 128 characters", Required = true };
        var disabled = new Option<bool>("--disabled") { Description = "Create the user unable to sign in" };
        var create = new Command("create", "Create a user; prints its id") { name, password, disabled };
        cli.Handle(create, async (p, ct) =>
        {
            var u = await cli.Connect(p).CreateUserAsync(p.GetRequiredValue(name), p.GetRequiredValue(password), !p.GetValue(disabled), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { user = u });
            else await cli.Console.Out.WriteLineAsync(u.Id);
            return 0;
        });

        var deleteId = new Argument<string>("user-id");
        var delete = new Command("delete", "Delete a user with its keys") { deleteId };
        cli.Handle(delete, async (p, ct) =>
        {
            await cli.Connect(p).DeleteUserAsync(p.GetRequiredValue(deleteId), ct);
            await cli.Console.Out.WriteLineAsync("Deleted.");
            return 0;
        });

        users.Add(list);
        users.Add(show);
        users.Add(create);
        users.Add(delete);
        return users;
    }

    static Command Policies(CliContext cli)
    {
        var policies = new Command("policies", "Identity policies and who they are attached to");

        var list = new Command("list", "List policies");
        cli.Handle(list, async (p, ct) =>
        {
            var all = await cli.Connect(p).ListPoliciesAsync(ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { policies = all });
            else Render.Table(cli.Console, ["ID", "NAME", "ATTACHED", "DESCRIPTION"],
                all.Select(x => new[] { x.PolicyId, x.PolicyName, x.AttachmentCount.ToString(System.Globalization.CultureInfo.InvariantCulture), x.Description }));
            return 0;
        });

        var showId = new Argument<string>("policy-id");
        var show = new Command("show", "Show a policy with its document") { showId };
        cli.Handle(show, async (p, ct) =>
        {
            var x = await cli.Connect(p).ShowPolicyAsync(p.GetRequiredValue(showId), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { policy = x });
            else
            {
                Render.Fields(cli.Console, [("id", x.PolicyId), ("name", x.PolicyName), ("attached", $"{x.AttachmentCount}"), ("description", x.Description)]);
                await cli.Console.Out.WriteLineAsync(x.PolicyDocument);
            }
            return 0;
        });

        var name = new Argument<string>("name");
        var document = new Option<string?>("--document") { Description = "The policy document as JSON text" };
        var file = new Option<FileInfo?>("--file") { Description = "A file holding the policy document" };
        var description = new Option<string?>("--description");
        var create = new Command("create", "Create a policy; prints its id") { name, document, file, description };
        cli.Handle(create, async (p, ct) =>
        {
            var text = p.GetValue(document) ?? (p.GetValue(file) is { } f ? await File.ReadAllTextAsync(f.FullName, ct) : null)
                       ?? throw new CliException("Give the document with --document or --file.");
            var x = await cli.Connect(p).CreatePolicyAsync(p.GetRequiredValue(name), text, p.GetValue(description), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { policy = x });
            else await cli.Console.Out.WriteLineAsync(x.PolicyId);
            return 0;
        });

        var deleteId = new Argument<string>("policy-id");
        var delete = new Command("delete", "Delete a policy attached to no one") { deleteId };
        cli.Handle(delete, async (p, ct) =>
        {
            await cli.Connect(p).DeletePolicyAsync(p.GetRequiredValue(deleteId), ct);
            await cli.Console.Out.WriteLineAsync("Deleted.");
            return 0;
        });

        policies.Add(list);
        policies.Add(show);
        policies.Add(create);
        policies.Add(delete);
        policies.Add(Attachment(cli, "attach", "Attach a policy to a user", (c, policy, user, ct) => c.AttachPolicyAsync(policy, user, ct)));
        policies.Add(Attachment(cli, "detach", "Detach a policy from a user", (c, policy, user, ct) => c.DetachPolicyAsync(policy, user, ct)));
        return policies;
    }

    static Command Attachment(CliContext cli, string verb, string description, Func<Client.OpenSmsClient, string, string, CancellationToken, Task> change)
    {
        var policy = new Argument<string>("policy-id");
        var user = new Argument<string>("user-id");
        var command = new Command(verb, description) { policy, user };
        cli.Handle(command, async (p, ct) =>
        {
            await change(cli.Connect(p), p.GetRequiredValue(policy), p.GetRequiredValue(user), ct);
            await cli.Console.Out.WriteLineAsync($"{verb}ed.");
            return 0;
        });
        return command;
    }

    static Command Keys(CliContext cli)
    {
        var keys = new Command("keys", "Access keys (AK/SK) for signed requests");

        var userFilter = new Option<string?>("--user") { Description = "Only this user's keys (user id)" };
        var list = new Command("list", "List access keys (never their secrets)") { userFilter };
        cli.Handle(list, async (p, ct) =>
        {
            var all = await cli.Connect(p).ListCredentialsAsync(p.GetValue(userFilter), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { credentials = all });
            else Render.Table(cli.Console, ["ACCESS KEY", "USER", "STATUS", "CREATED", "DESCRIPTION"],
                all.Select(k => new[] { k.Access, k.UserId, k.Status, k.CreateTime, k.Description }));
            return 0;
        });

        var user = new Argument<string>("user-id");
        var description = new Option<string?>("--description");
        var create = new Command("create", "Create an access key; the secret is shown this once") { user, description };
        cli.Handle(create, async (p, ct) =>
        {
            var k = await cli.Connect(p).CreateCredentialAsync(p.GetRequiredValue(user), p.GetValue(description), ct);
            if (p.GetValue(cli.Json)) Render.Json(cli.Console, new { credential = k });
            else Render.Fields(cli.Console, [("access key", k.Access), ("secret key", k.Secret), ("user", k.UserId)]);
            return 0;
        });

        var access = new Argument<string>("access-key");
        var delete = new Command("delete", "Delete an access key") { access };
        cli.Handle(delete, async (p, ct) =>
        {
            await cli.Connect(p).DeleteCredentialAsync(p.GetRequiredValue(access), ct);
            await cli.Console.Out.WriteLineAsync("Deleted.");
            return 0;
        });

        keys.Add(list);
        keys.Add(create);
        keys.Add(delete);
        return keys;
    }
}
