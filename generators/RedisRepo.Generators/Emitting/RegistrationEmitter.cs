using System.Linq;
using System.Text;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>
    /// Writes the assembly's registration: a public <c>RedisRepo.Generated.{Assembly}RedisRepositories</c>
    /// class (named by an assembly attribute, so referencing assemblies find it), and an internal
    /// <c>AddRedisRepositories()</c> that registers this assembly's repositories and those of
    /// every referenced assembly that has some.
    /// </summary>
    internal static class RegistrationEmitter
    {
        public static string Emit(RegistrationSpec spec)
        {
            string registrationClass = RegistrationClassName(spec.AssemblyName);
            return GeneratedFile.Write("the [RedisKey] models this assembly can see, for dependency injection", null, w => EmitRegistration(w, spec, registrationClass));
        }

        private static void EmitRegistration(SourceWriter w, RegistrationSpec spec, string registrationClass)
        {
            bool hasOwn = spec.Repositories.Count > 0;
            if (hasOwn)
            {
                w.Line($"[assembly: global::RedisRepo.RedisRepositoryRegistration(typeof(global::RedisRepo.Generated.{registrationClass}))]");
                w.Line();
                using (w.Open("namespace RedisRepo.Generated"))
                {
                    w.Doc($"<summary>Registers the RedisRepo repositories generated for assembly <c>{Literals.Xml(spec.AssemblyName)}</c>.</summary>");
                    w.Line(Names.GeneratedCode);
                    w.Line(Names.GeneratedClass);
                    w.Line("// Called by the generated AddRedisRepositories only.");
                    w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
                    using (w.Open($"public static class {registrationClass}"))
                    {
                        w.Doc("<summary>\nAdds each repository of this assembly as a singleton, by class and by interface (one instance);\nregistrations already present are kept.\n</summary>\n<param name=\"services\">The service collection.</param>");
                        using (w.Open($"public static {Names.ServiceCollection} Register({Names.ServiceCollection} services)"))
                        {
                            foreach (RepositoryRegistration repository in spec.Repositories)
                            {
                                w.Line($"{Names.ServiceCollectionExtensions}.TryAddSingleton<{repository.RepositoryType}>(services, static provider => new {repository.RepositoryType}(global::RedisRepo.DependencyInjection.RedisRepoServices.Context(provider, {Literals.String(repository.RepositoryType.Replace("global::", ""))})));");
                                w.Line($"{Names.ServiceCollectionExtensions}.TryAddSingleton<{repository.InterfaceType}>(services, static provider => {Names.ServiceProviderExtensions}.GetRequiredService<{repository.RepositoryType}>(provider));");
                            }

                            w.Line("return services;");
                        }
                    }
                }

                w.Line();
            }

            using (w.Open("namespace Microsoft.Extensions.DependencyInjection"))
            {
                w.Doc("<summary>Registers the RedisRepo repositories this assembly can see.</summary>");
                w.Line(Names.GeneratedCode);
                w.Line(Names.GeneratedClass);
                using (w.Open("internal static class RedisRepositoriesServiceCollectionExtensions"))
                {
                    w.Doc("<summary>\nRegisters every RedisRepo repository of this assembly and of the referenced assemblies that have\nmodels, as singletons (by interface and by class). Call <c>AddRedisRepo(...)</c> as well, for the connection.\n</summary>\n<param name=\"services\">The service collection.</param>");
                    using (w.Open($"public static {Names.ServiceCollection} AddRedisRepositories(this {Names.ServiceCollection} services)"))
                    {
                        if (hasOwn)
                        {
                            w.Line($"global::RedisRepo.Generated.{registrationClass}.Register(services);");
                        }

                        foreach (string referenced in spec.ReferencedRegistrations)
                        {
                            w.Line($"{referenced}.Register(services);");
                        }

                        w.Line("return services;");
                    }
                }
            }
        }

        /// <summary><c>Finance.Models</c> becomes <c>FinanceModelsRedisRepositories</c>.</summary>
        public static string RegistrationClassName(string assemblyName)
        {
            var name = new StringBuilder();
            bool upper = true;
            foreach (char c in assemblyName)
            {
                if (char.IsLetterOrDigit(c) || c == '_')
                {
                    name.Append(upper ? char.ToUpperInvariant(c) : c);
                    upper = false;
                }
                else
                {
                    upper = true;
                }
            }

            if (name.Length == 0 || char.IsDigit(name[0]))
            {
                name.Insert(0, '_');
            }

            return name + "RedisRepositories";
        }
    }
}
