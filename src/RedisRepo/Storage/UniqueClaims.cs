using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// Where a sharded model's unique claims live and how its records name them: the claims of a
/// value live in the bucket the value hashes to; a holder's record lists <c>token:value</c>.
/// </summary>
internal sealed class UniqueClaimLayout(
    string model,
    Func<string, string, RedisKey> claimsKey,
    Func<string, (RedisKey Records, RedisKey Entity)> holderKeys,
    Func<string, string> propertyOf,
    TimeSpan lease)
{
    public string Model => model;

    /// <summary>The claims hash of one unique index for one value.</summary>
    public RedisKey ClaimsKey(string index, string value) => claimsKey(index, value);

    /// <summary>The records hash and entity key of a holder, in its own bucket.</summary>
    public (RedisKey Records, RedisKey Entity) HolderKeys(string holder) => holderKeys(holder);

    public string PropertyOf(string index) => propertyOf(index);

    public long LeaseMilliseconds => (long)Math.Ceiling(lease.TotalMilliseconds);

    /// <summary>The member a record lists for a claimed value.</summary>
    public static string Member(string token, string value) => token + ":" + value;

    /// <summary>The token and value of a record member.</summary>
    public static (string Token, string Value) Parse(string member)
    {
        int colon = member.IndexOf(':');
        return (member[..colon], member[(colon + 1)..]);
    }

    /// <summary>The holder's key id in a stored claim (<c>lease|token|holder</c>).</summary>
    public static string HolderOf(string claim)
    {
        int second = claim.IndexOf('|', claim.IndexOf('|') + 1);
        return claim[(second + 1)..];
    }
}

/// <summary>
/// The cross-slot protocol that keeps a sharded model's unique values global: claim every value
/// in its own bucket first (claim.lua: holder, fencing token, lease), then write the entity (its
/// record lists token:value), then release the claims the write dropped. A claim whose lease has
/// passed is held only while its holder's record lists it (claim-check.lua), so a writer that dies
/// between the steps leaves no value held by nobody beyond its lease, and never two holders.
/// </summary>
internal static class UniqueClaims
{
    /// <summary>
    /// Claims what each operation needs. Returns the failure of each operation that could not claim
    /// all (it then holds none of the claims it took), and the claims that already were the
    /// operation's entity's, with their token: the write must list that token, and a failed write
    /// must not release them.
    /// </summary>
    public static async Task<(Dictionary<int, RedisRepoException> Failures, Dictionary<(int Operation, string Index, string Value), string> Renewed)> AcquireAsync(IDatabaseAsync database, IReadOnlyList<WriteOperation> operations)
    {
        var attempts = new List<(int Operation, string Index, string Value, Task<(string Outcome, string Holder, string Claim)> Reply)>();
        for (int i = 0; i < operations.Count; i++)
        {
            WriteOperation op = operations[i];
            foreach ((string index, string value) in op.Claims)
            {
                attempts.Add((i, index, value, ClaimScript.RunAsync(database, op.ClaimLayout!.ClaimsKey(index, value), value, op.KeyId, op.ClaimToken, op.ClaimLayout.LeaseMilliseconds, null, op.Model, op.Operation)));
            }
        }

        var failures = new Dictionary<int, RedisRepoException>();
        var renewed = new Dictionary<(int Operation, string Index, string Value), string>();
        var taken = new List<(int Operation, string Index, string Value)>();
        foreach ((int i, string index, string value, Task<(string Outcome, string Holder, string Claim)> reply) in attempts)
        {
            WriteOperation op = operations[i];
            (string outcome, string holder, string claim) = await reply.ConfigureAwait(false);
            if (outcome == ScriptProtocol.ClaimCheck)
            {
                (RedisKey records, RedisKey entity) = op.ClaimLayout!.HolderKeys(holder);
                string token = claim.Split('|')[1];
                bool holds = await ClaimCheckScript.RunAsync(database, records, entity, holder, IndexKeys.UniqueFamily + index, UniqueClaimLayout.Member(token, value), op.Model, op.Operation).ConfigureAwait(false);
                (outcome, holder, _) = holds
                    ? (ScriptProtocol.ClaimHeld, holder, "")
                    : await ClaimScript.RunAsync(database, op.ClaimLayout.ClaimsKey(index, value), value, op.KeyId, op.ClaimToken, op.ClaimLayout.LeaseMilliseconds, claim, op.Model, op.Operation).ConfigureAwait(false);
            }

            if (outcome == ScriptProtocol.ClaimTaken)
            {
                taken.Add((i, index, value));
            }
            else if (outcome == ScriptProtocol.ClaimRenewed)
            {
                renewed[(i, index, value)] = holder; // the reply's third element: the claim's token
            }
            else if (!failures.ContainsKey(i))
            {
                failures[i] = new RedisRepoUniqueConstraintException(op.Model, op.ClaimLayout!.PropertyOf(index), index, value, holder, op.Operation);
            }
        }

        await ReleaseAsync(database, taken.Where(t => failures.ContainsKey(t.Operation)).Select(t => (operations[t.Operation], t.Index, t.Value, operations[t.Operation].ClaimToken))).ConfigureAwait(false);
        return (failures, renewed);
    }

    /// <summary>The operation with each renewed claim's record entry listing the claim's own token.</summary>
    public static WriteOperation WithRenewedTokens(WriteOperation op, int number, Dictionary<(int Operation, string Index, string Value), string> renewed)
    {
        if (!op.Claims.Any(c => renewed.ContainsKey((number, c.Index, c.Value))))
        {
            return op;
        }

        var entries = op.Entries.ToArray();
        for (int e = 0; e < entries.Length; e++)
        {
            IndexSlot slot = op.Slots[entries[e].Slot - 1];
            if (slot.Kind == ScriptProtocol.SlotGlobalUnique)
            {
                (_, string value) = UniqueClaimLayout.Parse(entries[e].Member!);
                if (renewed.TryGetValue((number, slot.Index, value), out string? token))
                {
                    entries[e] = (entries[e].Slot, UniqueClaimLayout.Member(token, value));
                }
            }
        }

        return op with { Entries = entries };
    }

    /// <summary>Releases claims, each only while it is still the operation's (same holder and token).</summary>
    public static async Task ReleaseAsync(IDatabaseAsync database, IEnumerable<(WriteOperation Operation, string Index, string Value, string Token)> claims)
    {
        var releases = new List<Task<long>>();
        foreach (var group in claims.GroupBy(c => (Key: c.Operation.ClaimLayout!.ClaimsKey(c.Index, c.Value), c.Operation.KeyId)))
        {
            WriteOperation op = group.First().Operation;
            releases.Add(ReleaseClaimScript.RunAsync(database, group.Key.Key, group.Key.KeyId, group.Select(c => (c.Value, c.Token)).ToArray(), op.Model, op.Operation));
        }

        await Task.WhenAll(releases).ConfigureAwait(false);
    }

    /// <summary>The claims a write no longer needs: the global unique entries it dropped, or all of its own when it failed.</summary>
    public static IEnumerable<(WriteOperation, string, string, string)> NoLongerNeeded(WriteOperation op, IEnumerable<(string Slot, string Member)> dropped)
    {
        foreach ((string slot, string member) in dropped)
        {
            (string token, string value) = UniqueClaimLayout.Parse(member);
            yield return (op, slot[IndexKeys.UniqueFamily.Length..], value, token);
        }
    }
}
