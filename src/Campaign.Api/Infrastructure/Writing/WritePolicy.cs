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
using Wolverine.Persistence.Sagas;
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

    /// <summary>
    /// Also reads the write model's <see cref="InlineViewsAttribute">inline views</see>: Wolverine batches their loads with the
    /// write model's (enlisted after it, so read after the lock); <see cref="WritePolicy"/> has the session keep them for the commit.
    /// </summary>
    public override Variable Modify(IChain chain, ParameterInfo parameter, IServiceContainer container, GenerationRules rules)
    {
        var writeModel = base.Modify(chain, parameter, container, rules);
        var model = parameter.ParameterType.Closes(typeof(JasperFx.Events.IEventStream<>)) ? parameter.ParameterType.GetGenericArguments()[0] : parameter.ParameterType;
        var views = InlineViewsAttribute.Of(model);
        if (views.Count == 0) return writeModel;

        var id = FindIdentity(model, typeof(Guid), chain) ?? throw new InvalidOperationException($"No id of a {model.Name} on {chain}.");
        foreach (var view in views)
        {
            if (!rules.TryFindPersistenceFrameProvider(container, view, out var provider))
                throw new InvalidOperationException($"Marten does not store the view {view.Name}.");
            chain.Middleware.Add(provider.DetermineLoadFrame(container, view, id));
        }
        return writeModel;
    }
}

/// <summary>
/// Puts every command's handler chain on the write path, whoever sends the command: <see cref="Write.Begin{T}"/> (validation,
/// attribution, the idempotency key and the expected version), <see cref="Write.Replay{T}"/>, <see cref="Write.Found{TModel}"/>
/// for each write model read, <see cref="Write.Commit"/> and <see cref="Alerts.DeadlineWatch"/> before and
/// <see cref="Write.Answer{T}"/> after the commit, and
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
            var keepViews = WriteModelsOf(chain).SelectMany(InlineViewsAttribute.Of).Distinct()
                .Select(view => new MethodCall(typeof(InlineViews), typeof(InlineViews).GetMethod(nameof(InlineViews.Keep))!.MakeGenericMethod(view)));
            chain.Middleware.InsertRange(0, [Call(nameof(Write.Begin), command), .. keepViews, replay, new StopWhenReplayed(replay.ReturnVariable!)]);
            foreach (var model in WriteModelsOf(chain))
                chain.Middleware.Add(Call(nameof(Write.Found), model));
            chain.Postprocessors.Insert(0, new MethodCall(typeof(Write), nameof(Write.Commit))); // before the commit, wherever that is
            chain.Postprocessors.Insert(1, new MethodCall(typeof(Alerts.DeadlineWatch), nameof(Alerts.DeadlineWatch.Watch)));
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
