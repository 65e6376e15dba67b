using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Campaign.Tests.ApiDocument;

/// <summary>
/// Records which query parameters a request's handling asks for by name (the endpoint, its generated binding code and any
/// middleware), by putting a recording query collection in front of the real one: kept in the request's items.
/// </summary>
public sealed class QueryReads : IStartupFilter
{
    public const string Item = "test:query-reads";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            var recording = new Recording(context.Request.Query);
            context.Request.Query = recording;
            context.Items[Item] = recording.Names;
            await following(context);
        });
        next(app);
    };

    public static IReadOnlyCollection<string> Of(HttpContext context) =>
        context.Items.TryGetValue(Item, out var names) ? ((ConcurrentDictionary<string, bool>)names!).Keys.ToList() : [];

    private sealed class Recording(IQueryCollection inner) : IQueryCollection
    {
        public ConcurrentDictionary<string, bool> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public StringValues this[string key] { get { Names[key] = true; return inner[key]; } }
        public int Count => inner.Count;
        public ICollection<string> Keys => inner.Keys;

        public bool ContainsKey(string key)
        {
            Names[key] = true;
            return inner.ContainsKey(key);
        }

        public bool TryGetValue(string key, out StringValues value)
        {
            Names[key] = true;
            return inner.TryGetValue(key, out value);
        }

        public IEnumerator<KeyValuePair<string, StringValues>> GetEnumerator() => inner.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
