namespace Campaign.Infrastructure.Writing;

/// <summary>A command turned down because of the case's current state; answered with problem details, nothing written.</summary>
public abstract class Rejection(string message) : Exception(message)
{
    public abstract int StatusCode { get; }
}

/// <summary>404: the stream the request addresses does not exist.</summary>
public sealed class NotFound(string what, object id) : Rejection($"There is no {what} {id}.")
{
    public override int StatusCode => StatusCodes.Status404NotFound;
}

/// <summary>400: a field of the request names something that does not exist or does not fit.</summary>
public sealed class InvalidReference(string field, string message) : Rejection(message)
{
    public string Field { get; } = field;
    public override int StatusCode => StatusCodes.Status400BadRequest;
}

/// <summary>400: the command's fields fail its validator; the errors are named as the JSON names the fields.</summary>
public sealed class InvalidCommand(IDictionary<string, string[]> errors) : Rejection("See the errors for each field.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
    public override int StatusCode => StatusCodes.Status400BadRequest;
}

/// <summary>409: the request contradicts the state of the case (e.g. a charge already dropped).</summary>
public sealed class StateConflict(string message) : Rejection(message)
{
    public override int StatusCode => StatusCodes.Status409Conflict;
}

/// <summary>409: the stream moved on since the version the client decided on.</summary>
public sealed class VersionConflict(Guid streamId, long expected, long actual)
    : Rejection($"Stream {streamId} is at version {actual}, not the expected {expected}. Read it again and retry.")
{
    public override int StatusCode => StatusCodes.Status409Conflict;
}

/// <summary>403: the credential may use this endpoint, but not in the way asked.</summary>
public sealed class Forbidden(string message) : Rejection(message)
{
    public override int StatusCode => StatusCodes.Status403Forbidden;
}
