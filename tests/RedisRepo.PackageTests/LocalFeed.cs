using RedisRepo.Tests.Shared;

namespace RedisRepo.PackageTests;

/// <summary>
/// RedisRepo and RedisRepo.Testing packed once per test run (one pack at a time: both build
/// src/RedisRepo's obj directory) into a folder feed, under a version of its own, as a user's
/// project would get it from NuGet. Consumers get a nuget.config naming the feed; the version is
/// removed from the machine's package cache when the run ends.
/// </summary>
internal static class LocalFeed
{
    private static readonly Lazy<(string Feed, string Version)> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The feed folder (packing on first use).</summary>
    public static string Folder => Packed.Value.Feed;

    /// <summary>The version packed.</summary>
    public static string Version => Packed.Value.Version;

    /// <summary>The .nupkg of RedisRepo.</summary>
    public static string Package => Path.Combine(Folder, $"RedisRepo.{Version}.nupkg");

    /// <summary>The .nupkg of RedisRepo.Testing.</summary>
    public static string TestingPackage => Path.Combine(Folder, $"RedisRepo.Testing.{Version}.nupkg");

    /// <summary>Writes the nuget.config that makes <paramref name="project"/> restore RedisRepo from the feed.</summary>
    public static void WriteNuGetConfig(string project) =>
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local-redisrepo" value="{Folder}" />
              </packageSources>
            </configuration>
            """);

    /// <summary>A consumer's build warnings, except NU1603: this machine's NuGet mirror lacks Microsoft.NET.StringTools 17.6.3 (MessagePack's lower bound) and resolves 17.7.2 instead.</summary>
    public static string[] Warnings(string buildOutput) =>
        buildOutput.Split('\n')
            .Where(line => line.Contains(": warning ", StringComparison.Ordinal) && !line.Contains("NU1603", StringComparison.Ordinal))
            .Select(line => line.Trim())
            .Distinct()
            .ToArray();

    private static (string, string) Pack()
    {
        string version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        string feed = Directory.CreateTempSubdirectory("redisrepo-feed-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Remove(feed, version);
        string repository = RepositoryRoot.Find();
        foreach (string project in (string[])["RedisRepo", "RedisRepo.Testing"])
        {
            DotNetCli.Run(repository, null, "pack", Path.Combine(repository, "src", project, project + ".csproj"), "-c", "Release", "-o", feed, $"-p:PackageVersion={version}");
        }
        return (feed, version);
    }

    private static void Remove(string feed, string version)
    {
        Directory.Delete(feed, recursive: true);
        foreach (string id in (string[])["redisrepo", "redisrepo.testing"])
        {
            string cached = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", id, version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true); // keep test versions out of the machine's package cache
            }
        }
    }
}
