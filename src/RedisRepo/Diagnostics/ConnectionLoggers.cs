using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace RedisRepo.Diagnostics;

/// <summary>
/// The logger of the context over a connection, for code that holds only the connection (a script
/// sent again after NOSCRIPT). Weak: it does not keep a connection alive.
/// </summary>
internal static class ConnectionLoggers
{
    private static readonly ConditionalWeakTable<IConnectionMultiplexer, ILogger> Loggers = [];

    public static void Register(IConnectionMultiplexer connection, ILogger logger) => Loggers.AddOrUpdate(connection, logger);

    public static ILogger For(IConnectionMultiplexer connection) =>
        Loggers.TryGetValue(connection, out ILogger? logger) ? logger : NullLogger.Instance;
}
