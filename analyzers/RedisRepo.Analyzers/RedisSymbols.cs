using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The StackExchange.Redis types the analyzers recognise, resolved once per compilation.
    /// <see cref="TryCreate"/> fails when StackExchange.Redis is not referenced, and the analyzers
    /// that need it then register nothing. A type defined by more than one reference is taken from the
    /// StackExchange.Redis assembly.
    /// </summary>
    internal sealed class RedisSymbols
    {
        private const string AssemblyName = "StackExchange.Redis";

        private RedisSymbols(
            INamedTypeSymbol databaseAsync,
            INamedTypeSymbol? database,
            INamedTypeSymbol? server,
            INamedTypeSymbol? luaScript,
            INamedTypeSymbol? batch,
            INamedTypeSymbol? transaction,
            INamedTypeSymbol? expiration)
        {
            DatabaseAsync = databaseAsync;
            Database = database;
            Server = server;
            LuaScript = luaScript;
            Batch = batch;
            Transaction = transaction;
            Expiration = expiration;
        }

        /// <summary><c>IDatabaseAsync</c>: every database command, also the base of IDatabase, IBatch and ITransaction.</summary>
        public INamedTypeSymbol DatabaseAsync { get; }

        /// <summary><c>IDatabase</c>: the synchronous commands.</summary>
        public INamedTypeSymbol? Database { get; }

        /// <summary><c>IServer</c>: server commands (Keys, Execute, ScriptLoad).</summary>
        public INamedTypeSymbol? Server { get; }

        /// <summary><c>LuaScript</c>, whose <c>Prepare</c> takes script text.</summary>
        public INamedTypeSymbol? LuaScript { get; }

        /// <summary><c>IBatch</c>: commands queued until <c>Execute</c>.</summary>
        public INamedTypeSymbol? Batch { get; }

        /// <summary><c>ITransaction</c>: commands queued until <c>Execute</c>, run as MULTI/EXEC.</summary>
        public INamedTypeSymbol? Transaction { get; }

        /// <summary><c>Expiration</c> (StackExchange.Redis 3.x), the expiry of StringSet.</summary>
        public INamedTypeSymbol? Expiration { get; }

        public static bool TryCreate(Compilation compilation, out RedisSymbols symbols)
        {
            INamedTypeSymbol? databaseAsync = Resolve(compilation, "StackExchange.Redis.IDatabaseAsync");
            if (databaseAsync is null)
            {
                symbols = null!;
                return false;
            }

            symbols = new RedisSymbols(
                databaseAsync,
                Resolve(compilation, "StackExchange.Redis.IDatabase"),
                Resolve(compilation, "StackExchange.Redis.IServer"),
                Resolve(compilation, "StackExchange.Redis.LuaScript"),
                Resolve(compilation, "StackExchange.Redis.IBatch"),
                Resolve(compilation, "StackExchange.Redis.ITransaction"),
                Resolve(compilation, "StackExchange.Redis.Expiration"));
            return true;
        }

        /// <summary>
        /// The type of that metadata name. GetTypeByMetadataName gives up (null) when two references define
        /// it, say StackExchange.Redis and a library that embeds a copy: then the one in the assembly named
        /// StackExchange.Redis wins, and when none is, GetTypeByMetadataName's own preference (this
        /// compilation, then the core library) decides.
        /// </summary>
        private static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName)
        {
            ImmutableArray<INamedTypeSymbol> candidates = compilation.GetTypesByMetadataName(metadataName);
            switch (candidates.Length)
            {
                case 0:
                    return null;
                case 1:
                    return candidates[0];
            }

            foreach (INamedTypeSymbol candidate in candidates)
            {
                if (candidate.ContainingAssembly?.Name == AssemblyName)
                {
                    return candidate;
                }
            }

            return compilation.GetTypeByMetadataName(metadataName);
        }

        /// <summary>Whether <paramref name="method"/> is declared on IDatabaseAsync or IDatabase.</summary>
        public bool IsDatabaseMethod(IMethodSymbol method) =>
            Is(method.ContainingType, DatabaseAsync) || Is(method.ContainingType, Database);

        /// <summary>Whether <paramref name="method"/> is declared on IServer.</summary>
        public bool IsServerMethod(IMethodSymbol method) => Is(method.ContainingType, Server);

        /// <summary>Whether <paramref name="type"/> is IBatch or ITransaction, or implements one of them.</summary>
        public bool IsQueuedCommands(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (Is(type, Batch) || Is(type, Transaction))
            {
                return true;
            }

            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (Is(implemented, Batch) || Is(implemented, Transaction))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
    }
}
