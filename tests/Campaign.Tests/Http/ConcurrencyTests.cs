using Campaign.Infrastructure;
using Campaign.Tests.Support;
using JasperFx.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Http;

[Collection(AppCollection.Name)]
public sealed class ConcurrencyTests(AppFixture app)
{
    private readonly Api api = app.Api;

    [Fact]
    public async Task A_write_on_the_version_read_goes_through_and_returns_the_next_version()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var read = await api.Defendant(defendant);

        var written = await api.Post($"/api/defendants/{defendant}/detentions", Detention(), 200, ("If-Match", $"\"{read.Version}\""));

        Assert.Equal((defendant, read.Version + 1), (written.Id, written.Version));
        Assert.True(written.Sequence > 0);
    }

    [Fact]
    public async Task A_stale_if_match_conflicts_and_appends_nothing()
    {
        var (_, defendant, _) = await api.ChargedDefendant();
        var events = await app.EventCount(defendant);

        var problem = await api.Reject($"/api/defendants/{defendant}/custody",
            Custody(Campaign.Defendants.CustodyStatus.HouseArrest), 409, ("If-Match", "\"1\""));

        Assert.Contains("version", problem.Detail);
        Assert.Equal(events, await app.EventCount(defendant));
    }

    [Fact]
    public async Task A_stale_expected_version_in_the_body_conflicts_too()
    {
        var campaign = await api.LaunchCampaign();
        await api.Post($"/api/campaigns/{campaign}/statements",
            new { occurredOn = Jan22, organisation = "Amnesty International", quote = "Release them", source = Report });

        await api.Reject($"/api/campaigns/{campaign}/statements",
            new { occurredOn = Jan22, organisation = "Human Rights Watch", quote = "Drop the charges", source = Report, expectedVersion = 1 }, 409);

        Assert.Equal(2, await app.EventCount(campaign));
    }

    [Fact]
    public async Task A_concurrent_write_caught_by_the_event_store_is_a_conflict_not_a_server_error()
    {
        var handler = app.Host.Services.GetServices<Microsoft.AspNetCore.Diagnostics.IExceptionHandler>().OfType<RejectionHandler>().Single();
        var context = new DefaultHttpContext { RequestServices = app.Host.Services };
        context.Response.Body = new MemoryStream();

        var handled = await handler.TryHandleAsync(context, new EventStreamUnexpectedMaxEventIdException(Guid.NewGuid(), typeof(object), 3, 4), default);

        Assert.True(handled);
        Assert.Equal(409, context.Response.StatusCode);
    }
}
