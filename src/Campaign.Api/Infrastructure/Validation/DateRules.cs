using FluentValidation;

namespace Campaign.Infrastructure.Validation;

public static class DateRules
{
    /// <summary>
    /// A development cannot have happened after today. "Today" is taken in the world's
    /// most advanced time zone (UTC+14), so that a fact recorded on the day it happened is
    /// accepted wherever it happened.
    /// </summary>
    public static IRuleBuilderOptions<T, DateOnly> NotInTheFuture<T>(this IRuleBuilder<T, DateOnly> rule, TimeProvider clock) =>
        rule.Must(date => date <= LatestToday(clock))
            .WithMessage("'{PropertyName}' cannot be in the future.");

    public static IRuleBuilderOptions<T, DateOnly> Plausible<T>(this IRuleBuilder<T, DateOnly> rule) =>
        rule.Must(date => date.Year >= 1900).WithMessage("'{PropertyName}' must be a date after 1900.");

    private static DateOnly LatestToday(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(14));
}
