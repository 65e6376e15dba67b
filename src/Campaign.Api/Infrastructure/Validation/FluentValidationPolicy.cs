using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace Campaign.Infrastructure.Validation;

/// <summary>
/// Runs the FluentValidation validator of each endpoint's request body before the endpoint, and
/// answers 400 problem details with the errors per field when it fails. A command without a validator
/// stops the service at start-up, so none can be forgotten.
/// </summary>
public sealed class FluentValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            if (!container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(chain.RequestType!)))
                throw new InvalidOperationException($"{chain.RequestType!.Name} ({chain.RoutePattern?.RawText}) has no validator.");

            var validate = typeof(RequestValidation).GetMethod(nameof(RequestValidation.ValidateAsync))!
                .MakeGenericMethod(chain.RequestType!);
            var call = new MethodCall(typeof(RequestValidation), validate);
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
            chain.Metadata.ProducesValidationProblem();
        }
    }
}

public static class RequestValidation
{
    public static async Task<IResult> ValidateAsync<T>(IValidator<T> validator, T? body, HttpContext context)
    {
        if (body is null)
            return Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] });

        var result = await validator.ValidateAsync(body, context.RequestAborted);
        return result.IsValid ? WolverineContinue.Result() : Problems.Validation(result.ToDictionary());
    }
}
