using System.Text.Json.Serialization;
using Campaign.Access;
using Campaign.Alerts;
using Campaign.Auditing;
using Campaign.Confidentiality;
using Campaign.Demo;
using Campaign.Evidence;
using Campaign.Infrastructure;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Hardening;
using Campaign.Infrastructure.Telemetry;
using Campaign.Infrastructure.Settings;
using Campaign.Infrastructure.Validation;
using Campaign.Infrastructure.Writing;
using Campaign.Operations;
using Campaign.Operations.Health;
using Campaign.Partners;
using Campaign.StaffConsole;
using Campaign.StaffConsole.Errors;
using FluentValidation;
using JasperFx.CodeGeneration;
using Scalar.AspNetCore;
using Wolverine;
using Wolverine.Http;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCampaignEventStore(builder.Configuration);
builder.Services.AddAuditing();
builder.Host.UseWolverine(options =>
{
    options.ApplicationAssembly = typeof(Program).Assembly;
    options.JoinCluster(builder.Configuration);
    options.UseWebhookDelivery();
    options.UseCommandWrites();
    options.UseDeadlineChecks();
    // The Docker image compiles in the code `codegen write` generated at build, and says so (deploy/Dockerfile): load
    // only that, in any environment, and refuse to start without it. (Marten 9 generates no code at run time.)
    if (builder.Configuration.GetValue<bool>("PreGeneratedCode")) options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
});
builder.Services.AddWolverineHttp();

builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
ValidationConventions.Apply();

builder.Services.AddCommandWrites();
builder.Services.AddAlerts();
builder.Services.AddScoped<Campaign.Campaigns.ImportingDevelopments.Importer>();
builder.Services.AddCampaignAccess(builder.Configuration);
builder.Services.AddConfidentiality();
builder.Services.AddEvidence();
builder.Services.AddPartners(builder.Configuration);
builder.Services.AddBrowserPartners(builder.Configuration);

builder.Services.AddCampaignHardening(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<RejectionHandler>();
builder.Services.AddApiDocument();
builder.Services.AddOperations();
builder.Services.AddDemoCase(builder.Configuration);
builder.Services.AddStaffConsole(builder.Configuration);
builder.AddCampaignTelemetry();

var app = builder.Build();
ValidatedSettings.Check(app.Services);

app.UseForwardedHeadersFromProxies();
app.UseSecurityHeaders();
app.UseErrorPagesOrProblemDetails();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseCors();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseRateLimiter();
app.UseRequestChecks();
app.UseAuthorization();
app.UseMiddleware<RouteIdCheck>();
app.UseMiddleware<JsonBodyCheck>();

app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
app.MapScalarApiReference("/docs", options => options.WithTitle("Campaign API")).AllowAnonymous().DisableRateLimiting();
app.MapCampaignHealth();
app.MapWolverineEndpoints(options =>
{
    options.AddPolicy<FluentValidationPolicy>();
    options.AddPolicy<ParsedBodyPolicy>();
    options.ApplyCorrelationIdHeaderToAllEndpoints = true;
    options.RejectUnparseableQueryValues = true;
    options.ConfigureEndpoints(ApiDescription.Describe);
    options.ConfigureEndpoints(BrowserPartners.Apply);
});
app.UseStaffConsole();

return await JsonLogConsole.RunCommands(app, args);

public partial class Program;
