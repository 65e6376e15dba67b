using System.Reflection;
using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.Runtime.Handlers;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// The write model a command decides on, read and locked for the write: concurrent writes to one stream wait for each other
/// in the database instead of failing at commit, and the read belongs to the write's transaction.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class WriteModelAttribute : WriteAggregateAttribute
{
    public WriteModelAttribute() => LoadStyle = ConcurrencyStyle.Exclusive;

    public WriteModelAttribute(string idMember) : base(idMember) => LoadStyle = ConcurrencyStyle.Exclusive;
}

/// <summary>
/// Puts every command's handler chain on the write path, whoever sends the command: <see cref="Write.Begin{T}"/> (validation,
/// attribution, the idempotency key and the expected version), <see cref="Write.Replay{T}"/>, <see cref="Write.Found{TModel}"/>
/// for each write model read, <see cref="Write.Commit"/> before and <see cref="Write.Answer{T}"/> after the commit, and
/// a fresh attempt when the commit lost a race. A command without a validator stops the service at start-up.
/// </summary>
public sealed class WritePolicy : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType.IsAssignableTo(typeof(Command))))
        {
            var command = chain.MessageType;
            if (!container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(command)))
                throw new InvalidOperationException($"The command {command.Name} has no validator.");

            new TransactionalAttribute().Modify(chain, rules, container); // one session, committed once, for every command
            var replay = Call(nameof(Write.Replay), command);
            chain.Middleware.InsertRange(0, [Call(nameof(Write.Begin), command), replay, new StopWhenReplayed(replay.ReturnVariable!)]);
            foreach (var model in WriteModelsOf(chain))
                chain.Middleware.Add(Call(nameof(Write.Found), model));
            chain.Postprocessors.Insert(0, new MethodCall(typeof(Write), nameof(Write.Commit))); // before the commit, wherever that is
            chain.PostCommitPostprocessors.Add(Call(nameof(Write.Answer), command));

            // With the write model locked, only creations and keys claimed at the same moment can still lose a race.
            chain.OnException(LostRace.Caused).RetryWithCooldown(LostRace.Cooldowns);
        }
    }

    private static IEnumerable<Type> WriteModelsOf(HandlerChain chain) => chain.Handlers
        .SelectMany(h => h.Method.GetParameters())
        .Where(p => p.GetCustomAttribute<WriteAggregateAttribute>() is not null)
        .Select(p => p.ParameterType.IsGenericType ? p.ParameterType.GetGenericArguments()[0] : p.ParameterType);

    /// <summary>Ends the handling once <see cref="Write.Replay{T}"/> has answered.</summary>
    private sealed class StopWhenReplayed(Variable continuation) : SyncFrame
    {
        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            writer.Write($"if ({continuation.Usage} == {typeof(HandlerContinuation).FullNameInCode()}.{nameof(HandlerContinuation.Stop)}) return;");
            Next?.GenerateCode(method, writer);
        }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            yield return continuation;
        }
    }

    private static MethodCall Call(string method, Type argument) =>
        new(typeof(Write), typeof(Write).GetMethod(method)!.MakeGenericMethod(argument));
}
