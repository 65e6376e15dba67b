namespace Campaign.Confidentiality;

/// <summary>
/// A view, or a part of one, that belongs to one data subject (a defendant's or a campaign's stream): the sealed values
/// within it open with that subject's key only, whatever subject a value names inside itself.
/// </summary>
public interface IDataSubject
{
    Guid DataSubject { get; }
}
