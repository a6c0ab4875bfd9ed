using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RedisRepo.Testing;

namespace RedisRepo.PackageTests;

/// <summary>
/// A minimal-API web app on the packed package, published with PublishAot=true (the request
/// delegate generator and the configuration binding generator on, warnings as errors), then run
/// against a real Redis: save, get and FindBy through route handlers that inject a generated
/// repository. The app declares <c>public partial interface IPositionRepository;</c>, the design
/// docs/aspnetcore.md describes: generators do not see each other's output, and that one line is
/// what lets the request delegate generator see the generated interface.
/// </summary>
public sealed class NativeAotWebAppTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("redisrepo-aot-").FullName;

    [Fact]
    public async Task A_minimal_api_app_that_injects_generated_repositories_publishes_as_NativeAOT_and_serves_requests()
    {
        string app = WriteApp();
        string publish = DotNetCli.Run(app, null, "publish", "-c", "Release", "-r", "linux-x64", "-o", Path.Combine(app, "out"));
        // MessagePack 2.5 (a dependency) reports trim/AOT warnings of its own dynamic resolvers, which
        // RedisRepo's generated formatters never use; nothing else may warn, RedisRepo least of all.
        Assert.All(LocalFeed.Warnings(publish), warning => Assert.Matches(@"messagepack[\/]2\.5\.\d+[\/]lib[\/][^ ]*MessagePack\.dll : warning IL(3053|2104)", warning));
        Assert.DoesNotContain("Assembly 'RedisRepo' produced", publish);
        string binary = Path.Combine(app, "out", "AotApp");
        Assert.True(File.Exists(binary), $"no native binary at {binary}:\n{publish}");
        Assert.False(File.Exists(Path.Combine(app, "out", "AotApp.dll")), "the app was published as IL, not NativeAOT");

        using RedisServerProcess? server = RedisEndpoint.FromEnvironment() is null ? RedisServerProcess.Start() : null;
        string configuration = server?.Configuration ?? RedisEndpoint.FromEnvironment()!;
        int port = RedisServerProcess.FreePort();
        using Process process = StartApp(binary, configuration, port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilListeningAsync(http, process);

            HttpResponseMessage created = await http.PostAsJsonAsync("/positions", new { id = "p1", ticker = "AAPL", quantity = 12.5m });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await http.PostAsJsonAsync("/positions", new { id = "p2", ticker = "AAPL", quantity = 3m });
            await http.PostAsJsonAsync("/positions", new { id = "p3", ticker = "MSFT", quantity = 1m });

            JsonElement read = await http.GetFromJsonAsync<JsonElement>("/positions/p1");
            Assert.Equal(("AAPL", 12.5m), (read.GetProperty("ticker").GetString(), read.GetProperty("quantity").GetDecimal()));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/positions/missing")).StatusCode);
            JsonElement found = await http.GetFromJsonAsync<JsonElement>("/positions?ticker=AAPL");
            Assert.Equal(["p1", "p2"], found.EnumerateArray().Select(p => p.GetProperty("id").GetString()).Order());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static Process StartApp(string binary, string configuration, int port)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Redis__Configuration"] = configuration;
        start.Environment["Redis__KeyPrefix"] = $"aot:{Guid.NewGuid():N}:";
        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the app accepts connections (its health endpoint answers), failing early if it exits.</summary>
    private static async Task WaitUntilListeningAsync(HttpClient http, Process process)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"the app exited with {(process.HasExited ? process.ExitCode : 0)} before listening");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (limit.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50); // not listening yet: poll the socket
            }

            Assert.True(limit.Elapsed < TimeSpan.FromSeconds(30), "the app did not answer /health within 30 s");
        }
    }

    private string WriteApp()
    {
        string app = Path.Combine(_work, "AotApp");
        Directory.CreateDirectory(app);
        LocalFeed.WriteNuGetConfig(app);
        File.WriteAllText(Path.Combine(app, "AotApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <PublishAot>true</PublishAot>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>NU1603;IL2104;IL3053</WarningsNotAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RedisRepo" Version="{LocalFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Text.Json.Serialization;
            using RedisRepo;
            using Shop;

            var builder = WebApplication.CreateSlimBuilder(args);
            builder.Services.AddRedisRepo(builder.Configuration.GetSection("Redis"));
            builder.Services.Configure<RedisRepoOptions>(builder.Configuration.GetSection("Redis")); // the binding generator's path
            builder.Services.AddRedisRepositories();
            builder.Services.AddHealthChecks().AddRedisRepo();
            builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));

            var app = builder.Build();
            app.MapHealthChecks("/health");
            app.MapPost("/positions", async Task<IResult> (Position position, IPositionRepository positions) =>
            {
                await positions.SaveAsync(position);
                return Results.Created($"/positions/{position.Id}", position);
            });
            app.MapGet("/positions/{id}", async Task<IResult> (string id, IPositionRepository positions) =>
                await positions.GetAsync(id) is { } position ? Results.Ok(position) : Results.NotFound());
            app.MapGet("/positions", async Task<IResult> (string ticker, IPositionRepository positions) =>
                Results.Ok(await positions.FindByTickerAsync(ticker)));
            app.Run();

            [JsonSerializable(typeof(Position))]
            [JsonSerializable(typeof(IReadOnlyList<Position>))]
            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
            internal sealed partial class AppJson : JsonSerializerContext;

            namespace Shop
            {
                [RedisKey("shop:position:<Id>")]
                [Persistent]
                public sealed class Position
                {
                    public string Id { get; set; } = "";

                    [Index] public string Ticker { get; set; } = "";

                    public decimal Quantity { get; set; }
                }

                /// <summary>The generated repository interface, declared here too so the request delegate generator can see it.</summary>
                public partial interface IPositionRepository;
            }
            """);
        return app;
    }
}
