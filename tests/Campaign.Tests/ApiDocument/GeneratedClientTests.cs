using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Alba;
using Campaign.Access;
using Campaign.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace Campaign.Tests.ApiDocument;

/// <summary>A C# client generated from the document by NSwag, compiled in the test and used as an integrator would.</summary>
public sealed partial class ApiDocumentTests
{
    [Fact]
    public async Task A_client_generated_from_the_document_calls_the_service_and_pages_the_feed()
    {
        var staff = await dedicated.As(Role.Staff, "apidoc-staff@test");
        var campaign = await staff.LaunchCampaign("Generated client");
        for (var n = 0; n < 3; n++) await staff.RegisterDefendant(campaign, $"Generated client defendant {n}");
        var partner = await dedicated.As(Role.Partner, "apidoc-partner@test");
        List<string> expected = [];
        await Eventually.Holds(async () =>
        {
            var page = await partner.Get<JsonElement>($"/api/feed?limit=1000&campaign={campaign}");
            expected = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            return expected.Count == 4;
        }, TimeSpan.FromSeconds(30), "the campaign's four events in the feed");

        var client = Activator.CreateInstance(Compile(await Generate()).GetType("Generated.CampaignClient")!, partner.Client())!;

        var campaigns = (IEnumerable)await Call(client, "ListCampaignsAsync");
        Assert.Contains(campaigns.Cast<object>(), c => (string)Property(c, "Name") == "Generated client");

        var seen = new List<string>();
        var (after, pages) = (0L, 0);
        while (true)
        {
            var page = await Call(client, "ReadFeedAsync", ("after", after), ("limit", 3), ("campaign", new[] { campaign }));
            var events = ((IEnumerable)Property(page, "Events")).Cast<object>().ToList();
            if (events.Count == 0) break;
            Assert.Equal(campaign.ToString(), JsonSerializer.SerializeToElement(Property(events[0], "Data")).GetProperty("campaignId").GetString());
            seen.AddRange(events.Select(e => (string)Property(e, "Id")));
            after = Convert.ToInt64(Property(page, "Next"));
            pages++;
        }
        Assert.Equal(expected, seen);
        Assert.Equal(2, pages);
    }

    private async Task<string> Generate()
    {
        var json = await (await dedicated.Host.Scenario(s => s.Get.Url("/openapi/v1.json"))).ReadAsTextAsync();
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "CampaignClient", UseBaseUrl = false, GenerateClientInterfaces = false,
            CSharpGeneratorSettings = { Namespace = "Generated", JsonLibrary = CSharpJsonLibrary.SystemTextJson },
        };
        return new CSharpClientGenerator(await NSwag.OpenApiDocument.FromJsonAsync(json), settings).GenerateFile();
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Generated", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        assembly.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(assembly);
    }

    /// <summary>Calls the generated operation by its parameters' names (the others null), with a cancellation token.</summary>
    private static async Task<object> Call(object client, string name, params (string Name, object Value)[] arguments)
    {
        var method = client.GetType().GetMethods().Single(m => m.Name == name && m.GetParameters().LastOrDefault()?.ParameterType == typeof(CancellationToken));
        var values = method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken)
            ? CancellationToken.None
            : arguments.FirstOrDefault(a => a.Name == p.Name).Value).ToArray();
        var task = (Task)method.Invoke(client, values)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private static object Property(object value, string name) => value.GetType().GetProperty(name)!.GetValue(value)!;
}
