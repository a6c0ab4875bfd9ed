using Microsoft.Extensions.DependencyInjection;
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
}
