namespace RedisRepo.Storage;

/// <summary>
/// How a repository call honours its CancellationToken: it stops waiting for a reply, never a
/// command already sent (Redis cannot take one back), and costs nothing when the token cannot fire.
/// </summary>
internal static class Waiting
{
    public static Task WithCancellation(Task task, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;

    public static Task<TResult> WithCancellation<TResult>(Task<TResult> task, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;
}
