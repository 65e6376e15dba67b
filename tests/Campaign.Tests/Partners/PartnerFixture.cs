using Campaign.Access;
using Campaign.Access.Keys;
using Campaign.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Tests.Partners;

/// <summary>The service on a database of its own, with webhooks allowed to reach loopback and retried within a second.</summary>
public sealed class PartnerFixture : IAsyncLifetime
{
    private DedicatedHost dedicated = null!;

    public Alba.IAlbaHost Host => dedicated.Host;
    public Api Staff { get; private set; } = null!;
    public Api Partner { get; private set; } = null!;
    public IDocumentStore Store => dedicated.Store;

    public async Task InitializeAsync()
    {
        dedicated = await DedicatedHost.Start("_partners", new Dictionary<string, string>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.100",
            ["Webhooks:RetryMaxDelay"] = "00:00:00.500",
            ["Partners:HeartbeatSeconds"] = "0.3",
            ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
        });
        Staff = await dedicated.As(Role.Staff, "staff@partners.test");
        Partner = await dedicated.As(Role.Partner, "partner@partners.test");
    }

    public async Task Restart()
    {
        await dedicated.Restart();
        Staff = Staff.On(Host);
        Partner = Partner.On(Host);
    }

    public Task ViewsCaughtUp() => dedicated.CaughtUp();

    public Task<List<long>> PositionsAfter(long position) => dedicated.PositionsAfter(position);

    public Task<IssuedKey> Issue(Role role, string owner) =>
        Host.Services.GetRequiredService<KeyIssuer>().Issue(owner, role, "partner tests", null, "test fixture");

    public async Task DisposeAsync() => await dedicated.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PartnerCollection : ICollectionFixture<PartnerFixture>
{
    public const string Name = "partners";
}
