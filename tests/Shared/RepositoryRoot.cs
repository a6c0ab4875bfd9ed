namespace RedisRepo.Tests.Shared;

/// <summary>The repository checkout the tests run from (the folder holding RedisRepo.sln). One source file linked into each test project that reads repository files.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RedisRepo.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"RedisRepo.sln not found above {AppContext.BaseDirectory}.");
    }
}
