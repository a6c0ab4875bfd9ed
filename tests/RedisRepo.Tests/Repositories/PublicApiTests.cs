using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using RedisRepo.Tests.Shared;

namespace RedisRepo.Tests.Repositories;

/// <summary>
/// Users see only the public API: every public member of RedisRepo.dll, RedisRepo.Testing.dll and
/// of a generated assembly that IntelliSense shows (not [EditorBrowsable(Never)]) is on the documented list,
/// docs/public-api.txt. A member added, hidden or removed changes the list on purpose, reviewed:
/// run with REDISREPO_ACCEPT_SNAPSHOTS=1 to write the new list.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Every_public_browsable_member_is_on_the_documented_list()
    {
        string[] surface = Surface("RedisRepo", typeof(RedisRepoContext).Assembly)
            .Concat(Surface("RedisRepo.Testing", typeof(RedisRepo.Testing.RedisTestServer).Assembly))
            .Concat(Surface("generated", typeof(RedisRepo.Tests.ExternalModels.Invoice).Assembly))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string path = Path.Combine(RepositoryRoot.Find(), "docs", "public-api.txt");
        if (Environment.GetEnvironmentVariable("REDISREPO_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, Header + string.Join('\n', surface) + '\n');
        }

        string[] documented = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        Assert.True(
            documented.SequenceEqual(surface),
            $"The public API differs from docs/public-api.txt. Not documented: [{string.Join("; ", surface.Except(documented))}]. Documented but gone or hidden: [{string.Join("; ", documented.Except(surface))}].");
    }

    private const string Header = """
        # The public API users see: every public member of RedisRepo.dll, of RedisRepo.Testing.dll and
        # of an assembly with a generated repository ("generated"), that IntelliSense shows. Everything else public is
        # [EditorBrowsable(Never)]: called by generated code only (see docs/architecture.md).
        # Checked by tests/RedisRepo.Tests/Repositories/PublicApiTests.cs.

        """;

    private static IEnumerable<string> Surface(string label, Assembly assembly)
    {
        foreach (Type type in assembly.GetExportedTypes().Where(Browsable))
        {
            string typeName = Name(type);
            yield return $"{label} {typeName}";
            const BindingFlags All = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(All).Where(m => Browsable(m) && !Generated(m)))
            {
                yield return $"{label} {typeName}.{Signature(member)}";
            }
        }
    }

    private static bool Browsable(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never;

    /// <summary>Accessors, operators and what the compiler writes for records: not API a user reads.</summary>
    private static bool Generated(MemberInfo member) =>
        member is MethodBase { IsSpecialName: true } and not ConstructorInfo
        || member.Name.StartsWith('<')
        || member.GetCustomAttribute<CompilerGeneratedAttribute>() is not null
        || member.Name is "Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers";

    private static string Signature(MemberInfo member) => member switch
    {
        MethodBase method => $"{(method is ConstructorInfo ? "new" : method.Name)}({string.Join(", ", method.GetParameters().Select(p => Name(p.ParameterType)))})",
        _ => member.Name,
    };

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        string name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Name;
        int tick = name.IndexOf('`');
        name = tick < 0 ? name : name[..tick];
        Type[] arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        if (type.IsNested && type.DeclaringType!.IsGenericType)
        {
            arguments = arguments.Skip(type.DeclaringType.GetGenericArguments().Length).ToArray();
        }

        return arguments.Length == 0 ? name : $"{name}<{string.Join(", ", arguments.Select(Name))}>";
    }
}
