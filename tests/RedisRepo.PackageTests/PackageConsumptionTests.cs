using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RedisRepo.Testing;
using RedisRepo.Tests.Shared;

namespace RedisRepo.PackageTests;

/// <summary>
/// Packs RedisRepo, then builds and runs a fresh consumer project whose only dependency is
/// <c>&lt;PackageReference Include="RedisRepo" /&gt;</c>, restored from a local folder feed.
/// </summary>
public sealed class PackageConsumptionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("redisrepo-package-").FullName;

    [Fact]
    public void One_package_reference_gives_a_consumer_generated_repositories_analyzers_and_a_working_redis_store()
    {
        AssertPackageLayout(LocalFeed.Package);

        string consumer = WriteConsumer();
        string build = DotNetCli.Run(consumer, null, "build", "-c", "Release");

        // The analyzers run in the consumer's build: its one KEYS call is RR1001, nothing else warns.
        string warning = Assert.Single(LocalFeed.Warnings(build));
        Assert.Contains("Admin.cs(8,", warning);
        Assert.Contains("warning RR1001", warning);

        using RedisServerProcess? server = RedisEndpoint.FromEnvironment() is null ? RedisServerProcess.Start() : null;
        string configuration = server?.Configuration ?? RedisEndpoint.FromEnvironment()!;
        string run = DotNetCli.Run(consumer, new Dictionary<string, string> { ["REDIS_URL"] = configuration }, "bin/Release/net10.0/Consumer.dll");

        Assert.Contains("read back AAPL x 12.5 from consumer:", run);
        Assert.Contains("count 1", run);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static void AssertPackageLayout(string nupkg)
    {
        using ZipArchive package = ZipFile.OpenRead(nupkg);
        string[] entries = package.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("lib/net10.0/RedisRepo.dll", entries);
        Assert.Contains("lib/net10.0/RedisRepo.xml", entries);
        Assert.Contains("analyzers/dotnet/cs/RedisRepo.Generators.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/RedisRepo.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/RedisRepo.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));

        // Written for the package page: every link absolute, into the repository the nuspec names.
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        string text = readme.ReadToEnd();
        XElement metadata = XDocument.Load(package.GetEntry("RedisRepo.nuspec")!.Open()).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string repository = (string)metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!;
        Assert.StartsWith("https://", repository);
        Assert.Equal(repository, metadata.Elements().Single(e => e.Name.LocalName == "projectUrl").Value);
        string[] links = Regex.Matches(text, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains($"{repository}/blob/main/docs/observability.md", links);
        Assert.All(links, link => Assert.Matches("^(https?://|#)", link));
        string root = RepositoryRoot.Find();
        Assert.All(links.Where(l => l.StartsWith(repository + "/blob/main/", StringComparison.Ordinal)), link =>
        {
            string path = Path.Combine(root, link[(repository + "/blob/main/").Length..].Split('#')[0]);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"the README links to {link}, which is not in the repository");
        });
    }

    private string WriteConsumer()
    {
        string consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);
        LocalFeed.WriteNuGetConfig(consumer);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>NU1603;RR1001</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RedisRepo" Version="{LocalFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Admin.cs"), """
            using StackExchange.Redis;

            public static class Admin
            {
                public static int CountQuotes(IConnectionMultiplexer connection)
                {
                    IServer server = connection.GetServer(connection.GetEndPoints()[0]);
                    return server.Keys(pattern: "market:quote:*").Count();
                }
            }
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using RedisRepo;
            using StackExchange.Redis;

            string configuration = Environment.GetEnvironmentVariable("REDIS_URL") ?? "localhost:6379";
            await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
            string prefix = $"consumer:{Guid.NewGuid():N}:";
            IQuoteRepository quotes = new QuoteRepository(new RedisRepoContext(connection, prefix));

            await quotes.SaveAsync(new Quote { Ticker = "AAPL", Price = 12.5m });
            Quote? read = await quotes.GetAsync("AAPL");
            Console.WriteLine($"read back {read?.Ticker} x {read?.Price} from {prefix}");
            Console.WriteLine($"count {await quotes.CountAsync()}");
            await quotes.DeleteAsync("AAPL");

            [RedisKey("market:quote:<Ticker>")]
            [Ttl(Minutes = 5)]
            public sealed class Quote
            {
                public string Ticker { get; set; } = "";
                public decimal Price { get; set; }
            }
            """);
        return consumer;
    }
}
