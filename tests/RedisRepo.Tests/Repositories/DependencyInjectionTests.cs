using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RedisRepo.Tests.ExternalModels;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Repositories;

public sealed class DependencyInjectionTests : RedisTest
{
    [Fact]
    public async Task Configuration_string_and_generated_registration_give_working_repositories()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(options =>
        {
            options.Configuration = RedisServer.Configuration;
            options.KeyPrefix = Prefix;
        });
        services.AddRedisRepositories();
        await using ServiceProvider provider = services.BuildServiceProvider();

        var positions = provider.GetRequiredService<IPositionRepository>();
        await positions.SaveAsync(new Position { Id = "di-1", Ticker = "AAPL" });

        Assert.Same(positions, provider.GetRequiredService<PositionRepository>());
        Assert.Equal("AAPL", (await provider.GetRequiredService<PositionRepository>().GetAsync("di-1"))!.Ticker);
        Assert.Contains("finance:position:di-1", await KeysAsync());
    }

    [Fact]
    public async Task An_existing_connection_is_shared_and_not_disposed_with_the_container()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(Connection, options => options.KeyPrefix = Prefix);
        services.AddRedisRepositories();

        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.Same(Connection, provider.GetRequiredService<RedisRepoContext>().Connection);
            await provider.GetRequiredService<IDeviceRepository>().SaveAsync(new Device { Id = Guid.NewGuid() });
        }

        Assert.True(Connection.IsConnected);
    }

    [Fact]
    public async Task Repositories_of_a_referenced_assembly_are_registered_too()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(Connection, options => options.KeyPrefix = Prefix);
        services.AddRedisRepositories();
        await using ServiceProvider provider = services.BuildServiceProvider();

        var invoices = provider.GetRequiredService<IInvoiceRepository>();
        await invoices.SaveAsync(new Invoice { Number = 1001, Amount = 99.5m });

        Assert.Equal(99.5m, (await invoices.GetAsync(1001))!.Amount);
        Assert.Contains("billing:invoice:1001", await KeysAsync());
    }

    [Fact]
    public void Registering_twice_keeps_one_registration_per_repository()
    {
        var services = new ServiceCollection();
        services.AddRedisRepositories();
        services.AddRedisRepositories();

        Assert.Single(services, d => d.ServiceType == typeof(IPositionRepository));
        Assert.Single(services, d => d.ServiceType == typeof(PositionRepository));
    }

    [Fact]
    public void Missing_connection_fails_on_first_use_with_instructions()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(_ => { });
        services.AddRedisRepositories();
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IPositionRepository>());

        Assert.Contains("RedisRepoOptions.Configuration", error.Message);
    }

    [Fact]
    public void A_registered_connection_is_used_when_no_configuration_is_given()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(Connection);
        services.AddRedisRepo(options => options.KeyPrefix = Prefix);
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(Connection, provider.GetRequiredService<RedisRepoContext>().Connection);
    }

    [Fact]
    public void A_configuration_section_binds_every_option()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Configuration,
            ["Redis:KeyPrefix"] = Prefix,
            ["Redis:Database"] = "2",
            ["Redis:CacheLockLease"] = "00:00:45",
            ["Redis:CacheLockWait"] = "00:00:03",
            ["Redis:UniqueClaimLease"] = "00:01:00",
            ["Redis:WaitForReplicas"] = "1",
            ["Redis:ReplicaWaitTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection();
        services.AddRedisRepo(configuration.GetSection("Redis"));
        using ServiceProvider provider = services.BuildServiceProvider();

        RedisRepoContext context = provider.GetRequiredService<RedisRepoContext>();

        Assert.Equal((Prefix, 2, 1), (context.KeyPrefix, context.DatabaseNumber, context.WaitForReplicas));
        Assert.Equal(
            (TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2)),
            (context.CacheLockLease, context.CacheLockWait, context.UniqueClaimLease, context.ReplicaWaitTimeout));
        Assert.True(context.Connection.IsConnected);
        Assert.Equal(RedisServer.Configuration, provider.GetRequiredService<IOptions<RedisRepoOptions>>().Value.Configuration);
    }

    [Fact]
    public void The_configuration_binding_generator_binds_the_options_as_in_a_NativeAOT_app()
    {
        // This project sets EnableConfigurationBindingGenerator, so these calls are the generated
        // binder, not reflection: the options type has no member it cannot bind (an
        // IConnectionMultiplexer property was CS0619 here).
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = RedisServer.Configuration,
            ["Redis:KeyPrefix"] = Prefix,
            ["Redis:CacheLockWait"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection();
        services.AddRedisRepo(Connection);
        services.Configure<RedisRepoOptions>(configuration.GetSection("Redis"));
        using ServiceProvider provider = services.BuildServiceProvider();

        RedisRepoOptions bound = configuration.GetSection("Redis").Get<RedisRepoOptions>()!;
        RedisRepoContext context = provider.GetRequiredService<RedisRepoContext>();

        Assert.Equal((RedisServer.Configuration, Prefix, TimeSpan.FromSeconds(3)), (bound.Configuration, bound.KeyPrefix, bound.CacheLockWait));
        Assert.Null(bound.GetConnection());
        Assert.Equal((Prefix, TimeSpan.FromSeconds(3)), (context.KeyPrefix, context.CacheLockWait));
        Assert.Same(Connection, context.Connection); // binding leaves the shared connection alone
    }

    [Fact]
    public void The_Connection_property_of_earlier_versions_still_compiles_and_shares_the_connection()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(options =>
        {
            options.Connection = Connection; // now an extension property over UseConnection
            options.KeyPrefix = Prefix;
        });
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(Connection, provider.GetRequiredService<RedisRepoContext>().Connection);
        Assert.Same(Connection, provider.GetRequiredService<IOptions<RedisRepoOptions>>().Value.Connection);
    }

    [Fact]
    public void Configure_of_RedisRepoOptions_composes_with_AddRedisRepo()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(Connection);
        services.Configure<RedisRepoOptions>(options => options.KeyPrefix = Prefix + "composed:");
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Equal(Prefix + "composed:", provider.GetRequiredService<RedisRepoContext>().KeyPrefix);
    }

    [Fact]
    public async Task A_later_AddRedisRepo_wins_so_a_test_host_can_point_the_app_at_its_own_redis()
    {
        await using ConnectionMultiplexer appConnection = await ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration);
        var services = new ServiceCollection();
        services.AddRedisRepo(appConnection, options => options.KeyPrefix = Prefix + "app:"); // the app's setup
        services.AddRedisRepositories();
        services.AddRedisRepo(options => // the test's override, e.g. in ConfigureTestServices
        {
            options.Configuration = RedisServer.Configuration;
            options.KeyPrefix = Prefix + "test:";
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        RedisRepoContext context = provider.GetRequiredService<RedisRepoContext>();
        await provider.GetRequiredService<IPositionRepository>().SaveAsync(new Position { Id = "p1" });

        Assert.NotSame(appConnection, context.Connection);
        Assert.Equal(["test:finance:position#ids", "test:finance:position:p1"], (await KeysAsync()).Where(k => k.Contains("position", StringComparison.Ordinal)));
    }

    [Fact]
    public void Repositories_without_AddRedisRepo_fail_with_a_message_that_says_to_call_it()
    {
        var services = new ServiceCollection();
        services.AddRedisRepositories();
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IPositionRepository>());

        Assert.Contains("PositionRepository", error.Message);
        Assert.Contains("services.AddRedisRepo(", error.Message);
    }

    [Fact]
    public async Task A_repository_resolves_while_redis_is_down_and_its_calls_fail_with_the_clients_own_exception()
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(options => options.Configuration = "127.0.0.1:1,connectTimeout=500,connectRetry=0"); // nothing listens there
        services.AddRedisRepositories();
        await using ServiceProvider provider = services.BuildServiceProvider();

        // An app's host roots its service provider. Here the only reference is this test's own
        // async state machine, which nothing roots while the GET waits in the backlog of a
        // connection that never comes up (no socket, and between runs of the backlog processor):
        // a GC then collected the whole multiplexer, and PhysicalBridge's finalizer failed the GET
        // with ObjectDisposedException ("Connection is being finalized"), once in a CI run. The
        // handle roots the provider as a host would.
        GCHandle root = GCHandle.Alloc(provider);
        try
        {
            var positions = provider.GetRequiredService<IPositionRepository>(); // does not throw

            await Assert.ThrowsAnyAsync<RedisConnectionException>(() => positions.GetAsync("p1"));
        }
        finally
        {
            root.Free();
        }
    }
}
