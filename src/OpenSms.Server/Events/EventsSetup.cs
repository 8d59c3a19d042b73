namespace OpenSms.Server.Events;

public static class EventsSetup
{
    /// <summary>The live event stream: the hub that tails the log, and the cluster-wide health and retention jobs.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // IEventStore, ITaskHealthStore and EventSignal are the storage provider's.
        services.AddSingleton<EventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        services.AddSingleton<HealthEventJob>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthEventJob>());
        services.AddSingleton<EventRetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<EventRetentionJob>());
        return services;
    }
}
