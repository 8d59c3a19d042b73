using System.Globalization;
using CsCheck;

namespace OpenSms.Server.Tests.Fuzz;

/// <summary>
/// Property: whatever arrives (odd values, wrong types, huge or deep JSON, invalid UTF-8, odd
/// headers, ids and paths), the server never answers 5xx and every 4xx has the contract's body.
/// OPENSMS_FUZZ_COUNT sets how many requests all families share (default <see cref="DefaultCount"/>);
/// a failure prints the smallest request CsCheck shrank it to and the seed that replays it.
/// </summary>
public sealed class FuzzTests(FuzzHost host) : IClassFixture<FuzzHost>
{
    const int DefaultCount = 1_600;

    static int PerFamily =>
        Math.Max(1, (int.TryParse(Environment.GetEnvironmentVariable("OPENSMS_FUZZ_COUNT"), CultureInfo.InvariantCulture, out var total) ? total : DefaultCount)
            / FuzzEndpoints.Families.Count);

    public static TheoryData<string> Families => [.. FuzzEndpoints.Families.Keys];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task NoGeneratedRequestGetsA5xxOrAnErrorOutsideTheContract(string family)
    {
        var ct = TestContext.Current.CancellationToken;
        await FuzzEndpoints.Requests(family).SampleAsync(async request =>
        {
            using var response = await host.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            if (ContractErrors.Check((int)response.StatusCode, body, requestId) is { } problem)
                throw new InvalidOperationException($"{request.Method} {request.Path} got {problem}");
        }, iter: PerFamily, threads: 2, seed: Environment.GetEnvironmentVariable("OPENSMS_FUZZ_SEED"), print: r => r.ToString());
    }
}
