using Microsoft.CodeAnalysis;
using RedisRepo.Analyzers.CodeFixes;
using RedisRepo.Analyzers.Tests.Infrastructure;
using Verify = RedisRepo.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RedisRepo.Analyzers.CacheWriteWithoutExpiryAnalyzer>;
using VerifyFix = RedisRepo.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RedisRepo.Analyzers.CacheWriteWithoutExpiryAnalyzer,
    RedisRepo.Analyzers.CodeFixes.CacheWriteExpiryCodeFixProvider>;

namespace RedisRepo.Analyzers.Tests;

/// <summary>RR1003: a write to a cache key without an expiry, and the fix that adds one.</summary>
public sealed class RR1003CacheWriteWithoutExpiryTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        """;

    [Fact]
    public async Task StringSetAsync_to_a_constant_cache_key_without_expiry_is_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Settings
            {
                Task Save(IDatabase db, string json) => db.{|#0:StringSetAsync|}("app:cache:settings", json);
            }
            """,
            Verify.Diagnostic("RR1003")
                .WithLocation(0)
                .WithSeverity(DiagnosticSeverity.Warning)
                .WithMessage("IDatabase.StringSetAsync writes 'app:cache:settings', a key in the cache segment 'cache', without an expiry, so the entry stays in Redis until evicted or deleted; pass an expiry (e.g. expiry: TimeSpan.FromMinutes(5))"));
    }

    [Fact]
    public async Task Interpolated_concatenated_and_local_keys_are_read_for_their_constant_part()
    {
        await Verify.VerifyAsync(Usings + """
            class Profiles
            {
                const string Prefix = "CACHE:";

                async Task Save(IDatabase db, string id, string json)
                {
                    await db.{|#0:StringSetAsync|}($"cache:user:{id}", json);
                    db.{|RR1003:StringSet|}("users:" + "cache" + ":" + id, json);
                    await db.{|RR1003:StringSetAsync|}(Prefix + id, json, when: When.NotExists);

                    var key = $"profile:cache:{id}";
                    await db.{|RR1003:StringSetAndGetAsync|}(key, json);
                }
            }
            """,
            Verify.Diagnostic("RR1003").WithLocation(0).WithArguments("IDatabase.StringSetAsync", "cache:user:*", "cache"));
    }

    [Fact]
    public async Task A_long_concatenation_keeps_its_leading_constant_part()
    {
        // Each + nests one level deeper: the leading "cache:" sits eleven levels down.
        await Verify.VerifyAsync(Usings + """
            class Reports
            {
                async Task Save(IDatabase db, string tenant, string region, string year, string month, string day, string id)
                {
                    await db.{|#0:StringSetAsync|}("cache:" + tenant + ":" + region + ":" + year + ":" + month + ":" + day + ":" + id, 1);
                }
            }
            """,
            Verify.Diagnostic("RR1003").WithLocation(0).WithArguments("IDatabase.StringSetAsync", "cache:*:*:*:*:*:*", "cache"));
    }

    [Fact]
    public async Task Explicit_null_default_and_Expiration_Default_mean_no_expiry()
    {
        await Verify.VerifyAsync(Usings + """
            class Writes
            {
                async Task Save(IDatabase db, IBatch batch, string id)
                {
                    db.{|RR1003:StringSet|}("cache:a", 1, null, When.Always);
                    await db.{|RR1003:StringSetAsync|}("cache:b", 1, default(TimeSpan?), keepTtl: false);
                    await db.{|RR1003:StringSetAsync|}("cache:c", 1, Expiration.Default);
                    _ = batch.{|RR1003:StringSetAsync|}($"cache:d:{id}", 1);
                    await db.{|RR1003:HashFieldSetAndSetExpiryAsync|}("cache:e", "field", 1);
                }
            }
            """);
    }

    [Fact]
    public async Task Writes_with_an_expiry_or_a_kept_ttl_are_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Writes
            {
                async Task Save(IDatabase db, string id)
                {
                    await db.StringSetAsync($"cache:user:{id}", 1, TimeSpan.FromMinutes(5));
                    await db.StringSetAsync($"cache:user:{id}", 1, expiry: TimeSpan.FromSeconds(30), when: When.NotExists);
                    db.StringSet("cache:a", 1, keepTtl: true, expiry: null);
                    await db.StringSetAsync("cache:b", 1, Expiration.KeepTtl);
                    await db.StringSetAsync("cache:c", 1, Expiration.Persist);
                    await db.HashFieldSetAndSetExpiryAsync("cache:d", "f", 1, DateTime.UtcNow.AddHours(1));
                }
            }
            """);
    }

    [Fact]
    public async Task Keys_without_a_whole_cache_segment_are_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Writes
            {
                async Task Save(IDatabase db, string tenant, string id, RedisKey computed)
                {
                    await db.StringSetAsync("finance:position:42", 1);
                    await db.StringSetAsync("cached:user:1", 1);
                    await db.StringSetAsync("app:cache-stats", 1);
                    await db.StringSetAsync($"{tenant}cache:{id}", 1);
                    await db.StringSetAsync(computed, 1);
                    await db.StringSetAsync(tenant, 1);
                }
            }
            """);
    }

    [Fact]
    public async Task Writers_without_an_expiry_parameter_and_multi_key_sets_are_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            using System.Collections.Generic;

            class Writes
            {
                async Task Save(IDatabase db)
                {
                    await db.HashSetAsync("cache:h", "field", 1);
                    await db.SetAddAsync("cache:s", "member");
                    await db.StringSetAsync(new[] { new KeyValuePair<RedisKey, RedisValue>("cache:a", 1) });
                    await db.StringGetAsync("cache:a");
                }
            }
            """);
    }

    [Fact]
    public async Task Reassigned_local_key_is_not_followed()
    {
        await Verify.VerifyAsync(Usings + """
            class Writes
            {
                async Task Save(IDatabase db, bool cached, string id)
                {
                    var key = "cache:" + id;
                    if (!cached)
                    {
                        key = "store:" + id;
                    }

                    await db.StringSetAsync(key, 1);
                }

                async Task SaveOther(IDatabase db, string id)
                {
                    var outKey = "cache:" + id;
                    Pick(out outKey);
                    await db.StringSetAsync(outKey, 1);

                    var tupleKey = "cache:" + id;
                    (tupleKey, _) = ("store:" + id, 0);
                    await db.StringSetAsync(tupleKey, 1);

                    var compoundKey = "cache:";
                    compoundKey += id;
                    await db.StringSetAsync(compoundKey, 1);
                }

                static void Pick(out string key) => key = "store:x";
            }
            """);
    }

    [Fact]
    public async Task Nothing_is_reported_when_StackExchange_Redis_is_not_referenced()
    {
        await Verify.Create("""
            using System.Threading.Tasks;

            interface IDatabase { Task<bool> StringSetAsync(string key, string value, System.TimeSpan? expiry = null); }

            class Writes
            {
                Task Save(IDatabase db) => db.StringSetAsync("cache:x", "1");
            }
            """).WithoutStackExchangeRedis().RunAsync();
    }

    [Fact]
    public async Task Segments_come_from_editorconfig()
    {
        await Verify.Create(Usings + """
            class Writes
            {
                async Task Save(IDatabase db, string id)
                {
                    await db.StringSetAsync($"cache:user:{id}", 1);
                    await db.{|#0:StringSetAsync|}($"memo:user:{id}", 1);
                    await db.{|#1:StringSetAsync|}($"app:TMP:{id}", 1);
                }
            }
            """,
            Verify.Diagnostic("RR1003").WithLocation(0).WithArguments("IDatabase.StringSetAsync", "memo:user:*", "memo"),
            Verify.Diagnostic("RR1003").WithLocation(1).WithArguments("IDatabase.StringSetAsync", "app:TMP:*", "tmp"))
            .WithEditorConfig("redisrepo.cache_key_segments = memo, tmp")
            .RunAsync();
    }

    [Fact]
    public async Task Blank_segment_setting_falls_back_to_cache()
    {
        await Verify.Create(Usings + """
            class Writes
            {
                Task Save(IDatabase db) => db.{|RR1003:StringSetAsync|}("cache:x", 1);
            }
            """)
            .WithEditorConfig("redisrepo.cache_key_segments = ")
            .RunAsync();
    }

    [Fact]
    public async Task Severity_can_be_lowered_to_a_suggestion_in_editorconfig()
    {
        await Verify.Create(Usings + """
            class Writes
            {
                Task Save(IDatabase db) => db.{|#0:StringSetAsync|}("cache:x", 1);
            }
            """,
            Verify.Diagnostic("RR1003").WithLocation(0).WithSeverity(DiagnosticSeverity.Info)
                .WithArguments("IDatabase.StringSetAsync", "cache:x", "cache"))
            .WithEditorConfig("dotnet_diagnostic.RR1003.severity = suggestion")
            .RunAsync();
    }

    [Fact]
    public async Task Fix_appends_a_named_expiry_argument()
    {
        await VerifyFix.VerifyFixAsync(Usings + """
            class Writes
            {
                async Task Save(IDatabase db, string id, string json)
                {
                    await db.{|RR1003:StringSetAsync|}($"cache:user:{id}", json);
                    await db.{|RR1003:StringSetAsync|}($"cache:flag:{id}", 1, when: When.NotExists);
                    db.{|RR1003:StringSet|}("cache:x", json, flags: CommandFlags.FireAndForget);
                    await db.{|RR1003:StringSetAndGetAsync|}("cache:y", json);
                    await db.{|RR1003:HashFieldSetAndSetExpiryAsync|}("cache:h", "f", 1);
                }
            }
            """, Usings + """
            class Writes
            {
                async Task Save(IDatabase db, string id, string json)
                {
                    await db.StringSetAsync($"cache:user:{id}", json, expiry: TimeSpan.FromMinutes(5));
                    await db.StringSetAsync($"cache:flag:{id}", 1, when: When.NotExists, expiry: TimeSpan.FromMinutes(5));
                    db.StringSet("cache:x", json, flags: CommandFlags.FireAndForget, expiry: TimeSpan.FromMinutes(5));
                    await db.StringSetAndGetAsync("cache:y", json, expiry: TimeSpan.FromMinutes(5));
                    await db.HashFieldSetAndSetExpiryAsync("cache:h", "f", 1, expiry: TimeSpan.FromMinutes(5));
                }
            }
            """,
            CacheWriteExpiryCodeFixProvider.AddExpiryKey);
    }

    [Fact]
    public async Task Fix_replaces_an_explicit_null_or_default_expiry()
    {
        await VerifyFix.VerifyFixAsync(Usings + """
            class Writes
            {
                async Task Save(IDatabase db)
                {
                    db.{|RR1003:StringSet|}("cache:a", 1, null, When.NotExists);
                    await db.{|RR1003:StringSetAsync|}("cache:b", 1, Expiration.Default);
                    await db.{|RR1003:StringSetAsync|}("cache:c", 1, expiry: default);
                }
            }
            """, Usings + """
            class Writes
            {
                async Task Save(IDatabase db)
                {
                    db.StringSet("cache:a", 1, TimeSpan.FromMinutes(5), When.NotExists);
                    await db.StringSetAsync("cache:b", 1, TimeSpan.FromMinutes(5));
                    await db.StringSetAsync("cache:c", 1, expiry: TimeSpan.FromMinutes(5));
                }
            }
            """,
            CacheWriteExpiryCodeFixProvider.AddExpiryKey);
    }

    [Fact]
    public async Task Fix_adds_using_System_when_TimeSpan_is_not_in_scope()
    {
        await VerifyFix.VerifyFixAsync("""
            using System.Threading.Tasks;
            using StackExchange.Redis;

            class Writes
            {
                Task Save(IDatabase db) => db.{|RR1003:StringSetAsync|}("cache:x", 1);
            }
            """, """
            using System;
            using System.Threading.Tasks;
            using StackExchange.Redis;

            class Writes
            {
                Task Save(IDatabase db) => db.StringSetAsync("cache:x", 1, expiry: TimeSpan.FromMinutes(5));
            }
            """,
            CacheWriteExpiryCodeFixProvider.AddExpiryKey);
    }

    [Fact]
    public async Task Fix_keeps_one_argument_per_line()
    {
        await VerifyFix.VerifyFixAsync(Usings + """
            class Writes
            {
                Task Save(IDatabase db, string json) => db.{|RR1003:StringSetAsync|}(
                    "cache:settings",
                    json);
            }
            """, Usings + """
            class Writes
            {
                Task Save(IDatabase db, string json) => db.StringSetAsync(
                    "cache:settings",
                    json,
                    expiry: TimeSpan.FromMinutes(5));
            }
            """,
            CacheWriteExpiryCodeFixProvider.AddExpiryKey);
    }
}
