using OpenSms.Server;
using OpenSms.Server.Auth;
using OpenSms.Server.Endpoints;
using OpenSms.Server.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddOpenSms();
builder.AddStorage();
builder.Services.AddTokenAuth();
builder.Services.AddIngest();

var app = builder.Build();
app.UseRequestIds();
app.UseSmsErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<SmsAuthorization>();

app.MapHealth();
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
app.MapUnknownRoutes();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
