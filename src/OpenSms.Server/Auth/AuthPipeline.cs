using Microsoft.AspNetCore.Authentication;

namespace OpenSms.Server.Auth;

/// <summary>Authentication and the SMS authorization in the request pipeline, cheap for the progress hot path.</summary>
public static class AuthPipeline
{
    // The key UseAuthentication sets: without it WebApplication adds the middleware a second time.
    const string AuthenticationSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>
    /// The framework's authentication middleware, except for a request with a valid token in its
    /// header, which TokenAuthenticationHandler's own check settles directly. Every progress report
    /// with a token comes that way, and the framework's path (a policy scheme, then a handler
    /// created for each scheme) cost more than the rest of its authentication and authorization.
    /// Anything else (signed requests, the console's cookie, a missing or failing token) takes the
    /// framework's path, so failures are answered as before.
    /// </summary>
    public static IApplicationBuilder UseSmsAuthentication(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationSetKey] = true;
        // Services are resolved as the pipeline is built, when the host starts, not while Program runs.
        return app.Use(next =>
        {
            var tokens = app.ApplicationServices.GetRequiredService<TokenService>();
            var framework = new AuthenticationMiddleware(next, app.ApplicationServices.GetRequiredService<IAuthenticationSchemeProvider>());
            return context => TokenAuthenticationHandler.TryValidHeaderToken(context, tokens) ? next(context) : framework.Invoke(context);
        });
    }

    /// <summary>Runs the SmsAuthorization singleton directly, not through the middleware factory of each request's scope.</summary>
    public static IApplicationBuilder UseSmsAuthorization(this IApplicationBuilder app)
    {
        return app.Use(next =>
        {
            var authorization = app.ApplicationServices.GetRequiredService<SmsAuthorization>();
            return context => authorization.InvokeAsync(context, next);
        });
    }
}
