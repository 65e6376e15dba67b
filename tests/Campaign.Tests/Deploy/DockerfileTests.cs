using System.Text.RegularExpressions;

namespace Campaign.Tests.Deploy;

/// <summary>
/// What can be read off the Docker files (DockerImageTests carries out the Dockerfile's steps).
/// </summary>
public sealed class DockerfileTests
{
    internal static readonly string Root = RepositoryRoot();
    private static string Read(string path) => File.ReadAllText(Path.Combine(Root, path));
    private static string[] Ignored => [.. Read(".dockerignore").Split('\n').Select(line => line.Trim()).Where(line => line is not "" && !line.StartsWith('#'))];

    [Theory]
    [InlineData(".local/master-key")]
    [InlineData(".local/audit-signing-key")]
    [InlineData(".local/docker.env")]
    [InlineData(".local/pgdata/base/1")]
    [InlineData("src/Campaign.Api/bin/Release/net10.0/Campaign.Api.dll")]
    [InlineData("src/Campaign.Api/obj/project.assets.json")]
    [InlineData("src/Campaign.Api/Internal/Generated/WolverineHandlers/GET_api_feed.cs")]
    [InlineData(".git/HEAD")]
    public void The_build_context_leaves_out(string path) =>
        Assert.True(IsIgnored(path), $"{path} would be sent to the Docker build");

    [Theory]
    [InlineData("src/Campaign.Api/Program.cs")]
    [InlineData("Directory.Packages.props")]
    public void The_build_context_takes_the_sources(string path) => Assert.False(IsIgnored(path), $"{path} is left out");

    [Fact]
    public void The_image_ships_generated_code_runs_as_a_user_and_says_how_to_check_it()
    {
        var dockerfile = Read("deploy/Dockerfile");
        var build = dockerfile.IndexOf("codegen write", StringComparison.Ordinal);
        Assert.True(build > 0 && build < dockerfile.IndexOf("dotnet publish", StringComparison.Ordinal), "codegen write before publish");
        Assert.Matches(@"(?m)^ENV .*\bPreGeneratedCode=true\b", dockerfile);
        Assert.Matches(@"(?m)^HEALTHCHECK .*CMD .*/health/live", dockerfile.Replace("\\\n", ""));
        var user = Regex.Matches(dockerfile, @"(?m)^USER (\S+)").Last().Groups[1].Value;
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
    }

    [Fact]
    public void Compose_passes_the_keys_from_an_ignored_env_file_and_restarts_unhealthy_nodes()
    {
        var compose = Read("docker-compose.yml");
        Assert.Contains("path: .local/docker.env", compose);
        Assert.DoesNotContain("MasterKey:", compose);
        Assert.DoesNotContain("SigningKey:", compose);
        Assert.Contains(".local/", Read(".gitignore").Split('\n'));
        Assert.Contains(".local/docker.env", Read("deploy/docker-keys.sh"));
        Assert.Equal(3, Regex.Matches(compose, @"(?m)^\s+restart: unless-stopped").Count);
        Assert.Equal(2, Regex.Matches(compose, @"(?m)^\s+healthcheck:").Count);
    }

    /// <summary>.dockerignore's rules, last match wins (as Docker applies them; ** spans folders).</summary>
    private static bool IsIgnored(string path)
    {
        var ignored = false;
        foreach (var rule in Ignored)
        {
            var negated = rule.StartsWith('!');
            var pattern = rule.TrimStart('!').TrimEnd('/');
            var regex = "^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*", "[^/]*") + "(/.*)?$";
            if (Regex.IsMatch(path, regex)) ignored = !negated;
        }
        return ignored;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Campaign.sln"))) directory = directory.Parent;
        return directory.FullName;
    }
}
