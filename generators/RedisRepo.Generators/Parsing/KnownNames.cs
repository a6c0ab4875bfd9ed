namespace RedisRepo.Generators.Parsing
{
    /// <summary>Metadata names of the runtime types the generator looks for.</summary>
    internal static class KnownNames
    {
        public const string RedisKeyAttribute = "RedisRepo.RedisKeyAttribute";
        public const string TtlAttribute = "RedisRepo.TtlAttribute";
        public const string PersistentAttribute = "RedisRepo.PersistentAttribute";
        public const string IndexAttribute = "RedisRepo.IndexAttribute";
        public const string SortedIndexAttribute = "RedisRepo.SortedIndexAttribute";
        public const string VersionAttribute = "RedisRepo.VersionAttribute";
        public const string RegistrationAttribute = "RedisRepo.RedisRepositoryRegistrationAttribute";
        public const string RuntimeAssembly = "RedisRepo";
    }
}
