using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>
/// One in-process server for the fuzz tests, with a few real resources to aim at: ids the
/// generated paths and bodies name by placeholder, and fresh ones made on demand for requests
/// that delete what they name.
/// </summary>
public sealed class FuzzHost : IAsyncLifetime
{
    const string MemberPassword = "Fuzz-member-pass1";

    readonly Dictionary<string, string> ids = [];

    public OpenSmsApp App { get; } = new();
    HttpClient admin = null!;
    HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        admin = await App.AdminClientAsync(ct);
        client = App.CreateClient();
        ids["{admin-token}"] = admin.DefaultRequestHeaders.GetValues("X-Auth-Token").Single();
        using (var me = new HttpRequestMessage(HttpMethod.Get, "/v3/auth/tokens"))
        {
            me.Headers.Add("X-Subject-Token", ids["{admin-token}"]);
            using var response = await admin.SendAsync(me, ct);
            ids["{domain}"] = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["token"]!["domain"]!["id"]!.GetValue<string>();
        }
        ids["{user}"] = await CreateUserAsync("fuzz-member", MemberPassword, ct);
        ids["{member-token}"] = await OpenSmsApp.TokenAsync(client, "opensms", "fuzz-member", MemberPassword, ct);
        ids["{victim-token}"] = await OpenSmsApp.TokenAsync(client, "opensms", "fuzz-member", MemberPassword, ct);
        ids["{keyholder}"] = await CreateUserAsync("fuzz-keyholder", MemberPassword, ct);
        var migration = await admin.NewMigrationAsync(ct);
        (ids["{source}"], ids["{task}"]) = (migration.SourceId, migration.TaskId);
        ids["{policy}"] = await CreatePolicyAsync(ct);
        ids["{access}"] = await CreateKeyAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        admin?.Dispose();
        client?.Dispose();
        await App.DisposeAsync();
    }

    public string Id(string placeholder) => ids[placeholder];

    /// <summary>Sends the request with its placeholders filled in.</summary>
    public async Task<HttpResponseMessage> SendAsync(FuzzRequest r, CancellationToken ct)
    {
        var path = await FillAsync(r.Path, ct);
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), new Uri(path, UriKind.Relative));
        // Latin-1 maps each byte to one char and back, so the ASCII ids go in and every other byte stays as generated.
        if (r.Body is not null) request.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(await FillAsync(Encoding.Latin1.GetString(r.Body), ct)));
        if (r.ContentType is not null)
        {
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
        }
        foreach (var (name, value) in AuthHeaders(r.Auth)) request.Headers.TryAddWithoutValidation(name, value);
        foreach (var (name, value) in r.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request, ct);
    }

    IEnumerable<KeyValuePair<string, string>> AuthHeaders(Auth auth)
    {
        const string name = "X-Auth-Token";
        return auth switch
        {
            Auth.Admin => [new(name, ids["{admin-token}"])],
            Auth.Member => [new(name, ids["{member-token}"])],
            Auth.None => [],
            Auth.Garbage => [new(name, "MIIEnotatoken")],
            Auth.HugeGarbage => [new(name, new string('t', 8000))],
            Auth.AdminTwice => [new(name, ids["{admin-token}"]), new(name, ids["{admin-token}"])],
            Auth.AdminAndGarbage => [new(name, ids["{admin-token}"]), new(name, "garbage")],
            Auth.BogusSignature =>
            [
                new("Authorization", "SDK-HMAC-SHA256 Access=FUZZFUZZFUZZFUZZFUZZ, SignedHeaders=host;x-sdk-date, Signature=00"),
                new("X-Sdk-Date", "20261126T100000Z"),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(auth)),
        };
    }

    /// <summary>Replaces every placeholder; a <c>{fresh-*}</c> one gets a resource made for this request alone.</summary>
    async Task<string> FillAsync(string text, CancellationToken ct)
    {
        if (!text.Contains('{', StringComparison.Ordinal)) return text;
        foreach (var (placeholder, id) in ids) text = text.Replace(placeholder, id, StringComparison.Ordinal);
        foreach (var kind in (string[])["source", "task", "user", "policy", "access"])
        {
            var placeholder = "{fresh-" + kind + "}";
            while (text.Contains(placeholder, StringComparison.Ordinal))
            {
                var at = text.IndexOf(placeholder, StringComparison.Ordinal);
                var id = await FreshAsync(kind, ct);
                text = text[..at] + id + text[(at + placeholder.Length)..];
            }
        }
        return text;
    }

    async Task<string> FreshAsync(string kind, CancellationToken ct) => kind switch
    {
        "source" => await admin.RegisterAsync(Api.SourceBody(Kit.Unique("fresh")), ct),
        "task" => (await admin.NewMigrationAsync(ct)).TaskId,
        "user" => await CreateUserAsync(Kit.Unique("fresh"), MemberPassword, ct),
        "policy" => await CreatePolicyAsync(ct),
        "access" => await CreateKeyAsync(ct),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    async Task<string> CreateUserAsync(string name, string password, CancellationToken ct)
    {
        using var response = await admin.PostAsJsonAsync("/v3/users", new JsonObject { ["user"] = new JsonObject { ["name"] = name, ["password"] = password } }, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["user"]!["id"]!.GetValue<string>();
    }

    async Task<string> CreatePolicyAsync(CancellationToken ct)
    {
        var body = FuzzEndpoints.PolicyBody(Kit.Unique("fresh"));
        using var response = await admin.PostAsJsonAsync("/v5/policies", body, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["policy"]!["policy_id"]!.GetValue<string>();
    }

    readonly SemaphoreSlim keyLock = new(1, 1);

    /// <summary>A new key of the key holder, whose oldest key goes first: IAM allows two per user.</summary>
    async Task<string> CreateKeyAsync(CancellationToken ct)
    {
        await keyLock.WaitAsync(ct);
        try
        {
            var holder = ids["{keyholder}"];
            var keys = (await admin.GetJsonAsync($"/v3.0/OS-CREDENTIAL/credentials?user_id={holder}", ct))["credentials"]!.AsArray();
            foreach (var key in keys.Take(Math.Max(0, keys.Count - 1)))
                (await admin.DeleteAsync($"/v3.0/OS-CREDENTIAL/credentials/{key!["access"]!.GetValue<string>()}", ct)).Dispose();
            var body = new JsonObject { ["credential"] = new JsonObject { ["user_id"] = holder, ["description"] = "fuzz" } };
            using var response = await admin.PostAsJsonAsync("/v3.0/OS-CREDENTIAL/credentials", body, ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
            return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["credential"]!["access"]!.GetValue<string>();
        }
        finally
        {
            keyLock.Release();
        }
    }
}
