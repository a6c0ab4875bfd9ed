using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RedisRepo.Analyzers.Tests.Infrastructure;
using Verify = RedisRepo.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RedisRepo.Analyzers.KeysUsageAnalyzer>;

namespace RedisRepo.Analyzers.Tests;

/// <summary>RR1001: KEYS, or a walk over the whole keyspace, in application code.</summary>
public sealed class RR1001KeysUsageTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using StackExchange.Redis;

        """;

    [Fact]
    public async Task IServer_Keys_is_reported_with_a_message_that_names_the_alternative()
    {
        await Verify.VerifyAsync(Usings + """
            class Admin
            {
                List<RedisKey> Users(IServer server) => server.{|#0:Keys|}(pattern: "user:*").ToList();
            }
            """,
            Verify.Diagnostic("RR1001")
                .WithLocation(0)
                .WithSeverity(DiagnosticSeverity.Warning)
                .WithMessage("IServer.Keys walks every key in the database; keep the ids you need in an index set and read that instead (SCAN with a cursor only in the rare admin case)"));
    }

    [Fact]
    public async Task IServer_KeysAsync_is_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Admin
            {
                async Task<int> Count(IServer server)
                {
                    int n = 0;
                    await foreach (var key in server.{|RR1001:KeysAsync|}(database: 0, pattern: "session:*", pageSize: 500))
                    {
                        n++;
                    }

                    return n;
                }
            }
            """);
    }

    [Fact]
    public async Task Execute_with_KEYS_in_any_case_is_reported_on_database_and_server()
    {
        await Verify.VerifyAsync(Usings + """
            class Admin
            {
                async Task Run(IDatabase db, IServer server)
                {
                    db.{|#0:Execute|}("KEYS", "user:*");
                    await db.{|RR1001:ExecuteAsync|}("keys", "user:*");
                    server.{|RR1001:Execute|}("Keys", new object[] { "*" });
                    await server.{|RR1001:ExecuteAsync|}("KEYS", new List<object> { "*" });
                }
            }
            """,
            Verify.Diagnostic("RR1001")
                .WithLocation(0)
                .WithMessage("KEYS (sent with IDatabase.Execute) walks every key in the database in one blocking command; keep the ids you need in an index set and read that instead (SCAN with a cursor only in the rare admin case)"));
    }

    [Fact]
    public async Task Execute_with_KEYS_from_a_constant_is_reported()
    {
        await Verify.VerifyAsync(Usings + """
            static class Commands
            {
                public const string Keys = "KE" + "YS";
            }

            class Admin
            {
                const string ListKeys = "keys";

                void Run(IDatabase db)
                {
                    db.{|RR1001:Execute|}(Commands.Keys, "*");
                    db.{|RR1001:Execute|}(ListKeys, "*");
                }
            }
            """);
    }

    [Fact]
    public async Task Execute_with_KEYS_held_in_a_local_is_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Admin
            {
                async Task Run(IDatabase db, IServer server)
                {
                    var cmd = "KEYS";
                    db.{|#0:Execute|}(cmd, "*");

                    string first = "ke";
                    string command = first + "ys";
                    await server.{|RR1001:ExecuteAsync|}(command, new List<object> { "*" });
                }
            }
            """,
            Verify.Diagnostic("RR1001").WithLocation(0).WithArguments("KEYS (sent with IDatabase.Execute)", " in one blocking command"));
    }

    [Fact]
    public async Task Command_in_a_local_that_is_only_partly_known_or_reassigned_is_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Admin
            {
                void Run(IDatabase db, string suffix, bool scan)
                {
                    var partial = "KEYS" + suffix;
                    db.Execute(partial, "*");

                    var command = "KEYS";
                    if (scan)
                    {
                        command = "SCAN";
                    }

                    db.Execute(command, "0");
                }
            }
            """);
    }

    [Fact]
    public async Task Lua_script_that_calls_KEYS_is_reported_for_every_way_of_passing_script_text()
    {
        await Verify.VerifyAsync(Usings + """"
            class Cleanup
            {
                const string DeleteAll = "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end";
                const string Prefix = "local keys = ";

                async Task Run(IDatabase db, IServer server)
                {
                    db.{|#0:ScriptEvaluate|}(DeleteAll, values: new RedisValue[] { "tmp:*" });
                    await db.{|RR1001:ScriptEvaluateAsync|}("return redis.pcall( \"keys\" , '*')");
                    await db.{|RR1001:ScriptEvaluateReadOnlyAsync|}(Prefix + "redis.call('KEYS', '*') return #keys");
                    LuaScript.{|RR1001:Prepare|}("""
                        local found = redis . call ( "Keys" , @pattern )
                        return #found
                        """);
                    await server.{|RR1001:ScriptLoadAsync|}(DeleteAll);
                }
            }
            """",
            Verify.Diagnostic("RR1001")
                .WithLocation(0)
                .WithMessage("KEYS, called by the Lua script passed to IDatabase.ScriptEvaluate, walks every key in the database in one blocking command; keep the ids you need in an index set and read that instead (SCAN with a cursor only in the rare admin case)"));
    }

    [Fact]
    public async Task Lua_script_that_reads_the_KEYS_table_is_not_reported()
    {
        // KEYS[1] is the script's key arguments, not the KEYS command.
        await Verify.VerifyAsync(Usings + """
            class Counter
            {
                const string Increment = "local v = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return v";

                async Task Run(IDatabase db)
                {
                    await db.ScriptEvaluateAsync(Increment, new RedisKey[] { "counter:1" }, new RedisValue[] { 60 });
                    LuaScript.Prepare("return redis.call('GET', @key) -- never KEYS *");
                }
            }
            """);
    }

    [Fact]
    public async Task Lua_KEYS_calls_inside_comments_are_not_reported()
    {
        await Verify.VerifyAsync(Usings + """"
            class Cleanup
            {
                async Task Run(IDatabase db, IServer server)
                {
                    await db.ScriptEvaluateAsync("""
                        -- was: redis.call('KEYS', ARGV[1])
                        return redis.call('SMEMBERS', KEYS[1])
                        """);
                    await db.ScriptEvaluateAsync("""
                        --[[ the old way:
                        for _, k in ipairs(redis.call('KEYS', '*')) do redis.call('DEL', k) end
                        ]]
                        return redis.call('DEL', KEYS[1])
                        """);
                    await server.ScriptLoadAsync("""
                        --[==[ an old note: redis.call("KEYS", "*") ]] is still inside ]=] the comment
                        redis.call("keys", "*") ]==]
                        return 1
                        """);
                    LuaScript.Prepare("return redis.call('GET', @key) --[[ redis.pcall('KEYS', '*') ]]");
                }
            }
            """");
    }

    [Fact]
    public async Task Lua_KEYS_calls_after_a_comment_or_after_dashes_in_a_string_are_reported()
    {
        await Verify.VerifyAsync(Usings + """"
            class Cleanup
            {
                async Task Run(IDatabase db)
                {
                    await db.{|RR1001:ScriptEvaluateAsync|}("""
                        --[[ find them ]] local found = redis.call('KEYS', ARGV[1])
                        return #found
                        """);
                    await db.{|RR1001:ScriptEvaluateAsync|}("local sep = '--' return redis.call('KEYS', sep)");
                    await db.{|RR1001:ScriptEvaluateAsync|}("local sep = \"--\" return redis.call('KEYS', sep)");
                    await db.{|RR1001:ScriptEvaluateAsync|}("local text = [==[ -- ]] ]==] return redis.call('KEYS', text)");
                    await db.{|RR1001:ScriptEvaluateAsync|}("-- note\nreturn redis.call('KEYS', '*')");
                }
            }
            """");
    }

    [Fact]
    public async Task Other_commands_and_scan_based_reads_are_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Reads
            {
                async Task Run(IDatabase db, IServer server)
                {
                    await db.ExecuteAsync("SCAN", "0", "MATCH", "user:*", "COUNT", "100");
                    db.Execute("KEYSPACE");
                    await db.SetMembersAsync("user:ids");
                    await foreach (var member in db.SetScanAsync("user:ids", pageSize: 100))
                    {
                    }

                    await server.ExecuteAsync("DBSIZE");
                }
            }
            """);
    }

    [Fact]
    public async Task Command_name_that_is_not_a_constant_is_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            class Console
            {
                RedisResult Run(IDatabase db, string command, object[] args) => db.Execute(command, args);
            }
            """);
    }

    [Fact]
    public async Task A_look_alike_Keys_method_outside_StackExchange_Redis_is_not_reported()
    {
        await Verify.VerifyAsync(Usings + """
            namespace MyCache
            {
                interface IServer { IEnumerable<string> Keys(string pattern); }
                interface IDatabase { object Execute(string command, params object[] args); }

                class Store
                {
                    void Run(IServer server, IDatabase db)
                    {
                        server.Keys("*").ToList();
                        db.Execute("KEYS", "*");
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Nothing_is_reported_when_StackExchange_Redis_is_not_referenced()
    {
        await Verify.Create("""
            using System.Collections.Generic;

            interface IServer { IEnumerable<string> Keys(string pattern); }

            class Store
            {
                IEnumerable<string> Run(IServer server) => server.Keys("*");
            }
            """).WithoutStackExchangeRedis().RunAsync();
    }

    [Fact]
    public async Task StackExchange_Redis_types_also_defined_by_another_reference_are_still_recognised()
    {
        // A library that embeds its own internal copy: GetTypeByMetadataName finds two and returns null.
        CSharpCompilation embedding = CSharpCompilation.Create(
            "EmbedsRedis",
            new[] { CSharpSyntaxTree.ParseText("namespace StackExchange.Redis { internal interface IDatabaseAsync { } internal interface IServer { } }") },
            TestReferences.Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        Assert.True(embedding.Emit(image).Success);
        MetadataReference embeddedCopy = MetadataReference.CreateFromImage(image.ToArray());

        Verify.Test test = Verify.Create(Usings + """
            class Admin
            {
                IEnumerable<RedisKey> All(IServer server) => server.{|RR1001:Keys|}();
            }
            """);
        test.TestState.AdditionalReferences.Add(embeddedCopy);
        await test.RunAsync();
    }

    [Fact]
    public async Task Severity_can_be_lowered_or_turned_off_in_editorconfig()
    {
        const string Source = Usings + """
            class Admin
            {
                IEnumerable<RedisKey> All(IServer server) => server.{|#0:Keys|}();
            }
            """;

        await Verify.Create(Source, Verify.Diagnostic("RR1001").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("IServer.Keys", ""))
            .WithEditorConfig("dotnet_diagnostic.RR1001.severity = suggestion")
            .RunAsync();

        await Verify.Create(Source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty))
            .WithEditorConfig("dotnet_diagnostic.RR1001.severity = none")
            .RunAsync();
    }
}
