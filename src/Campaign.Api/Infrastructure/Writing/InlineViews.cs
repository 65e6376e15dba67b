using System.Collections.Concurrent;
using System.Reflection;
using Marten;
using Marten.Services.BatchQuerying;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// Names the views Marten keeps inline on a write model's stream. Each write reads them in the round trip that reads and
/// locks the write model (after the lock, so never a stale copy), into the session's identity map, where the commit's
/// inline projection finds them instead of reading them again: one round trip fewer per write, whatever the number of streams.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class InlineViewsAttribute(params Type[] views) : Attribute
{
    public IReadOnlyList<Type> Views { get; } = views;

    public static IReadOnlyList<Type> Of(Type writeModel) => writeModel.GetCustomAttribute<InlineViewsAttribute>()?.Views ?? [];
}

public static class InlineViews
{
    private static readonly ConcurrentDictionary<Type, Action<IDocumentSession, IBatchedQuery, Guid[]>> Readers = new();

    /// <summary>The session keeps the <typeparamref name="TView"/>s it reads, for the commit (see <see cref="WriteModelAttribute"/>).</summary>
    public static void Keep<TView>(IDocumentSession session) where TView : notnull => session.UseIdentityMapFor<TView>();

    /// <summary>
    /// For a handler that reads its write models itself: adds the views of <typeparamref name="TModel"/>'s streams to its batch.
    /// Enlist it after the write models, so that the views are read once the streams are locked.
    /// </summary>
    public static void ReadWith<TModel>(IDocumentSession session, IBatchedQuery batch, IEnumerable<Guid> ids) where TModel : IWriteModel
    {
        var streams = ids.ToArray();
        foreach (var view in InlineViewsAttribute.Of(typeof(TModel)))
            Readers.GetOrAdd(view, type => typeof(InlineViews).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).CreateDelegate<Action<IDocumentSession, IBatchedQuery, Guid[]>>())(session, batch, streams);
    }

    private static void Read<TView>(IDocumentSession session, IBatchedQuery batch, Guid[] ids) where TView : class
    {
        Keep<TView>(session);
        _ = batch.LoadMany<TView>().ById(ids);
    }
}
