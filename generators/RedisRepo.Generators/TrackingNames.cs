namespace RedisRepo.Generators
{
    /// <summary>Names of the pipeline steps, so tests can assert which ones were cached.</summary>
    internal static class TrackingNames
    {
        public const string ParsedModels = nameof(ParsedModels);
        public const string ModelDiagnostics = nameof(ModelDiagnostics);
        public const string Repositories = nameof(Repositories);
        public const string Templates = nameof(Templates);
        public const string OverlapDiagnostics = nameof(OverlapDiagnostics);
        public const string ReferencedRegistrations = nameof(ReferencedRegistrations);
        public const string AssemblyName = nameof(AssemblyName);
        public const string Registration = nameof(Registration);
        public const string DeclaredQueries = nameof(DeclaredQueries);
        public const string Queries = nameof(Queries);
        public const string QueryDiagnostics = nameof(QueryDiagnostics);
        public const string QueryMethods = nameof(QueryMethods);
    }
}
