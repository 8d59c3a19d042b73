using OpenSms.Server;
using OpenSms.Server.Auth;
using OpenSms.Server.Demo;
using OpenSms.Server.Endpoints;
using OpenSms.Server.Events;
using OpenSms.Server.Http;
using OpenSms.Server.Insight;
using OpenSms.Server.WebConsole;
using OpenSms.Server.Metrics;
using OpenSms.Server.Webhooks;

// `--demo` is a bare switch; configuration reads `--key value` pairs, so it becomes OpenSms:Demo=true.
// Settings are read once, at start: watching appsettings.json for changes watches the whole working
// directory, ./data and its write-ahead log included, and wakes the server at every commit.
string[] arguments = ["--hostBuilder:reloadConfigOnChange=false", .. args.Select(a => a == "--demo" ? "--OpenSms:Demo=true" : a)];
var builder = WebApplication.CreateBuilder(arguments);
builder.AddOpenSms();
builder.AddHttpLimits();
builder.AddStorage();
builder.Services.AddTokenAuth();
builder.Services.AddRateLimits();
builder.Services.AddIngest();
builder.Services.AddHostedService<DemoAgents>();
builder.Services.AddSmsSurface();
builder.Services.AddInsight();
builder.Services.AddWebConsole();
builder.Services.AddEvents();
builder.AddMetrics();
builder.Services.AddWebhooks();

var app = builder.Build();
app.UseRequestIds();
app.UseSmsErrors();
app.UseSmsAuthentication();
app.UseMiddleware<CsrfCheck>();
app.UseAuthorization();
app.UseRateLimits();
app.UseSmsAuthorization();

app.MapHealth();
app.MapMetrics();
app.MapTokens();
app.MapAccounts();
app.MapUsers();
app.MapEnterpriseProjects();
app.MapPolicies();
app.MapCredentials();
app.MapDiscovery();
app.MapAuthorizationMessages();
app.MapAudit();
app.MapSources();
app.MapTasks();
app.MapProgress();
app.MapSpeedLimits();
app.MapSmsSurface();
app.MapInsight();
app.MapConsole();
app.MapEvents();
app.MapWebhooks();
app.MapBenchBaseline(app.Configuration);
app.MapUnknownRoutes();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
