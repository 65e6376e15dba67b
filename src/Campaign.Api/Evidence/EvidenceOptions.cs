using Campaign.Infrastructure.Settings;

namespace Campaign.Evidence;

/// <summary>The <c>Evidence</c> settings: how large a file may be, and which media types are taken.</summary>
public sealed class EvidenceOptions
{
    public const string DefaultMediaTypes =
        "application/pdf,image/jpeg,image/png,image/webp,image/gif,image/tiff,image/heic,text/plain,audio/mpeg,audio/mp4,video/mp4," +
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/msword,application/vnd.oasis.opendocument.text";

    [AboveZero] public long MaxFileBytes { get; set; } = 50L << 20;

    /// <summary>Comma-separated media types without parameters; anything else is answered 415.</summary>
    public string MediaTypes { get; set; } = DefaultMediaTypes;

    public bool Allows(string mediaType) =>
        MediaTypes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(mediaType, StringComparer.OrdinalIgnoreCase);
}
