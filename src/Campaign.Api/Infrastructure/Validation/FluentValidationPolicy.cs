using Campaign.Infrastructure.Writing;
using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Runs the FluentValidation validator of each endpoint's request body before the endpoint, and answers 400 problem details
/// with the errors per field when it fails. A command's validator runs on the write path instead (<see cref="WritePolicy"/>),
/// whoever sends it; here its body is only required. A body without a validator stops the service at start-up.
/// </summary>
public sealed class FluentValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            var body = chain.RequestType!;
            var isCommand = body.IsAssignableTo(typeof(Command));
            if (!isCommand && !container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(body)))
                throw new InvalidOperationException($"{body.Name} ({chain.RoutePattern?.RawText}) has no validator.");

            var method = isCommand ? nameof(RequestValidation.RequireBody) : nameof(RequestValidation.ValidateAsync);
            var call = new MethodCall(typeof(RequestValidation), typeof(RequestValidation).GetMethod(method)!.MakeGenericMethod(body));
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
            chain.Metadata.ProducesValidationProblem();
        }
    }
}

public static class RequestValidation
{
    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T? body, HttpContext context)
    {
        if (body is null) return NoBody;
        var result = await validator.ValidateAsync(body, context.RequestAborted);
        return result.IsValid ? WolverineContinue.Result() : Problems.Validation(result.ToDictionary());
    }

    public static IResult RequireBody<T>(T? body) => body is null ? NoBody : WolverineContinue.Result();

    private static IResult NoBody => Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] });
}
