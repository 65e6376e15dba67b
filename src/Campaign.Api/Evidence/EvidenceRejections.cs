using Campaign.Infrastructure.Writing;

namespace Campaign.Evidence;

/// <summary>413: the file is larger than <c>Evidence:MaxFileBytes</c>; nothing of it is kept.</summary>
public sealed class FileTooLarge(long limit) : Rejection($"Files are limited to {limit} bytes (Evidence:MaxFileBytes).")
{
    public override int StatusCode => StatusCodes.Status413PayloadTooLarge;
}

/// <summary>415: the body's media type is not one evidence is taken in (<c>Evidence:MediaTypes</c>).</summary>
public sealed class MediaTypeRefused(string? mediaType) : Rejection(
    $"A file of type '{mediaType ?? "(none)"}' is not taken as evidence: attach a document, a photo or a recording.")
{
    public override int StatusCode => StatusCodes.Status415UnsupportedMediaType;
}

/// <summary>410: the file was attached once, but is no longer served: its attachment was retracted, or its key erased.</summary>
public sealed class EvidenceGone(string message) : Rejection(message)
{
    public override int StatusCode => StatusCodes.Status410Gone;
}

/// <summary>
/// 502: what the database holds of a file does not hash to what its event recorded (damaged or tampered with); nothing
/// of it is served. The service's storage answered wrongly, so it is not a 500 of the service's own making, nor a conflict.
/// </summary>
public sealed class EvidenceDamaged(Guid evidenceId) : Rejection(
    $"The stored file {evidenceId} does not match the SHA-256 its event recorded; it is not served. The incident is logged.")
{
    public override int StatusCode => StatusCodes.Status502BadGateway;
}
