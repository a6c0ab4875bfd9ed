using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RedisRepo.Benchmarks;
using RedisRepo.Benchmarks.Model;

// In process (one redis-server for the whole run, no child builds), a fixed number of
// iterations so that the whole suite fits in minutes on a 2-core machine. A job given on the
// command line (--job Dry, --job Short) replaces that job instead of running next to it, still in
// process, so a dry run is only a dry run.
bool jobFromCommandLine = args.Any(arg => arg is "--job" or "-j" || arg.StartsWith("--job=", StringComparison.Ordinal));
if (jobFromCommandLine && !args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase))
{
    args = [.. args, "--inProcess"];
}

IConfig config = ManualConfig.CreateEmpty()
    .AddJob(jobFromCommandLine
        ? []
        : [Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithId("InProcess")])
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddColumn(BaselineRatioColumn.RatioMean, BaselineAllocationRatioColumn.RatioMean)
    .AddExporter(MarkdownExporter.GitHub)
    .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
    .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
    .WithOptions(ConfigOptions.DisableLogFile);

if (args.Contains("--server-cost"))
{
    await ServerCost.RunAsync();
    return;
}

Console.WriteLine($"Redis: {BenchmarkRedis.Configuration}; entity payload {Positions.PayloadBytes} bytes");
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkRedis).Assembly).Run(args, config);
