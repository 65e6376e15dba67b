using Campaign.Infrastructure.Settings;
using JasperFx.Events.Daemon;

namespace Campaign.Operations;

/// <summary>
/// The <c>Projections</c> settings, as <see cref="ProjectionDaemon"/> reads them when the event store is set up;
/// bound here only to be checked at start-up.
/// </summary>
public sealed class ProjectionSettings
{
    public DaemonMode Daemon { get; set; } = DaemonMode.HotCold;
    [AboveZero] public TimeSpan StaleSequenceThreshold { get; set; } = TimeSpan.FromSeconds(3);
    [AboveZero] public TimeSpan SkipLiveGapsAfter { get; set; } = TimeSpan.FromSeconds(60);
}
