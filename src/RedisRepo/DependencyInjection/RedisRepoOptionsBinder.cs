using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RedisRepo.DependencyInjection;

/// <summary>
/// Binds <see cref="RedisRepoOptions"/> from a configuration section, key by key (no reflection,
/// so it works under NativeAOT and trimming): <c>Configuration</c>, <c>KeyPrefix</c>,
/// <c>Database</c>, <c>CacheLockLease</c>, <c>CacheLockWait</c>, <c>UniqueClaimLease</c>,
/// <c>WaitForReplicas</c>, <c>ReplicaWaitTimeout</c> (durations as <c>hh:mm:ss</c> TimeSpans).
/// A key the section does not have leaves the option as it is.
/// </summary>
internal static class RedisRepoOptionsBinder
{
    public static void Bind(IConfiguration section, RedisRepoOptions options)
    {
        options.Configuration = section[nameof(RedisRepoOptions.Configuration)] ?? options.Configuration;
        options.KeyPrefix = section[nameof(RedisRepoOptions.KeyPrefix)] ?? options.KeyPrefix;
        options.Database = Integer(section, nameof(RedisRepoOptions.Database)) ?? options.Database;
        options.WaitForReplicas = Integer(section, nameof(RedisRepoOptions.WaitForReplicas)) ?? options.WaitForReplicas;
        options.CacheLockLease = Duration(section, nameof(RedisRepoOptions.CacheLockLease)) ?? options.CacheLockLease;
        options.CacheLockWait = Duration(section, nameof(RedisRepoOptions.CacheLockWait)) ?? options.CacheLockWait;
        options.UniqueClaimLease = Duration(section, nameof(RedisRepoOptions.UniqueClaimLease)) ?? options.UniqueClaimLease;
        options.ReplicaWaitTimeout = Duration(section, nameof(RedisRepoOptions.ReplicaWaitTimeout)) ?? options.ReplicaWaitTimeout;
    }

    private static int? Integer(IConfiguration section, string key) =>
        section[key] is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : throw Invalid(section, key, text, "a whole number")
            : null;

    private static TimeSpan? Duration(IConfiguration section, string key) =>
        section[key] is { } text
            ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan value) ? value : throw Invalid(section, key, text, "a duration such as 00:00:30")
            : null;

    private static InvalidOperationException Invalid(IConfiguration section, string key, string text, string expected) =>
        new($"AddRedisRepo: configuration value '{(section as IConfigurationSection)?.Path ?? "(root)"}:{key}' is '{text}', which is not {expected}.");
}
