using System.Globalization;
using RedisRepo.Benchmarks.HandWritten;
using RedisRepo.Benchmarks.Model;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks;

/// <summary>
/// Server time per saved entity, from Redis's own accounting (INFO commandstats, usec per
/// command), for RedisRepo's SaveMany and the F2/F3 baselines: `RedisRepo.Benchmarks --server-cost`.
/// Each pattern updates 10,000 stored entities 5 times after CONFIG RESETSTAT; the table is every
/// command's time divided by the entities saved.
/// </summary>
public static class ServerCost
{
    private const int Entities = 10_000, Rounds = 5;

    public static async Task RunAsync()
    {
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(BenchmarkRedis.Configuration + ",allowAdmin=true");
        IServer server = admin.GetServer(admin.GetEndPoints()[0]);
        SavePosition[] positions = Enumerable.Range(0, Entities).Select(SavePosition.Create).ToArray();
        string prefix = BenchmarkRedis.NewPrefix("servercost");
        var generated = new SavePositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, prefix + "gen:"));
        var f2 = new F2Store(BenchmarkRedis.Connection, prefix + "f2:");
        var f3 = new F3Store(BenchmarkRedis.Connection, prefix + "f3:");
        (string Name, Func<Task> Save)[] patterns =
        [
            ("F2: hand-written, insert-only", () => f2.SaveManyAsync(positions)),
            ("F3: hand-written, same guarantees", () => f3.SaveManyAsync(positions)),
            ("RedisRepo SaveManyAsync", () => generated.SaveManyAsync(positions)),
        ];

        Console.WriteLine($"Server time per entity, {Entities:N0} updates x {Rounds} (INFO commandstats), redis {server.Version}:");
        Console.WriteLine("| pattern | server µs per entity | commands per entity |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach ((string name, Func<Task> save) in patterns)
        {
            await save(); // the first save inserts; the measured ones update
            await server.ConfigResetStatisticsAsync();
            for (int round = 0; round < Rounds; round++)
            {
                await save();
            }

            (double usec, long calls) = Totals(await server.InfoAsync("commandstats"));
            double perEntity = usec / (Entities * Rounds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perEntity:F2} | {(double)calls / (Entities * Rounds):F3} |"));
        }

        BenchmarkRedis.DeleteKeys(prefix);
    }

    /// <summary>Total usec and calls over every command except INFO and CONFIG (this tool's own).</summary>
    private static (double Usec, long Calls) Totals(IGrouping<string, KeyValuePair<string, string>>[] info)
    {
        double usec = 0;
        long calls = 0;
        foreach (KeyValuePair<string, string> stat in info.SelectMany(g => g))
        {
            if (!stat.Key.StartsWith("cmdstat_", StringComparison.Ordinal) || stat.Key is "cmdstat_info" or "cmdstat_config")
            {
                continue;
            }

            foreach (string field in stat.Value.Split(','))
            {
                string[] pair = field.Split('=');
                if (pair[0] == "usec")
                {
                    usec += double.Parse(pair[1], CultureInfo.InvariantCulture);
                }
                else if (pair[0] == "calls")
                {
                    calls += long.Parse(pair[1], CultureInfo.InvariantCulture);
                }
            }
        }

        return (usec, calls);
    }
}
