using System.Security.Cryptography;
using System.Text;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;
using static RedisRepo.Storage.Waiting;

namespace RedisRepo.Storage;

/// <summary>
/// GetAll in pages: "all ids" read in its own order (expiry score, then id) bucket after bucket,
/// resumed after the previous page's last id by ZRANK (ids-page.lua), so a page costs the same
/// wherever it is and an entity not written meanwhile is returned exactly once.
/// </summary>
public sealed partial class EntityStore<T>
{
    /// <summary>One page of every live entity.</summary>
    /// <param name="page">The page size and the previous page's token.</param>
    /// <param name="cancellationToken">Stops between script calls and stops waiting for replies.</param>
    /// <exception cref="ArgumentException">The token is not one of this model's GetAll pages.</exception>
    public async Task<ResultPage<T>> GetPageAsync(PageRequest page, CancellationToken cancellationToken)
    {
        const string Operation = "GetAllAsync";
        PageRequest.ThrowIfNull(page, _model.Name, Operation);
        using Observation? observation = Observe(Operation);
        try
        {
            IDatabase database = Database();
            byte[] fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes("all ids:" + _model.Name))[..8];
            (bool Done, string Last, string Score)[] cursors = page.Continuation is null
                ? Enumerable.Repeat((false, "", ""), _buckets.Length).ToArray()
                : ContinuationToken.Read(page.Continuation, fingerprint, reader =>
                {
                    var read = new (bool, string, string)[reader.ReadInt32() == _buckets.Length ? _buckets.Length : throw new FormatException()];
                    for (int b = 0; b < read.Length; b++)
                    {
                        read[b] = (reader.ReadBoolean(), reader.ReadString(), reader.ReadString());
                    }

                    return read;
                }, $"{_model.Name}.{Operation}: the continuation token is not one of this model's GetAll pages.");

            var ids = new List<string>();
            for (int b = 0; b < _buckets.Length && ids.Count < page.Size; b++)
            {
                while (!cursors[b].Done && ids.Count < page.Size)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    int wanted = Math.Min(page.Size - ids.Count, IdsPageScript.MaxIds);
                    IReadOnlyList<(string Id, string Score)> found = await WithCancellation(
                        IdsPageScript.RunAsync(database, _buckets[b].AllIds, wanted, cursors[b].Last, cursors[b].Score, _model.Name, Operation),
                        cancellationToken).ConfigureAwait(false);
                    ids.AddRange(found.Select(f => f.Id));
                    cursors[b] = found.Count < wanted ? (true, "", "") : (false, found[^1].Id, found[^1].Score);
                }
            }

            IReadOnlyList<T> items = ids.Count == 0 ? [] : await WithCancellation(ReadAsync(database, [.. ids], Operation), cancellationToken).ConfigureAwait(false);
            string? next = cursors.All(c => c.Done) ? null : ContinuationToken.Write(fingerprint, writer =>
            {
                writer.Write(cursors.Length);
                foreach ((bool done, string last, string score) in cursors)
                {
                    writer.Write(done);
                    writer.Write(last);
                    writer.Write(score);
                }
            });
            return new ResultPage<T>(items, next);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }
}
