using System.ComponentModel;

namespace RedisRepo;

/// <summary>
/// Emitted by the source generator on every assembly that has models: names the generated class
/// whose <c>Register(IServiceCollection)</c> adds that assembly's repositories. A referencing
/// assembly's generated <c>AddRedisRepositories()</c> finds it at compile time and calls it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class RedisRepositoryRegistrationAttribute : Attribute
{
    /// <summary>Names the registration class.</summary>
    /// <param name="registrationType">The generated class with a static <c>Register</c> method.</param>
    public RedisRepositoryRegistrationAttribute(Type registrationType) => RegistrationType = registrationType;

    /// <summary>The generated class with a static <c>Register(IServiceCollection)</c> method.</summary>
    public Type RegistrationType { get; }
}
