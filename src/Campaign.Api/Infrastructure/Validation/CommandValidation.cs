using Campaign.Infrastructure.Writing;
using FluentValidation;

namespace Campaign.Infrastructure.Validation;

public static class CommandValidation
{
    /// <summary>Runs the command's validator; its errors name fields as the JSON does, for an API problem or beside a form's field.</summary>
    public static async Task Check<T>(T command, IValidator<T> validator, CancellationToken ct) where T : Command
    {
        var result = await validator.ValidateAsync(command, ct);
        if (!result.IsValid) throw new InvalidCommand(result.ToDictionary());
    }
}
