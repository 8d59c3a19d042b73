namespace OpenSms.Server.Webhooks;

public static class WebhookSetup
{
    /// <summary>The delivery worker; the store is the storage provider's (AddSqliteStorage, AddPostgresStorage).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookWorker>());
        return services;
    }
}
