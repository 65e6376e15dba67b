using Microsoft.AspNetCore.Http.HttpResults;

namespace Campaign.Infrastructure.Writing;

/// <summary>
/// Sends an endpoint's command as the signed-in user, with what HTTP adds to it: If-Match as the expected version and
/// the Idempotency-Key header. The one place where a request's headers meet the write path.
/// </summary>
public sealed class HttpCommands(Commands commands, IHttpContextAccessor http)
{
    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("HttpCommands serve HTTP requests.");

    public Task<WriteResult> Send(Command command) => Send<WriteResult>(command);

    public Task<T> Send<T>(Command command)
    {
        var request = Context.Request;
        var options = new WriteOptions(
            request.Headers[Idempotency.HttpHeader].ToString() is { Length: > 0 } key ? key : null,
            command is IVersionedCommand versioned ? ExpectedVersion.Of(request, versioned.ExpectedVersion) : null);
        return commands.Send<T>(command, Context.User, options, Context.RequestAborted);
    }

    /// <summary>Starts a stream: 201 with its address under <paramref name="collection"/>.</summary>
    public async Task<Created<WriteResult>> Create(Command command, string collection)
    {
        var written = await Send(command);
        return TypedResults.Created($"/api/{collection}/{written.Id}", written);
    }
}
