using System.Runtime.CompilerServices;

namespace RedisRepo.Generators.Tests.Infrastructure;

/// <summary>
/// Approval snapshots: compares text with <c>Snapshots/{name}.approved.cs</c> beside the test.
/// On a mismatch it writes <c>{name}.received.cs</c> next to it and fails; review the difference and
/// run the tests with <c>REDISREPO_ACCEPT_SNAPSHOTS=1</c> to approve the received text.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "REDISREPO_ACCEPT_SNAPSHOTS";

    public static void Match(string actual, string name, [CallerFilePath] string testFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        string approvedPath = Path.Combine(directory, name + ".approved.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        string? approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).Replace("\r\n", "\n") : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(approved is null
            ? $"No approved snapshot '{name}'. Review {receivedPath} and approve it with {AcceptVariable}=1."
            : $"Snapshot '{name}' differs from the approved one at {FirstDifference(approved, actual)}. Compare {receivedPath} with {approvedPath}; approve with {AcceptVariable}=1.");
    }

    private static string FirstDifference(string approved, string actual)
    {
        string[] expected = approved.Split('\n');
        string[] received = actual.Split('\n');
        for (int i = 0; i < Math.Max(expected.Length, received.Length); i++)
        {
            string? e = i < expected.Length ? expected[i] : null;
            string? r = i < received.Length ? received[i] : null;
            if (e != r)
            {
                return $"line {i + 1}: approved \"{e}\", received \"{r}\"";
            }
        }

        return "line endings";
    }
}
