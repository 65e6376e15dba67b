using Campaign.Infrastructure.Settings;

namespace Campaign.Infrastructure.Hardening;

/// <summary>The <c>Limits</c> settings: request budgets a minute (see <see cref="RequestBudgets"/>), key ids remembered, body size.</summary>
public sealed class LimitOptions
{
    [AboveZero] public int RequestsPerMinute { get; set; } = 1200;
    [AboveZero] public int UnauthenticatedRequestsPerMinute { get; set; } = 60;
    [AboveZero] public int UnknownKeysRemembered { get; set; } = 10_000;
    [AboveZero] public long MaxRequestBodyBytes { get; set; } = 1L << 20;
}
