using System.Reflection;
using Campaign.Confidentiality;
using Campaign.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Unit;

/// <summary>Every field the API returns and every field of every event carries a classification where it is declared.</summary>
[Collection(AppCollection.Name)]
public sealed class ClassificationTests(AppFixture app)
{
    [Fact]
    public void Every_field_of_every_response_and_event_is_classified()
    {
        var responses = app.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.Type)
                .Concat(e.Metadata.OfType<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiResponseMetadataProvider>().Select(m => m.Type)))
            .OfType<Type>();
        var events = app.Store.Options.Events.AllKnownEventTypes().Select(t => t.EventType);
        var roots = responses.Concat(events).ToList();
        Assert.Contains(typeof(Campaign.Defendants.DefendantView), roots);
        Assert.Contains(typeof(Campaign.Campaigns.CampaignView), roots);

        var unclassified = Reachable(roots)
            .SelectMany(type => Classified.PropertiesOf(type).Where(p => p.Classification is null).Select(p => $"{type.Name}.{p.Property.Name}"))
            .ToList();

        Assert.Empty(unclassified);
    }

    private static HashSet<Type> Reachable(IEnumerable<Type> roots)
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            foreach (var inner in type.IsGenericType ? type.GetGenericArguments() : type.IsArray ? [type.GetElementType()!] : [])
                pending.Push(inner);
            if (type.Namespace?.StartsWith("Campaign", StringComparison.Ordinal) != true || type.IsEnum || !found.Add(type)) continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) pending.Push(property.PropertyType);
        }
        return found;
    }
}
