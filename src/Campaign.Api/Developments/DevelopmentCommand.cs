using Campaign.Infrastructure.Validation;
using FluentValidation;

namespace Campaign.Developments;

/// <summary>A command that records something that happened: when, and how we know.</summary>
public interface IDevelopmentCommand
{
    DateOnly OccurredOn { get; }
    Source? Source { get; }
}

public sealed class DevelopmentValidator : AbstractValidator<IDevelopmentCommand>
{
    public DevelopmentValidator(TimeProvider clock)
    {
        RuleFor(c => c.OccurredOn).NotEmpty().Plausible().NotInTheFuture(clock);
        RuleFor(c => c.Source).NotNull().SetValidator(new Source.Validator(clock)!);
    }
}
