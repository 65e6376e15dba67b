using System.ComponentModel.DataAnnotations;
using Campaign.Developments;

namespace Campaign.StaffConsole.Forms;

/// <summary>How we know, as a form asks it; the write path's validators decide what is missing.</summary>
public sealed class SourceInput
{
    [Display(Name = "Our own people witnessed it (first-hand)")] public bool FirstHand { get; set; }
    [Display(Name = "Kind of source")] public SourceKind? Kind { get; set; }
    [Display(Name = "Published by")] public string? Publisher { get; set; }
    [Display(Name = "Published on")] public DateOnly? PublishedOn { get; set; }
    [Display(Name = "Link")] public string? Url { get; set; }
    [Display(Name = "Keep who the source is confidential")] public bool Confidential { get; set; }
    [Display(Name = "Note")] public string? Note { get; set; }

    public Source ToSource() => new(Url, Publisher, PublishedOn, FirstHand, Note, Kind ?? SourceKind.Media, Confidential);

    public static string Plain(SourceKind kind) => kind switch
    {
        SourceKind.Media => "News media",
        SourceKind.NgoReport => "An NGO's report",
        SourceKind.OfficialStatement => "An official statement",
        SourceKind.CourtDocument => "A court document",
        SourceKind.Lawyer => "A lawyer",
        SourceKind.Relative => "A relative",
        SourceKind.Witness => "A witness",
        _ => "Other",
    };
}
