using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using RedisRepo.Diagnostics;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// One Lua script, called with plain KEYS and ARGV. Contract types (one per script, beside this
/// file) build the arguments and read the reply; this type only sends.
/// <para>
/// Script-cache loss (restart, SCRIPT FLUSH, a promoted replica) must never reorder writes. A lone
/// command may go by EVALSHA and, on NOSCRIPT, again in full by EVAL: nothing of the caller's runs
/// between the two. Commands that must apply in the order sent (the chunks of one SaveManyAsync to
/// one bucket) go by EVALSHA as a <see cref="WriteSequence"/> (<see cref="EvaluateByShaAsync"/>):
/// the script refuses a chunk whose predecessor was not applied, so after a NOSCRIPT the sequence
/// sends the rest again in full (<see cref="EvaluateInOrderAsync"/>), in order. The server caches
/// EVAL's text by its SHA1 and never answers it with NOSCRIPT.
/// </para>
/// </summary>
internal sealed class RedisScript
{
    private readonly byte[] _sha1;

    public RedisScript(string fileName)
    {
        Name = Path.GetFileNameWithoutExtension(fileName);
        Lua = LuaSource.Load(fileName);
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Lua));
    }

    /// <summary>The script's name, its file name without <c>.lua</c> (<c>db.stored_procedure.name</c> in traces).</summary>
    public string Name { get; }

    /// <summary>The SHA1 of <see cref="Lua"/>, as the server's script cache knows it.</summary>
    public byte[] Sha1 => _sha1;

    /// <summary>The script's source, includes and constants written in.</summary>
    public string Lua { get; }

    /// <summary>
    /// Sends the script as one command: EVALSHA, then EVAL when the server does not know it; a
    /// cluster's TRYAGAIN or CLUSTERDOWN (the command did not run) is retried, see <see cref="ClusterRetry"/>.
    /// One async method, no closure: this is every lone script call's path.
    /// </summary>
    public Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values) =>
        EvaluateAsync(database, keys, values, inFull: false, firstAttempt: 0);

    /// <summary>Whether the server refused a script call without running it: NOSCRIPT, TRYAGAIN or CLUSTERDOWN.</summary>
    public static bool IsRefused(RedisServerException e) => IsNoScript(e) || ClusterRetry.IsNotRun(e);

    /// <summary>
    /// Goes on as <see cref="EvaluateAsync(IDatabaseAsync, RedisKey[], RedisValue[])"/> does after a
    /// first EVALSHA (<see cref="EvaluateByShaAsync"/>) was refused (<see cref="IsRefused"/>): in full
    /// after NOSCRIPT, again after a backoff after TRYAGAIN or CLUSTERDOWN. For a caller that awaits the
    /// first attempt itself, so that the common path has one async method fewer.
    /// </summary>
    public async Task<RedisResult> RecoverAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values, RedisServerException refused)
    {
        if (IsNoScript(refused))
        {
            Reloaded(database, keys);
            return await EvaluateAsync(database, keys, values, inFull: true, firstAttempt: 0).ConfigureAwait(false);
        }

        // The refused send was attempt 0: the retries go on from 1, within the same bound.
        await ClusterRetry.DelayAsync(0).ConfigureAwait(false);
        return await EvaluateAsync(database, keys, values, inFull: false, firstAttempt: 1).ConfigureAwait(false);
    }

    /// <summary>Whether the server answered that it does not know the script (its cache was lost).</summary>
    public static bool IsNoScript(RedisServerException e) => e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal);

    private async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values, bool inFull, int firstAttempt)
    {
        Telemetry.TagScript(Name);
        // inFull: after NOSCRIPT, EVAL, which the server caches again
        for (int attempt = firstAttempt; ; attempt++)
        {
            try
            {
                return inFull
                    ? await EvaluateInOrderAsync(database, keys, values).ConfigureAwait(false)
                    : await database.ScriptEvaluateAsync(_sha1, keys, values).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (!inFull && IsNoScript(e))
            {
                Reloaded(database, keys);
                inFull = true;
                attempt--; // not a cluster retry
            }
            catch (RedisServerException e) when (ClusterRetry.ShouldRetry(attempt, e))
            {
                await ClusterRetry.DelayAsync(attempt).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends the script by EVALSHA only: NOSCRIPT, TRYAGAIN and CLUSTERDOWN reach the caller, which
    /// sends it again itself: a lone write through <see cref="RecoverAsync"/>, a <see cref="WriteSequence"/>
    /// with the chunks after it, in order.
    /// </summary>
    public Task<RedisResult> EvaluateByShaAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        Telemetry.TagScript(Name);
        return database.ScriptEvaluateAsync(_sha1, keys, values);
    }

    /// <summary>Counts and logs (Debug) a script the server had lost and is about to receive in full.</summary>
    public void Reloaded(IDatabaseAsync database, RedisKey[] keys)
    {
        Telemetry.ScriptReloads.Add(1, new KeyValuePair<string, object?>(Telemetry.DbStoredProcedureName, Name));
        ILogger logger = ConnectionLoggers.For(database.Multiplexer);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string? endpoint = keys.Length > 0 ? ServerEndpoint.Of(database.Multiplexer, keys[0])?.ToString() : null;
            Log.ScriptReloaded(logger, Name, endpoint ?? "?");
        }
    }

    /// <summary>
    /// Sends the script in full (EVAL), so it cannot fail with NOSCRIPT. Not retried on TRYAGAIN or
    /// CLUSTERDOWN here: the caller decides what may be sent again (<see cref="WriteSequence"/>).
    /// </summary>
    public Task<RedisResult> EvaluateInOrderAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        Telemetry.TagScript(Name);
        // A raw EVAL: StackExchange.Redis routes it by its RedisKey arguments and never turns it into EVALSHA.
        var arguments = new object[2 + keys.Length + values.Length];
        arguments[0] = Lua;
        arguments[1] = keys.Length;
        for (int i = 0; i < keys.Length; i++)
        {
            arguments[2 + i] = keys[i];
        }

        for (int i = 0; i < values.Length; i++)
        {
            arguments[2 + keys.Length + i] = values[i];
        }

        return database.ExecuteAsync("EVAL", arguments);
    }
}
