using Campaign.Infrastructure.Reading;
using Wolverine;
using Wolverine.Runtime.Agents;

namespace Campaign.Infrastructure.Writing;

public static class WritingConfiguration
{
    /// <summary>The write path every command takes, its entry points, and read-your-writes.</summary>
    public static IServiceCollection AddCommandWrites(this IServiceCollection services) =>
        services.AddLogging(QuietRejections).AddHttpContextAccessor()
            .AddScoped<Commands>()
            .AddScoped<HttpCommands>()
            .AddSingleton<Idempotency>()
            .AddSingleton<ReadYourWrites>()
            .AddSingleton<Housekeeping>()
            .AddSingleton<IAgentFamily>(provider => provider.GetRequiredService<Housekeeping>());

    /// <summary>
    /// Wolverine logs every command that throws as an error, under the command's type; a rejected command (400, 404, 409)
    /// is an answer, not an error, and what fails otherwise is logged where it is answered (<see cref="RejectionHandler"/>).
    /// </summary>
    private static void QuietRejections(ILoggingBuilder logging)
    {
        foreach (var command in typeof(Command).Assembly.GetTypes().Where(t => t.IsAssignableTo(typeof(Command)) && !t.IsAbstract))
            logging.AddFilter(command.FullName, LogLevel.Critical);
    }

    /// <summary>Commands are handled in process, each in one transaction, with the policies of <see cref="WritePolicy"/>.</summary>
    public static void UseCommandWrites(this WolverineOptions options)
    {
        options.EnableRelayOfUserName = true; // the envelope carries who sends a command, whatever sends it
        options.Policies.Add<WritePolicy>();
    }
}
