namespace RedisRepo;

/// <summary>
/// One page of a query: how many entities at most, and where the previous page stopped
/// (<see cref="ResultPage{T}.Continuation"/>, an opaque token; null for the first page). A page
/// costs the same wherever it is: the token holds an index position, not an offset.
/// </summary>
public sealed record PageRequest
{
    /// <summary>A request for the first page.</summary>
    /// <param name="size">How many entities a page holds at most (1 to 10,000).</param>
    /// <param name="continuation">The token of the previous page, or null for the first.</param>
    public PageRequest(int size = 100, string? continuation = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        Continuation = continuation;
    }

    /// <summary>The largest page size.</summary>
    public const int MaxSize = 10_000;

    /// <summary>How many entities the page holds at most.</summary>
    public int Size { get; }

    /// <summary>The previous page's token; null for the first page.</summary>
    public string? Continuation { get; }

    /// <summary>A descriptive error for a missing page request, naming the model and operation.</summary>
    internal static void ThrowIfNull(PageRequest? page, string model, string operation)
    {
        if (page is null)
        {
            throw new ArgumentNullException(nameof(page), $"{model}.{operation}: the page request is null; use PageRequest.First(size) for the first page.");
        }
    }

    /// <summary>The first page of <paramref name="size"/> entities.</summary>
    /// <param name="size">How many entities a page holds at most.</param>
    public static PageRequest First(int size = 100) => new(size);
}
