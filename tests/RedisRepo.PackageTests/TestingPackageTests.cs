using System.IO.Compression;
using System.Xml.Linq;

namespace RedisRepo.PackageTests;

/// <summary>
/// The RedisRepo.Testing package users add to their test projects: its assembly, XML docs and
/// README are in it, it depends on the RedisRepo of the same version and on Testcontainers, and on
/// no test framework.
/// </summary>
public sealed class TestingPackageTests
{
    [Fact]
    public void The_testing_package_holds_the_assembly_its_docs_and_readme_and_depends_on_redisrepo_but_on_no_test_framework()
    {
        using ZipArchive package = ZipFile.OpenRead(LocalFeed.TestingPackage);
        string[] entries = package.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("lib/net10.0/RedisRepo.Testing.dll", entries);
        Assert.Contains("lib/net10.0/RedisRepo.Testing.xml", entries);
        Assert.Contains("README.md", entries);

        using Stream nuspec = package.GetEntry("RedisRepo.Testing.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Dictionary<string, string> dependencies = metadata.Descendants()
            .Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        Assert.Equal(LocalFeed.Version, dependencies["RedisRepo"]);
        Assert.Contains("Testcontainers.Redis", dependencies.Keys);
        Assert.DoesNotContain(dependencies.Keys, id => id.Contains("xunit", StringComparison.OrdinalIgnoreCase) || id.Contains("NUnit", StringComparison.OrdinalIgnoreCase) || id.Contains("MSTest", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("MIT", metadata.Elements().Single(e => e.Name.LocalName == "license").Value);
        Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
    }
}
