using Campaign.Developments;
using Campaign.Infrastructure.Writing;

namespace Campaign.Defendants;

/// <summary>A command recording a development in one defendant's case.</summary>
public interface IDefendantCommand : IDevelopmentCommand, IVersionedCommand
{
    Guid DefendantId { get; }
}
