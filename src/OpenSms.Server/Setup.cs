using System.Data.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OpenSms.Server.Auth;
using OpenSms.Server.Cluster;
using OpenSms.Server.Http;
using OpenSms.Server.Ingest;
using OpenSms.Server.Storage.Postgres;
using OpenSms.Server.Storage.Sqlite;

namespace OpenSms.Server;

/// <summary>The registrations Program.cs lists, one method per feature.</summary>
public static class Setup
{
    public static WebApplicationBuilder AddOpenSms(this WebApplicationBuilder builder)
    {
        // The contract's default address; --urls or ASPNETCORE_URLS override it.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls("http://127.0.0.1:8090");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OverSpeedSettings>().BindConfiguration(OverSpeedSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SmsJson.Default));
        return builder;
    }

    /// <summary>
    /// The provider switch (<c>Storage:Provider</c>), read while registering because each provider
    /// brings its own classes.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        // Registered first so the schema exists before anything else starts.
        services.AddHostedService<Bootstrap>();
        _ = storage.Provider switch
        {
            "sqlite" => services.AddSqliteStorage(storage.ConnectionString),
            "postgres" => services.AddPostgresStorage(storage.ConnectionString
                ?? throw new InvalidOperationException("Storage:Provider=postgres needs Storage:ConnectionString.")),
            _ => throw new InvalidOperationException($"Storage provider '{storage.Provider}' is unknown; use sqlite or postgres."),
        };
        services.AddOptions<AuditSettings>().BindConfiguration(AuditSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return builder;
    }

    public static IServiceCollection AddTokenAuth(this IServiceCollection services)
    {
        services.AddSingleton(sp => ServerKey.LoadOrCreate(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory));
        services.AddSingleton<RevocationList>();
        services.AddSingleton<CacheInvalidations>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<PolicyCache>();
        services.AddSingleton<AccessKeyCache>();
        services.AddSingleton<ScopeCache>();
        services.AddSingleton<SmsAuthorization>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<AkLockout>();
        services.AddOptions<SignInSettings>().BindConfiguration(SignInSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.Backoff > TimeSpan.Zero && s.MaxBackoff >= s.Backoff, "OpenSms:SignIn: Backoff must be over zero and MaxBackoff at least Backoff.")
            .ValidateOnStart();
        services.AddSingleton<SignInBackoff>();
        // One entry scheme: a signed request goes to AK/SK, anything else to X-Auth-Token.
        services.AddAuthentication("Sms")
            .AddPolicyScheme("Sms", null, o => o.ForwardDefaultSelector = context =>
                AkSkAuthenticationHandler.IsSigned(context.Request) ? AkSkAuthenticationHandler.SchemeName : TokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AkSkAuthenticationHandler>(AkSkAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<ProgressWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ProgressWriter>());
        return services;
    }

    /// <summary>
    /// The one place an unexpected exception becomes a response: a database fault is 503 SMS.6301,
    /// anything else 500 SMS.2007; neither says more than that to the client.
    /// </summary>
    public static IApplicationBuilder UseSmsErrors(this IApplicationBuilder app) => app.UseExceptionHandler(handler => handler.Run(context =>
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var result = error switch
        {
            DbException or TimeoutException => SmsError.StorageUnavailable(),
            // Kestrel's own limits (body size, slow body) surface as this when the body is read.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                SmsError.TooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? JsonBody.MaxBytes),
            BadHttpRequestException bad => new SmsError(bad.StatusCode, new OpenSms.Core.Contracts.ErrorBody("SMS.9002", "The request could not be read.", [])),
            _ => new SmsError(500, new OpenSms.Core.Contracts.ErrorBody("SMS.2007", "Backend exception.", [])),
        };
        return result.ExecuteAsync(context);
    }));

    public static IEndpointRouteBuilder MapUnknownRoutes(this IEndpointRouteBuilder app)
    {
        // Every path, not MapFallback's default of paths without a dot in their last segment (files).
        app.MapFallback("{**path}", () => GatewayError.RouteNotFound());
        return app;
    }
}
