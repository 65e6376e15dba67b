using Campaign.Infrastructure.Hardening;
using Microsoft.Extensions.Options;

namespace Campaign.Evidence;

/// <summary>The endpoint or page takes a file as evidence: its body may be as large as <c>Evidence:MaxFileBytes</c>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class EvidenceUploadAttribute : Attribute, IOwnBodyLimit
{
    public long MaxBodyBytes(IServiceProvider services) =>
        services.GetRequiredService<IOptions<EvidenceOptions>>().Value.MaxFileBytes + FormOverhead;

    /// <summary>Room for a console form's other fields and its multipart boundaries around the file.</summary>
    private const long FormOverhead = 64 * 1024;
}
