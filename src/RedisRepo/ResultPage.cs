namespace RedisRepo;

/// <summary>
/// A page of query results and the token of the next page. Across the pages of one query, an
/// entity that stays unchanged meanwhile is returned exactly once; one written meanwhile may or
/// may not be, and never in a version that does not match the query.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
public sealed class ResultPage<T>
{
    /// <summary>Creates a page.</summary>
    /// <param name="items">The entities of the page.</param>
    /// <param name="continuation">The token of the next page, or null when this is the last.</param>
    public ResultPage(IReadOnlyList<T> items, string? continuation)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        Continuation = continuation;
    }

    /// <summary>
    /// The entities, at most the requested size (fewer when some changed between index and read
    /// and no longer match; a page may then be short, or even empty, with more to come).
    /// </summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The token for the next page (pass it in a <see cref="PageRequest"/>), or null when there is no more.</summary>
    public string? Continuation { get; }

    /// <summary>Whether there may be more: <see cref="Continuation"/> is not null.</summary>
    public bool HasMore => Continuation is not null;

    /// <summary>The request for the next page, of the same or another size; null after the last page.</summary>
    /// <param name="size">How many entities the next page holds at most.</param>
    public PageRequest? Next(int size = 100) => Continuation is null ? null : new PageRequest(size, Continuation);
}
