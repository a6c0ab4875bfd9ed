using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Diagnostics;

namespace RedisRepo.Generators.Tests;

/// <summary>
/// Every diagnostic's help link is its page in docs/diagnostics of the repository that
/// Directory.Build.props names (the same RepositoryUrl the package's nuspec carries), and the page exists.
/// </summary>
public sealed class HelpLinkTests
{
    [Fact]
    public void Every_diagnostic_links_to_its_page_in_docs_diagnostics_of_the_repository_url()
    {
        string root = RepositoryRoot();
        string url = Regex.Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<RepositoryUrl>([^<]+)</RepositoryUrl>").Groups[1].Value;
        DiagnosticDescriptor[] descriptors = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();

        Assert.NotEmpty(descriptors);
        Assert.StartsWith("https://", url);
        Assert.All(descriptors, d =>
        {
            Assert.Equal($"{url}/blob/main/docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", d.Id + ".md")), $"{d.Id} has no page in docs/diagnostics");
        });
    }

    private static string RepositoryRoot()
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
