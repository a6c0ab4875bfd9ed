using RedisRepo.Testing;
using RedisRepo.Tests.Shared;

namespace RedisRepo.PackageTests;

/// <summary>The sample a newcomer runs first keeps working: it runs to the end and exits 0.</summary>
public sealed class SampleTests
{
    [Fact]
    public void Finance_sample_prints_what_it_did_and_exits_zero()
    {
        string root = RepositoryRoot.Find();
        string sample = Path.Combine(root, "samples", "Finance", "bin", "Release", "net10.0", "Finance.dll");
        Assert.True(File.Exists(sample), $"{sample} is missing: build the solution in Release first (eng/test.sh does).");

        // With no REDIS_URL the sample starts its own redis-server, as a newcomer's run does.
        var environment = new Dictionary<string, string>();
        if (RedisEndpoint.FromEnvironment() is { } configuration)
        {
            environment["REDIS_URL"] = configuration;
        }

        string output = DotNetCli.Run(root, environment, sample);

        Assert.Contains("Saved 3 positions; p-2 is MSFT.", output);
        Assert.Contains("AAPL positions: p-1, p-3; acc-7 holds 2.", output);
        Assert.Contains("Bought 5-30 Nov, newest first: p-3, p-2", output);
        Assert.Contains("After p-3 moved to MSFT: AAPL p-1; MSFT p-2, p-3.", output);
        Assert.Contains("Refused: Trader.SaveAsync: Email 'ann@example.com' is already held by the Trader with key id 'ann'", output);
        Assert.Contains("ann@example.com belongs to ann; bob exists: False.", output);
        Assert.Contains("Batch: p-4 and bob/chips saved together; acc-9 holds 2.", output);
        Assert.Contains("cached copy matches; expires in 60 s.", output);
        Assert.Contains("Market value of all positions: 2940.00", output);
        Assert.Contains("Watchlist ann/tech: AAPL, MSFT, NVDA", output);
        Assert.Contains("After deleting p-3: p-1, p-2", output);
        Assert.Contains("Cleaned up; 0 positions left. Done.", output);
    }
}
