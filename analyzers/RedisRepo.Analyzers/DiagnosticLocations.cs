using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace RedisRepo.Analyzers
{
    /// <summary>Where the call-site rules (RR1001, RR1003, RR1004) put their diagnostics.</summary>
    internal static class DiagnosticLocations
    {
        /// <summary>
        /// The name of the invoked method (<c>StringSetAsync</c> in <c>db.StringSetAsync(...)</c> or
        /// <c>db?.StringSetAsync(...)</c>), else the whole invocation. The whole invocation would span the
        /// receiver chain and every argument, many lines for a script in a raw string.
        /// </summary>
        public static Location MethodName(IInvocationOperation invocation)
        {
            SyntaxNode syntax = invocation.Syntax;
            if (syntax is InvocationExpressionSyntax { Expression: var expression })
            {
                switch (expression)
                {
                    case MemberAccessExpressionSyntax memberAccess:
                        return memberAccess.Name.GetLocation();
                    case MemberBindingExpressionSyntax memberBinding:
                        return memberBinding.Name.GetLocation();
                }
            }

            return syntax.GetLocation();
        }
    }
}
