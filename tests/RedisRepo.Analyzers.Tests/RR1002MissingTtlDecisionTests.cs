using Microsoft.CodeAnalysis;
using RedisRepo.Analyzers.CodeFixes;
using Verify = RedisRepo.Analyzers.Tests.Infrastructure.AnalyzerVerifier<RedisRepo.Analyzers.MissingTtlDecisionAnalyzer>;
using VerifyFix = RedisRepo.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    RedisRepo.Analyzers.MissingTtlDecisionAnalyzer,
    RedisRepo.Analyzers.CodeFixes.MissingTtlDecisionCodeFixProvider>;

namespace RedisRepo.Analyzers.Tests;

/// <summary>RR1002: a [RedisKey] model that decides nothing about expiry, and its two fixes.</summary>
public sealed class RR1002MissingTtlDecisionTests
{
    [Fact]
    public async Task Model_with_neither_Ttl_nor_Persistent_is_reported_on_its_name()
    {
        await Verify.VerifyAsync("""
            using RedisRepo;

            namespace Shop;

            [RedisKey("shop:cart:<Id>")]
            public sealed class {|#0:Cart|}
            {
                public string Id { get; set; } = "";
            }
            """,
            Verify.Diagnostic("RR1002")
                .WithLocation(0)
                .WithSeverity(DiagnosticSeverity.Warning)
                .WithMessage("Cart has neither [Ttl] nor [Persistent]; say how long its entities live ([Ttl(...)] on the class or on a TimeSpan/DateTimeOffset/DateTime property) or that they live until deleted ([Persistent])"));
    }

    [Fact]
    public async Task Record_and_partial_models_are_reported_where_RedisKey_is()
    {
        await Verify.VerifyAsync("""
            using RedisRepo;

            [RedisRepo.RedisKey("auth:session:<Id>")]
            public record {|RR1002:Session|}(string Id, string User);

            public partial class Order
            {
                public string Id { get; set; } = "";
            }

            [RedisKeyAttribute("shop:order:<Id>")]
            public partial class {|RR1002:Order|}
            {
                public decimal Total { get; set; }
            }
            """);
    }

    [Fact]
    public async Task Ttl_on_the_class_is_a_decision()
    {
        await Verify.VerifyAsync("""
            using RedisRepo;

            [RedisKey("quote:<Ticker>:latest")]
            [Ttl(Minutes = 5, Sliding = true)]
            public sealed class Quote { public string Ticker { get; set; } = ""; }

            [RedisKey("otp:<Id>"), Ttl(300)]
            public sealed class OneTimeCode { public string Id { get; set; } = ""; }
            """);
    }

    [Fact]
    public async Task Persistent_is_a_decision()
    {
        await Verify.VerifyAsync("""
            using RedisRepo;

            [RedisKey("finance:account:<Id>")]
            [Persistent]
            public sealed class Account { public string Id { get; set; } = ""; }
            """);
    }

    [Fact]
    public async Task Ttl_on_a_property_own_or_inherited_or_positional_is_a_decision()
    {
        await Verify.VerifyAsync("""
            using System;
            using RedisRepo;

            [RedisKey("auth:token:<Id>")]
            public sealed class Token
            {
                public string Id { get; set; } = "";
                [Ttl] public DateTimeOffset? ExpiresAt { get; set; }
            }

            public abstract class Expiring
            {
                [Ttl] public TimeSpan? TimeToLive { get; set; }
            }

            [RedisKey("auth:invite:<Id>")]
            public sealed class Invite : Expiring { public string Id { get; set; } = ""; }

            [RedisKey("auth:reset:<Id>")]
            public sealed record PasswordReset(string Id, [property: Ttl] DateTime ExpiresAt);

            [RedisKey("auth:otp:<Id>")]
            public sealed record OneTimeCode(string Id, [Ttl] TimeSpan Life); // on the parameter, as users write it
            """);
    }

    [Fact]
    public async Task Ttl_on_a_property_the_generator_does_not_read_is_not_a_decision()
    {
        // The generator reads [Ttl] only from public instance properties (no indexers), the most-derived
        // one of each name: none of these counts.
        await Verify.VerifyAsync("""
            using System;
            using RedisRepo;

            [RedisKey("auth:token:<Id>")]
            public sealed class {|RR1002:Token|}
            {
                public string Id { get; set; } = "";
                [Ttl] internal TimeSpan? Life { get; set; }
            }

            [RedisKey("auth:code:<Id>")]
            public class {|RR1002:Code|}
            {
                public string Id { get; set; } = "";
                [Ttl] protected DateTimeOffset? ExpiresAt { get; set; }
                [Ttl] public static TimeSpan? Default { get; set; }
            }

            public abstract class Expiring
            {
                [Ttl] public TimeSpan? TimeToLive { get; set; }
            }

            [RedisKey("auth:invite:<Id>")]
            public sealed class {|RR1002:Invite|} : Expiring
            {
                public string Id { get; set; } = "";
                public new TimeSpan? TimeToLive { get; set; }
            }
            """);
    }

    [Fact]
    public async Task Ttl_on_a_public_base_property_hidden_only_by_a_non_public_one_is_a_decision()
    {
        // The generator skips the internal TimeToLive, so the public one of the base is the one it reads.
        await Verify.VerifyAsync("""
            using System;
            using RedisRepo;

            public abstract class Expiring
            {
                [Ttl] public TimeSpan? TimeToLive { get; set; }
            }

            [RedisKey("auth:invite:<Id>")]
            public sealed class Invite : Expiring
            {
                public string Id { get; set; } = "";
                internal new TimeSpan? TimeToLive { get; set; }
            }
            """);
    }

    [Fact]
    public async Task Class_without_RedisKey_or_with_a_look_alike_attribute_is_not_reported()
    {
        await Verify.VerifyAsync("""
            using System;

            namespace Other
            {
                [AttributeUsage(AttributeTargets.Class)]
                public sealed class RedisKeyAttribute : Attribute
                {
                    public RedisKeyAttribute(string template) { }
                }

                [RedisKey("other:<Id>")]
                public sealed class NotAModel { public string Id { get; set; } = ""; }

                public sealed class Plain { public string Id { get; set; } = ""; }
            }
            """);
    }

    [Fact]
    public async Task Severity_can_be_turned_off_in_editorconfig()
    {
        await Verify.Create("""
            using RedisRepo;

            [RedisKey("shop:cart:<Id>")]
            public sealed class Cart { public string Id { get; set; } = ""; }
            """)
            .WithEditorConfig("dotnet_diagnostic.RR1002.severity = none")
            .RunAsync();
    }

    [Fact]
    public async Task Fix_adds_a_placeholder_Ttl_with_a_todo_under_RedisKey()
    {
        await VerifyFix.VerifyFixAsync("""
            using RedisRepo;

            namespace Shop
            {
                /// <summary>A shopping cart.</summary>
                [RedisKey("shop:cart:<Id>")]
                public sealed class {|RR1002:Cart|}
                {
                    public string Id { get; set; } = "";
                }
            }
            """, """
            using RedisRepo;

            namespace Shop
            {
                /// <summary>A shopping cart.</summary>
                [RedisKey("shop:cart:<Id>")]
                [Ttl(Hours = 1)] // TODO: choose how long entities live (1 hour is a placeholder)
                public sealed class Cart
                {
                    public string Id { get; set; } = "";
                }
            }
            """,
            MissingTtlDecisionCodeFixProvider.AddTtlKey);
    }

    [Fact]
    public async Task Fix_adds_Persistent_and_the_using_when_RedisRepo_is_not_imported()
    {
        await VerifyFix.VerifyFixAsync("""
            // Copyright header.
            using System;

            namespace Finance;

            [RedisRepo.RedisKey("finance:account:<Id>")]
            [Serializable]
            public sealed class {|RR1002:Account|}
            {
                public string Id { get; set; } = "";
            }
            """, """
            // Copyright header.
            using System;
            using RedisRepo;

            namespace Finance;

            [RedisRepo.RedisKey("finance:account:<Id>")]
            [Persistent]
            [Serializable]
            public sealed class Account
            {
                public string Id { get; set; } = "";
            }
            """,
            MissingTtlDecisionCodeFixProvider.AddPersistentKey);
    }

    [Fact]
    public async Task Fix_adds_the_using_to_a_file_without_usings()
    {
        await VerifyFix.VerifyFixAsync("""
            namespace Finance;

            [RedisRepo.RedisKey("finance:quote:<Id>")]
            public sealed class {|RR1002:Quote|} { public string Id { get; set; } = ""; }
            """, """
            using RedisRepo;

            namespace Finance;

            [RedisRepo.RedisKey("finance:quote:<Id>")]
            [Ttl(Hours = 1)] // TODO: choose how long entities live (1 hour is a placeholder)
            public sealed class Quote { public string Id { get; set; } = ""; }
            """,
            MissingTtlDecisionCodeFixProvider.AddTtlKey);
    }

    [Fact]
    public async Task Fix_keeps_a_single_line_declaration_on_its_line()
    {
        await VerifyFix.VerifyFixAsync("""
            using RedisRepo;

            [RedisKey("shop:tag:<Id>")] public sealed class {|RR1002:Tag|} { public string Id { get; set; } = ""; }
            """, """
            using RedisRepo;

            [RedisKey("shop:tag:<Id>")] [Persistent] public sealed class Tag { public string Id { get; set; } = ""; }
            """,
            MissingTtlDecisionCodeFixProvider.AddPersistentKey);
    }

    [Fact]
    public async Task Fix_all_fixes_every_model_in_the_file()
    {
        await VerifyFix.VerifyFixAsync("""
            using RedisRepo;

            [RedisKey("shop:cart:<Id>")]
            public sealed class {|RR1002:Cart|} { public string Id { get; set; } = ""; }

            [RedisKey("shop:order:<Id>")]
            public sealed class {|RR1002:Order|} { public string Id { get; set; } = ""; }
            """, """
            using RedisRepo;

            [RedisKey("shop:cart:<Id>")]
            [Persistent]
            public sealed class Cart { public string Id { get; set; } = ""; }

            [RedisKey("shop:order:<Id>")]
            [Persistent]
            public sealed class Order { public string Id { get; set; } = ""; }
            """,
            MissingTtlDecisionCodeFixProvider.AddPersistentKey);
    }

    [Fact]
    public async Task Fix_all_adds_the_using_once()
    {
        await VerifyFix.VerifyFixAsync("""
            namespace Shop;

            [RedisRepo.RedisKey("shop:cart:<Id>")]
            public sealed class {|RR1002:Cart|} { public string Id { get; set; } = ""; }

            [RedisRepo.RedisKey("shop:order:<Id>")]
            public sealed class {|RR1002:Order|} { public string Id { get; set; } = ""; }
            """, """
            using RedisRepo;

            namespace Shop;

            [RedisRepo.RedisKey("shop:cart:<Id>")]
            [Ttl(Hours = 1)] // TODO: choose how long entities live (1 hour is a placeholder)
            public sealed class Cart { public string Id { get; set; } = ""; }

            [RedisRepo.RedisKey("shop:order:<Id>")]
            [Ttl(Hours = 1)] // TODO: choose how long entities live (1 hour is a placeholder)
            public sealed class Order { public string Id { get; set; } = ""; }
            """,
            MissingTtlDecisionCodeFixProvider.AddTtlKey);
    }

    [Fact]
    public async Task Fix_qualifies_the_attribute_when_another_Ttl_is_in_scope()
    {
        await VerifyFix.VerifyFixAsync("""
            using System;

            namespace Shop
            {
                [AttributeUsage(AttributeTargets.Class)]
                public sealed class TtlAttribute : Attribute { public int Hours { get; set; } }

                [RedisRepo.RedisKey("shop:cart:<Id>")]
                public sealed class {|RR1002:Cart|} { public string Id { get; set; } = ""; }
            }
            """, """
            using System;

            namespace Shop
            {
                [AttributeUsage(AttributeTargets.Class)]
                public sealed class TtlAttribute : Attribute { public int Hours { get; set; } }

                [RedisRepo.RedisKey("shop:cart:<Id>")]
                [global::RedisRepo.Ttl(Hours = 1)] // TODO: choose how long entities live (1 hour is a placeholder)
                public sealed class Cart { public string Id { get; set; } = ""; }
            }
            """,
            MissingTtlDecisionCodeFixProvider.AddTtlKey);
    }
}
