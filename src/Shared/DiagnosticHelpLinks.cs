namespace RedisRepo.Diagnostics
{
    /// <summary>
    /// The help link of a RedisRepo diagnostic: its page in docs/diagnostics of the repository that
    /// RepositoryUrl and RepositoryBranch in Directory.Build.props name (read from the assembly's
    /// metadata). One source file compiled into the generator and the analyzers.
    /// </summary>
    internal static class DiagnosticHelpLinks
    {
        private static readonly string Url = Metadata("RepositoryUrl").TrimEnd('/');

        private static readonly string Branch = Metadata("RepositoryBranch");

        /// <summary>The documentation page of diagnostic <paramref name="id"/>.</summary>
        public static string For(string id) => Url + "/blob/" + Branch + "/docs/diagnostics/" + id + ".md";

        private static string Metadata(string key)
        {
            foreach (object attribute in typeof(DiagnosticHelpLinks).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false))
            {
                var metadata = (System.Reflection.AssemblyMetadataAttribute)attribute;
                if (metadata.Key == key && !string.IsNullOrEmpty(metadata.Value))
                {
                    return metadata.Value!;
                }
            }

            throw new System.InvalidOperationException("RedisRepo was built without the assembly metadata " + key + " (Directory.Build.props).");
        }
    }
}
