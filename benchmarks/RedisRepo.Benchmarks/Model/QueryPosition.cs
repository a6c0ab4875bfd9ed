using RedisRepo;

namespace RedisRepo.Benchmarks.Model;

/// <summary>
/// For the query benchmarks: every entity is in one book (an index of 10,000 or 50,000 members),
/// 50 of them on one desk (an index of 50 members).
/// </summary>
[RedisKey("bench:qposition:<Id>")]
[Persistent]
public sealed class QueryPosition
{
    public string Id { get; set; } = "";

    [Index] public string Book { get; set; } = "";

    [Index] public string Desk { get; set; } = "";

    public decimal Quantity { get; set; }

    public string Notes { get; set; } = "";
}

/// <summary>The derived query the AND benchmark runs.</summary>
public partial interface IQueryPositionRepository
{
    Task<IReadOnlyList<QueryPosition>> FindByBookAndDeskAsync(string book, string desk, CancellationToken cancellationToken = default);
}
