using RedisRepo.Generators.Diagnostics;
using RedisRepo.Tests.Shared;

namespace RedisRepo.Generators.Tests;

/// <summary>Every diagnostic's help link is its page in docs/diagnostics of the repository URL, and the page exists.</summary>
public sealed class HelpLinkTests
{
    [Fact]
    public void Every_diagnostic_links_to_its_page_in_docs_diagnostics_of_the_repository_url() =>
        HelpLinkAssertions.EveryDescriptorLinksToItsPage(typeof(DiagnosticDescriptors));
}
