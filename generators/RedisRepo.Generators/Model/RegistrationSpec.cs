namespace RedisRepo.Generators.Model
{
    /// <summary>One repository to register in the container.</summary>
    internal sealed record RepositoryRegistration(string InterfaceType, string RepositoryType);

    /// <summary>What the assembly's generated <c>AddRedisRepositories()</c> registers.</summary>
    /// <param name="AssemblyName">The compiling assembly's name.</param>
    /// <param name="Repositories">This assembly's repositories, sorted.</param>
    /// <param name="ReferencedRegistrations">Registration classes of referenced assemblies, sorted.</param>
    internal sealed record RegistrationSpec(
        string AssemblyName,
        EquatableArray<RepositoryRegistration> Repositories,
        EquatableArray<string> ReferencedRegistrations);

    /// <summary>A model's template, for the cross-model key overlap check.</summary>
    internal sealed record TemplateEntry(string ModelName, KeyTemplateSpec Key, LocationInfo? Location);
}
