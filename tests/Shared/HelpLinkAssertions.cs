using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace RedisRepo.Tests.Shared;

/// <summary>
/// Checks that every diagnostic of a descriptors class links to its page in docs/diagnostics of the
/// repository Directory.Build.props names (the RepositoryUrl the package's nuspec carries), and that
/// the page exists. One source file compiled into the generator and analyzer test projects.
/// </summary>
internal static class HelpLinkAssertions
{
    public static void EveryDescriptorLinksToItsPage(Type descriptors)
    {
        string root = RepositoryRoot.Find();
        string url = Regex.Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<RepositoryUrl>([^<]+)</RepositoryUrl>").Groups[1].Value;
        DiagnosticDescriptor[] all = descriptors
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToArray();

        Assert.NotEmpty(all);
        Assert.StartsWith("https://", url);
        Assert.All(all, d =>
        {
            Assert.Equal($"{url}/blob/main/docs/diagnostics/{d.Id}.md", d.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", d.Id + ".md")), $"{d.Id} has no page in docs/diagnostics");
        });
    }
}
