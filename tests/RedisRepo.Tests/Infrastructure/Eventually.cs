namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that Redis makes true on its own clock (a key expiring), polling instead
/// of sleeping a fixed time; fails with a message when it does not hold within the time limit.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int timeoutSeconds = 5, Func<string>? explain = null)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not hold within {timeoutSeconds} seconds{(explain is null ? "" : ": " + explain())}");
            await Task.Delay(10);
        }
    }
}
