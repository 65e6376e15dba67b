using Campaign.Confidentiality;
using Campaign.Infrastructure.Validation;
using FluentValidation;

namespace Campaign.Developments;

public enum SourceKind { Media, NgoReport, OfficialStatement, CourtDocument, Lawyer, Relative, Witness, Other }

/// <summary>
/// Where a development is known from. A published source names its publisher and publication date
/// (and its address when it has one); a first-hand account by the NGO's own people needs neither.
/// A confidential source (a witness, a relative) is shown to partners by its kind only, and its identity
/// (publisher, address, note) is stored encrypted, so that it can be erased.
/// </summary>
public sealed record Source(
    [property: ConfidentialWhen(nameof(Source.Confidential))] string? Url,
    [property: ConfidentialWhen(nameof(Source.Confidential))] string? Publisher,
    [property: Public] DateOnly? PublishedOn,
    [property: Public] bool FirstHand = false,
    [property: ConfidentialWhen(nameof(Source.Confidential), Classification.Internal)] string? Note = null,
    [property: Public] SourceKind Kind = SourceKind.Media,
    [property: Public] bool Confidential = false)
{
    public sealed class Validator : AbstractValidator<Source>
    {
        public Validator(TimeProvider clock)
        {
            When(s => !s.FirstHand, () =>
            {
                RuleFor(s => s.Publisher).NotEmpty().WithMessage("A source needs its publisher unless it is first-hand.");
                RuleFor(s => s.PublishedOn).NotNull().WithMessage("A source needs its publication date unless it is first-hand.");
            });
            RuleFor(s => s.Publisher).MaximumLength(200);
            RuleFor(s => s.PublishedOn!.Value).NotInTheFuture(clock).When(s => s.PublishedOn.HasValue)
                .OverridePropertyName("publishedOn");
            RuleFor(s => s.Url).MaximumLength(2000)
                .Must(BeAnAbsoluteWebAddress).When(s => s.Url is not null)
                .WithMessage("'{PropertyName}' must be a full web address, starting with https:// or http://.");
            RuleFor(s => s.Note).MaximumLength(2000);
            RuleFor(s => s.Kind).IsInEnum();
        }

        private static bool BeAnAbsoluteWebAddress(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
    }
}
