using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Wolverine.Http;

namespace Campaign.Infrastructure.Validation;

/// <summary>
/// The request body as <see cref="JsonBodyCheck"/> parsed it, handed to the endpoint: the JSON is parsed once, by the
/// check that names a bad field, instead of a second time by Wolverine.
/// </summary>
public static class ParsedBody
{
    private static readonly object Key = new();

    public static void Keep(HttpContext context, object? body) => context.Items[Key] = body;

    /// <summary>The parsed body; null when there was none to parse (which the validation policies answer 400).</summary>
    public static T? Take<T>(HttpContext context) where T : class => context.Items.TryGetValue(Key, out var body) ? body as T : null;
}

/// <summary>Gives each endpoint that takes a JSON body the one <see cref="JsonBodyCheck"/> parsed, in place of reading it again.</summary>
public sealed class ParsedBodyPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType))
        {
            var take = new TakeParsedBody(chain.RequestType!);
            // Every call that takes the body (the endpoint, its validation) takes this one: Wolverine's own reading is never generated.
            foreach (var call in chain.Middleware.OfType<MethodCall>().Append(chain.Method))
            {
                var parameters = call.Method.GetParameters();
                for (var i = 0; i < parameters.Length; i++)
                    if (parameters[i].ParameterType == chain.RequestType) call.Arguments[i] = take.Body;
            }
            // Wolverine's frame that reads the body, in its place; Wolverine keeps its body variable where only it can set it.
            var reading = chain.Middleware.FindIndex(f => f.Creates.Contains(RequestBodyVariable.GetValue(chain)));
            if (reading >= 0) chain.Middleware[reading] = take;
            else chain.Middleware.Insert(0, take);
            RequestBodyVariable.SetValue(chain, take.Body);
        }
    }

    private static readonly System.Reflection.PropertyInfo RequestBodyVariable = typeof(HttpChain).GetProperty(nameof(RequestBodyVariable),
        System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)!;

    private sealed class TakeParsedBody : SyncFrame
    {
        private Variable? context;

        public TakeParsedBody(Type type) => Body = new Variable(type, "parsedBody", this);

        public Variable Body { get; }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            yield return context = chain.FindVariable(typeof(HttpContext));
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            writer.Write($"var {Body.Usage} = {typeof(ParsedBody).FullNameInCode()}.{nameof(ParsedBody.Take)}<{Body.VariableType.FullNameInCode()}>({context!.Usage});");
            Next?.GenerateCode(method, writer);
        }
    }
}
