using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenSms.Core;
using OpenSms.Core.Contracts;
using OpenSms.Core.Storage;
using OpenSms.Server.Auth;
using OpenSms.Server.Http;

namespace OpenSms.Server.Endpoints;

/// <summary>IAM users of the caller's account (contract, Identity).</summary>
public static partial class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v3/users").WithTags("Users").RequireAuthorization();
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapGet("/{user_id}", Show);
        g.MapDelete("/{user_id}", Delete);
        return app;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]{1,64}$")]
    private static partial Regex UserName();

    static async Task<Results<JsonHttpResult<UserResponse>, SmsError>> Create(
        HttpRequest request, Caller caller, IIamStore iam, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, SmsJson.Default.CreateUserRequest, ct);
        if (body.Error is not null) return body.Error;
        var u = body.Value!.User;
        var errors = new ValidationErrors();
        if (u is null) errors.Missing("user");
        else
        {
            if (u.Name is null) errors.Missing("user.name");
            else if (!UserName().IsMatch(u.Name)) errors.Add("user.name", "must be 1 to 64 letters, digits, '.', '_' or '-'");
            if (u.Password is null) errors.Missing("user.password");
            else errors.Length("user.password", u.Password, 8, 128);
            if (u.DomainId is not null && u.DomainId != caller.DomainId) errors.Add("user.domain_id", "must be the id of your own account");
        }
        if (errors.Any) return SmsError.Invalid(errors);

        var user = new User
        {
            Id = Ids.New(), DomainId = caller.DomainId, Name = u!.Name!, PasswordHash = PasswordHasher.Hash(u.Password!),
            Enabled = u.Enabled ?? true, IsAdmin = false, CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (await iam.CreateUserAsync(user, ct) == CreateResult.AlreadyExists)
            return SmsError.Conflict($"A user named {user.Name} already exists.", "user.name");
        return TypedResults.Json(new UserResponse(View(user)), SmsJson.Default.UserResponse, statusCode: 201);
    }

    static async Task<JsonHttpResult<UsersResponse>> List(Caller caller, IIamStore iam, CancellationToken ct) =>
        TypedResults.Json(new UsersResponse((await iam.ListUsersAsync(caller.DomainId, ct)).Select(View).ToList()), SmsJson.Default.UsersResponse);

    static async Task<Results<JsonHttpResult<UserResponse>, SmsError>> Show(string user_id, Caller caller, IIamStore iam, CancellationToken ct) =>
        await iam.FindUserAsync(caller.DomainId, user_id, ct) is { } user
            ? TypedResults.Json(new UserResponse(View(user)), SmsJson.Default.UserResponse)
            : SmsError.NotFound("user", user_id);

    static async Task<Results<NoContent, SmsError>> Delete(
        string user_id, Caller caller, IIamStore iam, PolicyCache policies, AccessKeyCache keys, RevocationList revoked, TimeProvider clock,
        CancellationToken ct)
    {
        var user = await iam.FindUserAsync(caller.DomainId, user_id, ct);
        if (user is null) return SmsError.NotFound("user", user_id);
        if (user.IsAdmin) return SmsError.Conflict("The account administrator cannot be deleted.", "user_id");
        await iam.DeleteUserAsync(caller.DomainId, user_id, ct);
        await policies.InvalidateAsync(user_id);
        await keys.InvalidateUserAsync(user_id);
        // Tokens verify without the database; the revocation reaches every instance through the cache invalidation.
        await revoked.RevokeAsync(TokenService.UserRevocationId(user_id), TokenService.LastExpiry(clock), ct);
        return TypedResults.NoContent();
    }

    static UserView View(User u) => new(u.Id, u.Name, u.DomainId, u.Enabled);
}
