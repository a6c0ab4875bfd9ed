using System.Globalization;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Indexes;

/// <summary>
/// [Index(IgnoreCase = true)]: lookups, counts, queries and uniqueness treat values that differ
/// only in case as one (ToUpperInvariant, whatever the current culture); the entity keeps its spelling.
/// </summary>
public sealed class IgnoreCaseIndexTests : RedisTest
{
    private CustomerRepository Customers => new(Context);

    [Fact]
    public async Task Lookups_find_a_value_in_any_case_and_the_entity_keeps_its_spelling()
    {
        await Customers.SaveAsync(new Customer { Id = "c1", Email = "Ann@Example.com", City = "Zürich", Segment = "Retail" });
        await Customers.SaveAsync(new Customer { Id = "c2", Email = "bob@example.com", City = "ZÜRICH", Segment = "retail" });

        Assert.Equal("Ann@Example.com", (await Customers.GetByEmailAsync("ann@EXAMPLE.COM"))?.Email);
        Assert.Equal(["c1", "c2"], (await Customers.FindByCityAsync("zürich")).Select(c => c.Id).Order());
        Assert.Equal(2, await Customers.CountByCityAsync("ZüRiCh"));
        Assert.Equal(["c1", "c2"], (await Customers.FindByCityInAsync(["zurich", "zÜrich"])).Select(c => c.Id).Order());
        Assert.Equal(["c1"], (await Customers.FindBySegmentAsync("Retail")).Select(c => c.Id)); // a plain index stays case-sensitive
    }

    [Fact]
    public async Task A_unique_value_in_another_case_is_a_conflict()
    {
        await Customers.SaveAsync(new Customer { Id = "c1", Email = "Ann@Example.com" });

        var conflict = await Assert.ThrowsAsync<RedisRepoUniqueConstraintException>(() => Customers.SaveAsync(new Customer { Id = "c2", Email = "ANN@example.COM" }));

        Assert.Contains("c1", conflict.Message);
        Assert.Null(await Customers.GetAsync("c2"));
    }

    [Fact]
    public async Task The_normalisation_is_culture_invariant()
    {
        CultureInfo before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR"); // where "i".ToUpper() is "İ"
            await Customers.SaveAsync(new Customer { Id = "c1", Email = "iris@example.com", City = "İstanbul" });

            Assert.NotNull(await Customers.GetByEmailAsync("IRIS@EXAMPLE.COM"));
            Assert.Empty(await Customers.FindByCityAsync("istanbul")); // invariant: 'İ' is not 'I'
            Assert.Single(await Customers.FindByCityAsync("İSTANBUL"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
