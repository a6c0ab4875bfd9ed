using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>One chunk's place in a <see cref="WriteSequence"/>: the sequence key, the chunk's number from 1, whether it is the last.</summary>
internal readonly record struct SequenceStep(RedisKey Key, int Number, bool Last);

/// <summary>
/// The chunks of one call to one bucket that must apply in the order sent (a SaveManyAsync or
/// DeleteManyAsync of more than <see cref="Storage.BatchWriter.ChunkSize"/> operations there),
/// pipelined by EVALSHA like any other script call.
/// <para>
/// Each chunk runs only once the chunk before it is applied (<c>write.lua</c>'s MODE_SEQUENCE keeps
/// the count in the sequence key). So when one is not run, because the server lost its script
/// cache (NOSCRIPT) or a cluster refused it (TRYAGAIN, CLUSTERDOWN), no later chunk can have been
/// applied either, whoever reloaded the script meanwhile: that chunk and every later one are sent
/// again, in order, by EVAL, which the server never answers with NOSCRIPT. Nothing is applied twice
/// and nothing overtakes an earlier chunk.
/// </para>
/// </summary>
internal sealed class WriteSequence
{
    /// <summary>Rounds of sending again at most: one after NOSCRIPT, and the cluster's bounded retries.</summary>
    private const int MaxRounds = 12;

    private readonly IDatabaseAsync _database;
    private readonly string _model;
    private readonly string _operation;
    private readonly List<(RedisKey[] Keys, RedisValue[] Values)> _chunks = [];
    private readonly List<Task<RedisResult>> _replies = [];
    private Task<RedisResult[]>? _completion;

    /// <param name="database">Where every chunk goes.</param>
    /// <param name="key">The sequence key, in the slot of the chunks' keys.</param>
    /// <param name="model">The model written, for errors.</param>
    /// <param name="operation">The operation (SaveManyAsync, ...), for errors.</param>
    public WriteSequence(IDatabaseAsync database, RedisKey key, string model, string operation)
    {
        _database = database;
        Key = key;
        _model = model;
        _operation = operation;
    }

    /// <summary>The sequence key.</summary>
    public RedisKey Key { get; }

    /// <summary>The step of the next chunk to send.</summary>
    public SequenceStep Next(bool last) => new(Key, _chunks.Count + 1, last);

    /// <summary>Sends the next chunk (built for <see cref="Next"/>) without awaiting anything; returns its number from 0.</summary>
    public int Send(RedisKey[] keys, RedisValue[] values)
    {
        _chunks.Add((keys, values));
        _replies.Add(WriteScript.Script.EvaluateByShaAsync(_database, keys, values));
        return _chunks.Count - 1;
    }

    /// <summary>The reply of chunk <paramref name="chunk"/> (from 0), once every chunk is applied; call after the last chunk was sent.</summary>
    public async Task<RedisResult> ReplyAsync(int chunk) => (await (_completion ??= CompleteAsync()).ConfigureAwait(false))[chunk];

    private async Task<RedisResult[]> CompleteAsync()
    {
        var results = new RedisResult[_replies.Count];
        int applied = 0; // chunks applied, all of them before any that is not
        int retries = 0; // cluster retries, for the backoff
        for (int round = 0; ; round++)
        {
            RedisServerException? notRun = null; // why chunk `applied` did not run
            for (int j = applied; j < _replies.Count; j++)
            {
                RedisResult reply;
                try
                {
                    reply = await _replies[j].ConfigureAwait(false);
                }
                catch (RedisServerException e) when (notRun is null && RedisScript.IsRefused(e))
                {
                    notRun = e;
                    continue;
                }
                catch (RedisServerException) when (notRun is not null)
                {
                    continue; // the server answered after a chunk that did not run: this one wrote nothing either
                }
                catch
                {
                    // A cut connection or a timeout: this chunk's outcome is unknown (or, after a chunk that
                    // did not run, when it reaches the server), so the call fails with it.
                    Observe(j + 1);
                    throw;
                }

                if (notRun is not null)
                {
                    if ((long)((RedisResult[])reply!)[0] == ScriptProtocol.StatusOk)
                    {
                        throw new InvalidOperationException($"{_model}.{_operation}: chunk {j + 1} of sequence '{Key}' was applied although chunk {applied + 1} did not run; write.lua's sequence check is broken.");
                    }

                    continue; // refused (out of sequence): wrote nothing
                }

                if ((long)((RedisResult[])reply!)[0] == ScriptProtocol.StatusFailed)
                {
                    Observe(j + 1);
                    WriteScript.IsOutOfSequence(reply, out ScriptFailure failure);
                    throw failure.Code == ScriptProtocol.FailOutOfSequence
                        ? new RedisRepoException(
                            $"{_model}.{_operation}: chunk {failure.Third} of this call to one bucket found its sequence key '{failure.First}' at {failure.Second} chunks applied, not {j}: the key was deleted or lost (a restart without persistence, a failover to a replica that had not received it). " +
                            $"Chunks 1 to {j} were applied and nothing after them; save the rest again.")
                        : failure.ToDataException(_model, _operation);
                }

                results[j] = reply;
                applied = j + 1;
            }

            if (notRun is null)
            {
                return results;
            }

            if (round == MaxRounds || (ClusterRetry.IsNotRun(notRun) && !ClusterRetry.ShouldRetry(retries, notRun)))
            {
                throw notRun;
            }

            if (RedisScript.IsNoScript(notRun))
            {
                WriteScript.Script.Reloaded(_database, _chunks[applied].Keys);
            }
            else
            {
                await ClusterRetry.DelayAsync(retries++).ConfigureAwait(false);
            }

            // Every chunk from the first not applied on, again, in order; in full, so NOSCRIPT cannot recur.
            for (int j = applied; j < _replies.Count; j++)
            {
                _replies[j] = WriteScript.Script.EvaluateInOrderAsync(_database, _chunks[j].Keys, _chunks[j].Values);
            }
        }
    }

    /// <summary>Observes the replies from <paramref name="from"/> on, which the call gives up on.</summary>
    private void Observe(int from)
    {
        for (int j = from; j < _replies.Count; j++)
        {
            _ = _replies[j].ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
