using Campaign.Access;
using Campaign.Tests.Support;
using Marten;

namespace Campaign.Tests.Auditing;

/// <summary>The service on a database of its own, which these tests tamper with and reset; checkpoints every 25 positions.</summary>
public sealed class AuditFixture : IAsyncLifetime
{
    public const string SigningKey = "9d6XqTq4f8m0oKq0eZ3y8b3H1mY0yW5r2s7vL1n4c0E=";

    public DedicatedHost Dedicated { get; private set; } = null!;
    public Api Staff { get; private set; } = null!;
    public Api Auditor { get; private set; } = null!;
    public Alba.IAlbaHost Host => Dedicated.Host;
    public IDocumentStore Store => Dedicated.Store;

    public static IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Audit:SigningKey"] = SigningKey,
        ["Audit:CheckpointEvery"] = "25",
        ["Confidentiality:MasterKey"] = AppFixture.MasterKey,
    };

    public async Task InitializeAsync() => Dedicated = await DedicatedHost.Start("_audit", Settings);

    /// <summary>Starts a test from an empty store, with fresh keys.</summary>
    public async Task Reset()
    {
        await Host.ResetAllDataAsync();
        Staff = await Dedicated.As(Role.Staff, "staff@audit.test");
        Auditor = await Dedicated.As(Role.Auditor, "auditor@audit.test");
    }

    public async Task DisposeAsync() => await Dedicated.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AuditCollection : ICollectionFixture<AuditFixture>
{
    public const string Name = "audit";
}
