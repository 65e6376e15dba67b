using Campaign.Confidentiality;
using Campaign.Evidence.Attaching;
using JasperFx.Events;

namespace Campaign.Evidence;

/// <summary>
/// A file attached to a defendant, as their view lists it; it downloads from
/// <c>/api/defendants/{defendantId}/evidence/{evidenceId}</c>. Partners learn of a confidential one only that it exists.
/// </summary>
public sealed record EvidenceFile(
    [property: Public] Guid EvidenceId,
    [property: Public] Guid? AttachedTo,
    [property: Public] bool Confidential,
    [property: ConfidentialWhen(nameof(EvidenceFile.Confidential))] string FileName,
    [property: InternalWhen(nameof(EvidenceFile.Confidential))] string MediaType,
    [property: InternalWhen(nameof(EvidenceFile.Confidential))] long Size,
    [property: InternalWhen(nameof(EvidenceFile.Confidential))] string Sha256,
    [property: Public] DateTimeOffset RecordedAt,
    [property: Internal] string? RecordedBy)
{
    public static EvidenceFile From(IEvent e, EvidenceAttached x) =>
        new(e.Id, x.AttachedTo, x.Confidential, x.FileName, x.MediaType, x.Size, x.Sha256, e.Timestamp, e.UserName);
}
