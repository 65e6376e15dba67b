using Campaign.Confidentiality;
using Campaign.Defendants;
using Campaign.Developments;

namespace Campaign.Partners.Contracts;

/// <summary>A source as partners see it: a confidential one (a witness, a relative) by its kind only.</summary>
public sealed record PublicSource(
    [property: Public] SourceKind Kind,
    [property: Public] bool Confidential,
    [property: Public] bool FirstHand,
    [property: Public] string? Publisher,
    [property: Public] string? Url,
    [property: Public] DateOnly? PublishedOn)
{
    public static PublicSource From(Source source) => source.Confidential
        ? new(source.Kind, true, source.FirstHand, null, null, source.PublishedOn)
        : new(source.Kind, false, source.FirstHand, source.Publisher, source.Url, source.PublishedOn);
}

public sealed record PublicCharge(string LegalBasis, ChargeKind Kind, string Description, string? MaximumPenalty)
{
    public static PublicCharge From(ChargeDetails charge) => new(charge.LegalBasis, charge.Kind, charge.Description, charge.MaximumPenalty);
}
