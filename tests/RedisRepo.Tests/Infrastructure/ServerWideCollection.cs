namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// Tests that change server-wide state (SCRIPT FLUSH, CLIENT PAUSE). xunit runs this collection
/// after the parallel ones, alone, so no other test sees the change.
/// </summary>
[CollectionDefinition(nameof(ServerWideCollection), DisableParallelization = true)]
public sealed class ServerWideCollection;
