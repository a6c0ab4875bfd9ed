using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>
/// What the generator writes for representative models: every file compared with its approved
/// snapshot, and every scenario compiled with warnings as errors.
/// </summary>
public sealed class RepositorySnapshotTests
{
    [Fact]
    public void Model_with_a_fixed_ttl_gets_a_repository_formatter_and_registration()
    {
        Verify(nameof(Model_with_a_fixed_ttl_gets_a_repository_formatter_and_registration), """
            using System;
            using RedisRepo;

            namespace Finance;

            [RedisKey("finance:position:<Id>")]
            [Ttl(Days = 30)]
            public sealed class Position
            {
                public string Id { get; set; } = "";
                public string Ticker { get; set; } = "";
                public DateTime TransactionDate { get; set; }
                public decimal Quantity { get; set; }
            }
            """,
            "Finance.Position.RedisRepository.g.cs", "Finance.Position.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Composite_key_of_typed_parts_gives_typed_parameters()
    {
        Verify(nameof(Composite_key_of_typed_parts_gives_typed_parameters), """
            using System;
            using RedisRepo;

            namespace Shop;

            public enum Region { Europe, Asia = 7 }

            [RedisKey("shop:<Region>:tenant:<TenantId>:order:<Number>/<Token>")]
            [Persistent]
            public sealed class Order
            {
                public Region Region { get; init; }
                public Guid TenantId { get; init; }
                public long Number { get; init; }
                public string Token { get; init; } = "";
                public string? Note { get; set; }
            }
            """,
            "Shop.Order.RedisRepository.g.cs", "Shop.Order.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Internal_positional_record_in_the_global_namespace_gets_internal_types()
    {
        Verify(nameof(Internal_positional_record_in_the_global_namespace_gets_internal_types), """
            using RedisRepo;

            [RedisKey("account:<Number>")]
            [Persistent]
            internal sealed record Account(int Number, string Owner, decimal Balance)
            {
                public bool Frozen { get; set; }
            }
            """,
            "Account.RedisRepository.g.cs", "Account.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Nested_classes_and_collections_get_their_own_read_and_write_methods()
    {
        Verify(nameof(Nested_classes_and_collections_get_their_own_read_and_write_methods), """
            using System;
            using System.Collections.Generic;
            using RedisRepo;

            namespace Crm;

            [RedisKey("crm:customer:<Id>")]
            [Persistent]
            public sealed class Customer
            {
                public string Id { get; set; } = "";
                public Address Home { get; set; } = new() { City = "" };
                public List<Address> Previous { get; set; } = [];
                public Dictionary<string, int[]> Scores { get; set; } = [];
                public IReadOnlyList<Guid?> Links { get; set; } = [];
                public HashSet<string> Tags { get; set; } = [];
                public byte[]? Avatar { get; set; }
                public int Count => Previous.Count;
            }

            public sealed class Address
            {
                public string Street { get; set; } = "";
                public Address? Before { get; set; }
                public required string City { get; init; }
            }
            """,
            "Crm.Customer.RedisRepository.g.cs", "Crm.Customer.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Per_entity_and_sliding_ttls_shape_the_model_description()
    {
        Verify(nameof(Per_entity_and_sliding_ttls_shape_the_model_description), """
            using System;
            using RedisRepo;

            namespace Cache;

            [RedisKey("cache:earnings:<Ticker>")]
            public sealed class Earnings
            {
                public string Ticker { get; set; } = "";
                public DateTimeOffset ReportDate { get; set; }
                [Ttl] public DateTimeOffset? ExpiresAt => ReportDate == default ? null : ReportDate.AddDays(1);
            }

            [RedisKey("cache:session:<Id>")]
            [Ttl(Minutes = 30, Sliding = true)]
            public sealed class Session
            {
                public string Id { get; set; } = "";
            }
            """,
            "Cache.Earnings.RedisRepository.g.cs", "Cache.Earnings.RedisFormatter.g.cs", "Cache.Session.RedisRepository.g.cs", "Cache.Session.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Equality_unique_and_range_indexes_add_typed_queries()
    {
        Verify(nameof(Equality_unique_and_range_indexes_add_typed_queries), """
            using System;
            using RedisRepo;

            namespace Finance;

            public enum Side { Buy, Sell }

            [RedisKey("finance:trade:<Id>")]
            [Ttl(Days = 30)]
            public sealed class Trade
            {
                public Guid Id { get; set; }
                [Index] public string Ticker { get; set; } = "";
                [Index] public Side? Side { get; set; }
                [Index(Unique = true)] public string Reference { get; set; } = "";
                [SortedIndex, Index] public DateTime ExecutedAt { get; set; }
                [SortedIndex] public decimal Quantity { get; set; }
                [Index(Name = "venue")] public string Venue => Ticker.Length > 3 ? "XNAS" : "XNYS";
            }
            """,
            "Finance.Trade.RedisRepository.g.cs", "Finance.Trade.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Derived_query_methods_are_implemented_from_their_names()
    {
        Verify(nameof(Derived_query_methods_are_implemented_from_their_names), """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using RedisRepo;

            namespace Shop;

            public enum OrderStatus { Open, Shipped }

            [RedisKey("shop:order:<Id>")]
            [Persistent]
            public sealed class Order
            {
                public string Id { get; set; } = "";
                [Index] public string CustomerId { get; set; } = "";
                [Index] public OrderStatus Status { get; set; }
                [SortedIndex] public DateTime PlacedAt { get; set; }
                [SortedIndex] public decimal? Total { get; set; }
            }

            public partial interface IOrderRepository
            {
                Task<IReadOnlyList<Order>> FindByCustomerIdAndStatusAsync(string customerId, OrderStatus status, CancellationToken cancellationToken = default);
                Task<long> CountByStatusInAsync(IEnumerable<OrderStatus> statuses, CancellationToken cancellationToken = default);
                Task<ResultPage<Order>> FindByCustomerIdOrderByPlacedAtDescendingAsync(string customerId, PageRequest page, CancellationToken cancellationToken = default);
                Task<bool> ExistsByStatusOrTotalGreaterThanAsync(OrderStatus status, decimal? total);
                Task<long> DeleteByPlacedAtBetweenAsync(DateTime from, DateTime to, CancellationToken cancellationToken = default);
            }
            """,
            "Shop.Order.RedisQueries.g.cs", "Shop.Order.RedisRepository.g.cs", "Shop.Order.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Versioned_model_with_a_unique_index_checks_and_moves_its_version()
    {
        Verify(
            nameof(Versioned_model_with_a_unique_index_checks_and_moves_its_version),
            """
            using RedisRepo;

            namespace Bank;

            [RedisKey("bank:wallet:<Id>")]
            [Persistent]
            public sealed class Wallet
            {
                public string Id { get; set; } = "";
                public decimal Balance { get; set; }
                [Index(Unique = true)] public string? Iban { get; set; }
                [Version] public long Version { get; set; }
            }
            """,
            "Bank.Wallet.RedisRepository.g.cs", "Bank.Wallet.RedisFormatter.g.cs", "RedisRepositories.g.cs");
    }

    [Fact]
    public void Generated_lines_stay_within_120_columns()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System;
            using RedisRepo;
            namespace Finance.Trading.Desks;
            [RedisKey("finance:trade:<Desk>:<Id>")]
            [Ttl(Days = 30)]
            public sealed class Trade
            {
                public string Desk { get; set; } = "";
                public Guid Id { get; set; }
                [Index] public string Ticker { get; set; } = "";
                [Index(Unique = true)] public string? Reference { get; set; }
                [SortedIndex] public DateTimeOffset SettledAt { get; set; }
                public System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<decimal>> Lots { get; set; } = new();
            }
            """).AssertCleanCompile();

        foreach (var source in output.Sources)
        {
            string? tooLong = source.SourceText.ToString().Split('\n').FirstOrDefault(l => l.Length > 120);
            Assert.True(tooLong is null, $"{source.HintName}: a line of {tooLong?.Length} columns: {tooLong?.Trim()}");
        }
    }

    [Fact]
    public void Every_build_writes_byte_identical_output()
    {
        const string Source = """
            using RedisRepo;
            namespace N;
            [RedisKey("b:<Id>")] [Persistent] public sealed class B { public string Id { get; set; } = ""; }
            [RedisKey("a:<Id>")] [Persistent] public sealed class A { public string Id { get; set; } = ""; }
            """;

        string[] first = GeneratorHarness.Run(Source).Sources.Select(s => s.HintName + s.SourceText).ToArray();
        string[] second = GeneratorHarness.Run(Source).Sources.Select(s => s.HintName + s.SourceText).ToArray();

        Assert.Equal(first, second);
        Assert.Contains("TryAddSingleton<global::N.ARepository>(", GeneratorHarness.Run(Source).FlatSource("RedisRepositories.g.cs").Split("BRepository")[0]);
    }

    private static void Verify(string scenario, string source, params string[] expectedFiles)
    {
        GeneratorOutput output = GeneratorHarness.Run(source).AssertCleanCompile();

        Assert.Equal(expectedFiles.Order(StringComparer.Ordinal), output.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        foreach (var file in output.Sources)
        {
            string text = file.SourceText.ToString();
            Assert.StartsWith("// <auto-generated/>", text);
            Snapshot.Match(text, $"{scenario}#{file.HintName}");
        }
    }
}
