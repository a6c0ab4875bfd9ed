using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The single-item calls RR1004 knows a batched form of, and how to name that form.
    /// StackExchange.Redis: the IDatabaseAsync commands below, in an overload without an array
    /// parameter (an overload with one is already batched). RedisRepo: a generated repository's
    /// <c>XAsync</c> when the same repository has <c>XManyAsync</c> (GetAsync, SaveAsync, DeleteAsync).
    /// </summary>
    internal static class BatchedCalls
    {
        private const string Batch = "queue the calls on a batch (IDatabase.CreateBatch()) and await them together";

        // Command -> its multi-item overload, or null when only a batch (pipelining) helps.
        private static readonly Dictionary<string, string?> RedisCommands = new()
        {
            ["StringGetAsync"] = "StringGetAsync(RedisKey[])",
            ["StringSetAsync"] = "StringSetAsync(KeyValuePair<RedisKey, RedisValue>[])",
            ["KeyDeleteAsync"] = "KeyDeleteAsync(RedisKey[])",
            ["KeyExistsAsync"] = null,
            ["KeyExpireAsync"] = null,
            ["KeyTimeToLiveAsync"] = null,
            ["HashGetAsync"] = "HashGetAsync(key, RedisValue[]) for fields of one hash",
            ["HashSetAsync"] = "HashSetAsync(key, HashEntry[]) for fields of one hash",
            ["HashDeleteAsync"] = "HashDeleteAsync(key, RedisValue[]) for fields of one hash",
            ["HashGetAllAsync"] = null,
            ["SetAddAsync"] = "SetAddAsync(key, RedisValue[]) for members of one set",
            ["SetRemoveAsync"] = "SetRemoveAsync(key, RedisValue[]) for members of one set",
            ["SetContainsAsync"] = "SetContainsAsync(key, RedisValue[]) for members of one set",
            ["SortedSetAddAsync"] = "SortedSetAddAsync(key, SortedSetEntry[]) for members of one sorted set",
            ["SortedSetScoreAsync"] = "SortedSetScoresAsync(key, RedisValue[]) for members of one sorted set",
            ["ListLeftPushAsync"] = "ListLeftPushAsync(key, RedisValue[]) for one list",
            ["ListRightPushAsync"] = "ListRightPushAsync(key, RedisValue[]) for one list",
        };

        /// <summary>
        /// The advice for a StackExchange.Redis call awaited per item, or null when <paramref name="method"/>
        /// is not a single-item command of the table.
        /// </summary>
        public static string? ForRedisCommand(IMethodSymbol method)
        {
            if (!RedisCommands.TryGetValue(method.Name, out string? multiItem))
            {
                return null;
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type is IArrayTypeSymbol)
                {
                    return null;
                }
            }

            return multiItem is null ? Batch : $"call {multiItem} once for all of them, or {Batch}";
        }

        /// <summary>
        /// The advice for a generated repository's <c>XAsync</c> awaited per item, or null when the
        /// repository has no <c>XManyAsync</c>.
        /// </summary>
        public static string? ForRepositoryMethod(IMethodSymbol method, RedisRepoSymbols symbols)
        {
            const string Suffix = "Async";
            if (!method.Name.EndsWith(Suffix, System.StringComparison.Ordinal) || method.Name.EndsWith("Many" + Suffix, System.StringComparison.Ordinal))
            {
                return null;
            }

            INamedTypeSymbol repository = method.ContainingType;
            if (!symbols.IsGeneratedRepository(repository))
            {
                return null;
            }

            string many = method.Name.Substring(0, method.Name.Length - Suffix.Length) + "Many" + Suffix;
            return HasMethod(repository, many) ? $"call {many} once for all of them" : null;
        }

        private static bool HasMethod(INamedTypeSymbol type, string name)
        {
            foreach (ISymbol member in type.GetMembers(name))
            {
                if (member is IMethodSymbol)
                {
                    return true;
                }
            }

            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                foreach (ISymbol member in implemented.GetMembers(name))
                {
                    if (member is IMethodSymbol)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
