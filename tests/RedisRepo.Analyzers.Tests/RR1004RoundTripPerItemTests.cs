using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using RedisRepo.Analyzers.Tests.Infrastructure;
using Verify = RedisRepo.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RedisRepo.Analyzers.RoundTripPerItemAnalyzer>;

namespace RedisRepo.Analyzers.Tests;

/// <summary>
/// RR1004 (Warning): a Redis call awaited once per item of a foreach or for loop where a batched call
/// exists; RR1005 (Info): the same call in a loop whose shape does not show it runs per item.
/// </summary>
public sealed class RR1004RoundTripPerItemTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using StackExchange.Redis;
        using Finance;

        """;

    private static Verify.Test Create(string source, params DiagnosticResult[] expected) =>
        CreateWithUsings(Usings, source, expected);

    private static Verify.Test CreateWithUsings(string usings, string source, params DiagnosticResult[] expected)
    {
        Verify.Test test = Verify.Create(usings + source, expected);
        test.TestState.Sources.Add((RedisRepoStubs.PositionRepositoryPath, RedisRepoStubs.PositionRepository));
        return test;
    }

    [Fact]
    public async Task Repository_GetAsync_awaited_in_foreach_is_a_warning_naming_GetManyAsync()
    {
        await Create("""
            class Report
            {
                async Task<List<Position?>> Load(IPositionRepository positions, IEnumerable<string> ids)
                {
                    var result = new List<Position?>();
                    foreach (var id in ids)
                    {
                        result.Add(await positions.{|#0:GetAsync|}(id));
                    }

                    return result;
                }
            }
            """,
            Verify.Diagnostic("RR1004")
                .WithLocation(0)
                .WithSeverity(DiagnosticSeverity.Warning)
                .WithMessage("IPositionRepository.GetAsync is awaited inside a loop, one round trip per iteration; call GetManyAsync once for all of them"))
            .RunAsync();
    }

    [Fact]
    public async Task A_for_loop_over_items_is_RR1004_and_while_and_do_loops_are_RR1005()
    {
        await Create("""
            class Import
            {
                async Task Run(PositionRepository positions, Position[] batch, Queue<string> stale)
                {
                    for (int i = 0; i < batch.Length; i++)
                    {
                        await positions.{|#0:SaveAsync|}(batch[i]).ConfigureAwait(false);
                    }

                    while (stale.Count > 0)
                    {
                        await positions.{|RR1005:DeleteAsync|}(stale.Dequeue());
                    }

                    do
                    {
                        if (await positions.{|RR1005:DeleteAsync|}(stale.Dequeue())) break;
                    }
                    while (stale.Count > 0);
                }
            }
            """,
            Verify.Diagnostic("RR1004").WithLocation(0).WithArguments("PositionRepository.SaveAsync", "call SaveManyAsync once for all of them"))
            .RunAsync();
    }

    [Fact]
    public async Task StackExchange_Redis_single_key_calls_in_a_loop_are_reported_with_their_batched_form()
    {
        await Create("""
            class Cache
            {
                async Task Run(IDatabase db, string[] keys)
                {
                    foreach (var key in keys)
                    {
                        RedisValue value = await db.{|#0:StringGetAsync|}(key);
                        await db.{|#1:KeyExpireAsync|}(key, TimeSpan.FromMinutes(1));
                        await db.{|RR1004:KeyDeleteAsync|}(key);
                        await db.{|RR1004:HashGetAsync|}(key, "name");
                        await db.{|RR1004:SetAddAsync|}("ids", key);
                        await db.{|RR1004:StringSetAsync|}(key, value);
                    }
                }
            }
            """,
            Verify.Diagnostic("RR1004").WithLocation(0).WithMessage(
                "IDatabase.StringGetAsync is awaited inside a loop, one round trip per iteration; call StringGetAsync(RedisKey[]) once for all of them, or queue the calls on a batch (IDatabase.CreateBatch()) and await them together"),
            Verify.Diagnostic("RR1004").WithLocation(1).WithMessage(
                "IDatabase.KeyExpireAsync is awaited inside a loop, one round trip per iteration; queue the calls on a batch (IDatabase.CreateBatch()) and await them together"))
            .RunAsync();
    }

    [Fact]
    public async Task Calls_in_the_body_of_an_await_foreach_are_RR1005_and_the_stream_is_not_reported()
    {
        await Create("""
            class Cleanup
            {
                async Task Run(IPositionRepository positions, IDatabase db)
                {
                    await foreach (var position in positions.ScanAsync())
                    {
                        await db.{|RR1005:KeyDeleteAsync|}("quote:" + position.Id);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Tasks_collected_in_the_loop_and_awaited_with_WhenAll_are_not_reported()
    {
        await Create("""
            class Cache
            {
                async Task Run(IDatabase db, IPositionRepository positions, string[] keys, string[][] chunks)
                {
                    var pending = new List<Task<RedisValue>>();
                    foreach (var key in keys)
                    {
                        pending.Add(db.StringGetAsync(key));
                    }

                    await Task.WhenAll(pending);

                    foreach (var key in keys)
                    {
                        Task<bool> started = db.KeyDeleteAsync(key);
                        await started;
                    }

                    foreach (var chunk in chunks)
                    {
                        await Task.WhenAll(chunk.Select(id => positions.GetAsync(id)));
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Calls_in_a_lambda_or_local_function_defined_in_the_loop_are_not_reported()
    {
        await Create("""
            class Cache
            {
                async Task Run(IDatabase db, IPositionRepository positions, string[][] chunks)
                {
                    foreach (var chunk in chunks)
                    {
                        var loads = chunk.Select(async id => await positions.GetAsync(id)).ToList();
                        Func<string, Task<bool>> delete = async key => await db.KeyDeleteAsync(key);
                        async Task<RedisValue> Read(string key) => await db.StringGetAsync(key);
                        await Task.WhenAll(loads);
                        GC.KeepAlive(delete);
                        GC.KeepAlive((Func<string, Task<RedisValue>>)Read);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Batched_overloads_many_methods_and_calls_outside_the_body_are_not_reported()
    {
        await Create("""
            class Cache
            {
                async Task Run(IDatabase db, IPositionRepository positions, string[][] chunks)
                {
                    foreach (var chunk in chunks)
                    {
                        RedisKey[] keys = chunk.Select(k => (RedisKey)k).ToArray();
                        await db.StringGetAsync(keys);
                        await db.KeyDeleteAsync(keys);
                        await db.HashGetAsync("h", new RedisValue[] { "a", "b" });
                        await positions.GetManyAsync(chunk);
                        await positions.DeleteManyAsync(chunk);
                    }

                    foreach (var position in await positions.GetManyAsync(chunks[0]))
                    {
                    }

                    while (await db.KeyExistsAsync("lock"))
                    {
                        await Task.Delay(10);
                    }

                    await positions.GetAsync("outside-any-loop");
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Retry_and_poll_loops_that_make_the_same_call_each_time_are_not_reported()
    {
        // Every argument a constant or a default: the call cannot differ per item, there is nothing to batch.
        await Create("""
            class Startup
            {
                const string Lock = "lock:import";

                async Task Wait(IDatabase db, IPositionRepository positions, int attempts)
                {
                    while (true)
                    {
                        if (await db.KeyExistsAsync("ready")) break;
                        await Task.Delay(100);
                    }

                    do
                    {
                        if (await positions.DeleteAsync("x")) break;
                    }
                    while (true);

                    for (int i = 0; i < attempts; i++)
                    {
                        await db.KeyDeleteAsync(Lock, CommandFlags.None);
                        await db.StringGetAsync(default(RedisKey));
                        await positions.GetAsync(null!, default);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Poll_loop_whose_argument_varies_with_the_loop_is_RR1005()
    {
        await Create("""
            class Startup
            {
                async Task Wait(IDatabase db)
                {
                    int attempt = 0;
                    while (true)
                    {
                        if (await db.{|RR1005:KeyExistsAsync|}("ready:" + attempt++)) break;
                        await Task.Delay(100);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Calls_without_a_batched_form_or_on_a_batch_are_not_reported()
    {
        await Create("""
            class Cache
            {
                async Task Run(IDatabase db, IPositionRepository positions, string[] accounts)
                {
                    foreach (var account in accounts)
                    {
                        await positions.FindByAccountAsync(account);
                        await positions.ExistsAsync(account);
                        await db.PingAsync();
                        await db.ExecuteAsync("SCAN", "0");
                    }

                    var batch = db.CreateBatch();
                    var queued = new List<Task>();
                    foreach (var account in accounts)
                    {
                        queued.Add(batch.StringGetAsync(account));
                    }

                    batch.Execute();
                    await Task.WhenAll(queued);

                    // Commands on a batch or transaction are queued, not sent: not this rule's business.
                    ITransaction tx = db.CreateTransaction();
                    foreach (var account in accounts)
                    {
                        await tx.StringGetAsync(account);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Look_alike_repository_that_was_not_generated_is_not_reported()
    {
        await Create("""
            interface IUserRepository
            {
                Task<string> GetAsync(string id);
                Task<IReadOnlyList<string>> GetManyAsync(IEnumerable<string> ids);
            }

            class Users
            {
                async Task Run(IUserRepository users, string[] ids)
                {
                    foreach (var id in ids)
                    {
                        await users.GetAsync(id);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task A_foreach_call_that_does_not_take_the_item_is_only_RR1005_and_one_that_takes_its_property_is_RR1004()
    {
        await Create("""
            class Report
            {
                async Task Run(IPositionRepository positions, Position[] items, string fixedId)
                {
                    foreach (var item in items)
                    {
                        await positions.{|RR1005:GetAsync|}(fixedId + DateTime.UtcNow.Second);
                        await positions.{|RR1004:GetAsync|}(item.Id);
                    }
                }
            }
            """)
            .RunAsync();
    }

    [Fact]
    public async Task Severity_of_the_uncertain_shapes_can_be_raised_to_warning_in_editorconfig()
    {
        await Create("""
            class Report
            {
                async Task Run(IPositionRepository positions, Queue<string> ids)
                {
                    while (ids.Count > 0)
                    {
                        await positions.{|#0:GetAsync|}(ids.Dequeue());
                    }
                }
            }
            """,
            Verify.Diagnostic("RR1005").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
                .WithArguments("IPositionRepository.GetAsync", "call GetManyAsync once for all of them"))
            .WithEditorConfig("dotnet_diagnostic.RR1005.severity = warning")
            .RunAsync();
    }

    [Fact]
    public async Task Nothing_is_reported_when_StackExchange_Redis_is_not_referenced()
    {
        // RedisRepo references StackExchange.Redis, so a real generated repository always comes with it.
        await CreateWithUsings(Usings.Replace("using StackExchange.Redis;", string.Empty), """
            class Report
            {
                async Task Run(IPositionRepository positions, string[] ids)
                {
                    foreach (var id in ids)
                    {
                        await positions.GetAsync(id);
                    }
                }
            }
            """)
            .WithoutStackExchangeRedis()
            .RunAsync();
    }
}
