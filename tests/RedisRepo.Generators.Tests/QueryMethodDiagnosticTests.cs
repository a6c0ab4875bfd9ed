using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>
/// Derived query methods: every mistake in a declared method is a diagnostic on it (RR0020-RR0025),
/// and near misses (names that contain And/Or/In inside a property, overloads with paging) compile clean.
/// </summary>
public sealed class QueryMethodDiagnosticTests
{
    private static GeneratorOutput Run(string methods) => GeneratorHarness.Run(Source(methods));

    private static string Source(string methods) => $$"""
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
            [Index] public string Brand { get; set; } = "";
            [Index] public string BrandOrigin { get; set; } = "";
            [Index(Unique = true)] public string Reference { get; set; } = "";
            [SortedIndex] public DateTime PlacedAt { get; set; }
            [SortedIndex, Index] public decimal Total { get; set; }
            [Index] public string Event { get; set; } = "";
            public string Note { get; set; } = "";
        }
        public partial interface IOrderRepository
        {
        {{methods}}
        }
        """;

    [Theory]
    [InlineData("Task<long> CountByCustomerId(string customerId);", "does not end with Async")]
    [InlineData("Task<long> TallyByCustomerIdAsync(string customerId);", "does not start with FindBy, CountBy, ExistsBy or DeleteBy")]
    [InlineData("Task<long> CountByAsync();", "a condition is missing")]
    [InlineData("Task<long> CountByCustomerIdAndAsync(string customerId);", "a condition is missing")]
    [InlineData("Task<long> CountByCustomerIdLikeAsync(string customerId);", "'Like' after 'CustomerId'")]
    public void A_name_that_does_not_parse_is_RR0020(string method, string problem) =>
        AssertSingle(method, "RR0020", problem);

    [Theory]
    [InlineData("Task<long> CountByNoteAsync(string note);", "'Note' is not an indexed property of Order")]
    [InlineData("Task<long> CountByCustomerAsync(string customer);", "'Customer' is not an indexed property")]
    [InlineData("Task<long> CountByPlacedAtAsync(DateTime placedAt);", "equality on 'PlacedAt' needs [Index]")]
    [InlineData("Task<long> CountByReferenceAsync(string reference);", "GetByReferenceAsync")]
    [InlineData("Task<long> CountByStatusGreaterThanAsync(OrderStatus status);", "GreaterThan on 'Status' needs [SortedIndex]")]
    [InlineData("Task<IReadOnlyList<Order>> FindByStatusOrderByCustomerIdAsync(OrderStatus status);", "OrderByCustomerId needs [SortedIndex]")]
    public void A_condition_on_a_property_not_indexed_for_it_is_RR0021(string method, string problem) =>
        AssertSingle(method, "RR0021", problem);

    [Theory]
    [InlineData("Task<long> CountByCustomerIdAndStatusAsync(OrderStatus status, string customerId);", "parameter 1 'status' is Shop.OrderStatus, where string for CustomerId is expected")]
    [InlineData("Task<long> CountByCustomerIdAsync();", "parameter 1 (string for CustomerId) is missing")]
    [InlineData("Task<long> CountByStatusInAsync(OrderStatus status);", "where a collection of Shop.OrderStatus for StatusIn is expected")]
    [InlineData("Task<long> CountByPlacedAtBetweenAsync(DateTime from);", "parameter 2 (DateTime for PlacedAtBetween) is missing")]
    [InlineData("Task<long> CountByCustomerIdAsync(string customerId, int extra);", "parameter 2 'extra' (int) matches no condition")]
    public void Parameters_that_do_not_match_the_conditions_are_RR0022(string method, string problem) =>
        AssertSingle(method, "RR0022", problem);

    [Theory]
    [InlineData("Task<int> CountByCustomerIdAsync(string customerId);", "must return Task<long>, not Task<int>")]
    [InlineData("Task<List<Order>> FindByCustomerIdAndStatusAsync(string customerId, OrderStatus status);", "must return Task<IReadOnlyList<Shop.Order>>")]
    [InlineData("Task<IReadOnlyList<Order>> FindByCustomerIdAndStatusAsync(string customerId, OrderStatus status, PageRequest page);", "must return Task<ResultPage<Shop.Order>>")]
    [InlineData("ValueTask<bool> ExistsByCustomerIdAsync(string customerId);", "must return Task<bool>")]
    public void A_return_type_that_does_not_match_the_verb_is_RR0023(string method, string problem) =>
        AssertSingle(method, "RR0023", problem);

    [Theory]
    [InlineData("Task<IReadOnlyList<Order>> FindByStatusOrBrandOrderByPlacedAtAsync(OrderStatus status, string brand);", "OrderBy with Or is not supported")]
    [InlineData("Task<long> CountByStatusOrderByPlacedAtAsync(OrderStatus status);", "OrderBy applies to FindBy only")]
    [InlineData("Task<long> CountByStatusAsync(OrderStatus status, PageRequest page);", "a PageRequest applies to FindBy only")]
    public void An_unsupported_combination_is_RR0024(string method, string problem) =>
        AssertSingle(method, "RR0024", problem);

    [Theory]
    [InlineData("Task<IReadOnlyList<Order>> FindByCustomerIdAsync(string customerId, CancellationToken cancellationToken = default);", "[Index] Order.CustomerId")]
    [InlineData("Task<long> CountByTotalBetweenAsync(decimal min, decimal max, CancellationToken cancellationToken = default);", "[SortedIndex] Order.Total")]
    [InlineData("Task<ResultPage<Order>> FindByCustomerIdAsync(string customerId, PageRequest page, CancellationToken cancellationToken = default);", "[Index] Order.CustomerId")]
    public void A_method_with_the_signature_of_a_generated_one_is_RR0025(string method, string problem) =>
        AssertSingle(method, "RR0025", problem);

    [Fact]
    public void Near_misses_compile_clean_and_are_implemented()
    {
        GeneratorOutput output = Run("""
            Task<IReadOnlyList<Order>> FindByBrandOriginAsync(string brandOrigin);
            Task<IReadOnlyList<Order>> FindByBrandOrStatusAsync(string brand, OrderStatus status);
            Task<ResultPage<Order>> FindByCustomerIdAndStatusAsync(string customerId, OrderStatus status, PageRequest page, CancellationToken cancellationToken = default);
            Task<long> CountByStatusInAsync(OrderStatus[] statuses);
            Task<bool> ExistsByTotalAndTotalGreaterThanAsync(decimal total, decimal minimum);
            Task<IReadOnlyList<Order>> FindByStatusOrderByPlacedAtAscendingAsync(OrderStatus status, CancellationToken cancellationToken = default);
            Task<IReadOnlyList<Order>> FindByPlacedAtLessThanOrderByTotalDescendingAsync(DateTime before);
            Task<long> DeleteByCustomerIdInAsync(List<string> customerIds);
            Task<bool> ExistsByEventAsync(string @event);
            """);

        output.AssertCleanCompile();
        string source = output.Source("Shop.Order.RedisQueries.g.cs");
        Assert.Contains("FindByBrandOriginAsync(", source);
        Assert.Contains("_store.DeleteAsync(query, \"DeleteByCustomerIdInAsync\"", source);
        Assert.Contains(".Or(", source);
        Assert.Contains("descending: true", source);
        Assert.Contains("ExistsByEventAsync(string @event)", output.FlatSource("Shop.Order.RedisQueries.g.cs")); // a keyword parameter stays escaped
    }

    [Fact]
    public void A_method_with_a_diagnostic_gets_a_member_that_throws_so_the_diagnostic_is_the_only_error()
    {
        GeneratorOutput output = Run("Task<long> CountByNoteAsync(string note);");

        Assert.Equal(["RR0021"], output.DiagnosticIds);
        Assert.Empty(output.CompilationProblems); // no CS0535 "does not implement" beside it
        Assert.Contains("throw new global::System.NotSupportedException(", output.Source("Shop.Order.RedisQueries.g.cs"));
    }

    private static void AssertSingle(string method, string id, string problem)
    {
        var diagnostic = Assert.Single(Run(method).GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage());
        Assert.Contains("IOrderRepository", diagnostic.GetMessage());
        string source = Source(method);
        int line = source.Substring(0, source.IndexOf(method, StringComparison.Ordinal)).Count(c => c == '\n');
        Assert.Equal(line, diagnostic.Location.GetLineSpan().StartLinePosition.Line); // on the declared method
    }
}
