namespace RedisRepo.Tests.Models;

/// <summary>Derived query methods on Holding: the generator implements them from their names.</summary>
public partial interface IHoldingRepository
{
    Task<IReadOnlyList<Holding>> FindByTickerAndStatusAsync(string ticker, HoldingStatus status, CancellationToken cancellationToken = default);

    Task<long> CountByStatusInAsync(IEnumerable<HoldingStatus> statuses, CancellationToken cancellationToken = default);

    Task<ResultPage<Holding>> FindByTickerOrderBySequenceDescendingAsync(string ticker, PageRequest page, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Holding>> FindByTickerInAndSequenceBetweenAsync(string[] tickers, long min, long max, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Holding>> FindByStatusOrSequenceGreaterThanAsync(HoldingStatus status, long sequence, CancellationToken cancellationToken = default);

    Task<bool> ExistsByTickerAndSequenceLessThanOrEqualAsync(string ticker, long sequence, CancellationToken cancellationToken = default);

    Task<long> DeleteByTickerAndSequenceGreaterThanOrEqualAsync(string ticker, long sequence, CancellationToken cancellationToken = default);
}
