using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// RR1003: a single-key write that can carry an expiry but does not, to a key whose compile-time
    /// text has a cache segment (<see cref="CacheKeySegments"/>). The writers: StringSet, StringSetAndGet
    /// and HashFieldSetAndSetExpiry, sync and async, on IDatabase, IDatabaseAsync, batches and
    /// transactions. "Without an expiry" means the <c>expiry</c> argument is left out, or is
    /// <c>null</c>, <c>default</c> or <c>Expiration.Default</c>; <c>keepTtl: true</c>,
    /// <c>Expiration.KeepTtl</c> and <c>Expiration.Persist</c> are explicit decisions and are not flagged.
    /// Reported on the called method's name.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CacheWriteWithoutExpiryAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.CacheWriteWithoutExpiry);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (RedisSymbols.TryCreate(start.Compilation, out RedisSymbols symbols))
                {
                    // The segments option, read once per file.
                    var segmentsByTree = new ConcurrentDictionary<SyntaxTree, CacheKeySegments>();
                    start.RegisterOperationBlockStartAction(block =>
                    {
                        var locals = new LocalInitializers(block.OperationBlocks);
                        block.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, locals, segmentsByTree), OperationKind.Invocation);
                    });
                }
            });
        }

        /// <summary>Whether <paramref name="method"/> is one of the writers this rule checks.</summary>
        internal static bool IsExpiringWriter(IMethodSymbol method, RedisSymbols symbols) =>
            method.Name is "StringSet" or "StringSetAsync"
                or "StringSetAndGet" or "StringSetAndGetAsync"
                or "HashFieldSetAndSetExpiry" or "HashFieldSetAndSetExpiryAsync"
            && symbols.IsDatabaseMethod(method);

        private static void AnalyzeInvocation(
            OperationAnalysisContext context,
            RedisSymbols symbols,
            LocalInitializers locals,
            ConcurrentDictionary<SyntaxTree, CacheKeySegments> segmentsByTree)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!IsExpiringWriter(invocation.TargetMethod, symbols))
            {
                return;
            }

            IArgumentOperation? key = null;
            IArgumentOperation? expiry = null;
            IArgumentOperation? keepTtl = null;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                switch (argument.Parameter?.Name)
                {
                    case "key":
                        key = argument;
                        break;
                    case "expiry":
                        expiry = argument;
                        break;
                    case "keepTtl":
                        keepTtl = argument;
                        break;
                }
            }

            // The multi-key StringSet(KeyValuePair<RedisKey, RedisValue>[]) has no "key" parameter.
            if (key is null || expiry is null || !IsNoExpiry(expiry, symbols) || keepTtl?.Value.ConstantValue.Value is true)
            {
                return;
            }

            if (ConstantText.Of(key.Value, locals) is not { } keyText)
            {
                return;
            }

            SyntaxTree tree = invocation.Syntax.SyntaxTree;
            if (!segmentsByTree.TryGetValue(tree, out CacheKeySegments segments))
            {
                segments = segmentsByTree.GetOrAdd(tree, CacheKeySegments.From(context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree)));
            }

            if (segments.Match(keyText) is not { } segment)
            {
                return;
            }

            string caller = (invocation.Instance?.Type?.Name ?? invocation.TargetMethod.ContainingType.Name) + "." + invocation.TargetMethod.Name;
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.CacheWriteWithoutExpiry,
                DiagnosticLocations.MethodName(invocation),
                caller,
                ConstantText.Display(keyText),
                segment));
        }

        /// <summary>Whether the expiry argument says "no expiry": left out, null, default or Expiration.Default.</summary>
        internal static bool IsNoExpiry(IArgumentOperation expiry, RedisSymbols symbols)
        {
            if (expiry.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return true;
            }

            IOperation value = expiry.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value switch
            {
                { ConstantValue: { HasValue: true, Value: null } } => true,
                IDefaultValueOperation => true,
                IPropertyReferenceOperation { Property.Name: "Default" } property =>
                    SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.Expiration),
                _ => false,
            };
        }
    }
}
