using FluentValidation;
using Campaign.Infrastructure.Validation;

namespace Campaign.Developments;

/// <summary>
/// Where a development is known from. A published source names its publisher and publication date
/// (and its address when it has one); a first-hand account by the NGO's own people needs neither.
/// </summary>
public sealed record Source(string? Url, string? Publisher, DateOnly? PublishedOn, bool FirstHand = false, string? Note = null)
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
                .WithMessage("'{PropertyName}' must be an absolute http(s) address.");
            RuleFor(s => s.Note).MaximumLength(2000);
        }

        private static bool BeAnAbsoluteWebAddress(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
    }
}
