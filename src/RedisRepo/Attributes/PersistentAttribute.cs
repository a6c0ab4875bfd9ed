namespace RedisRepo;

/// <summary>
/// States that a model's entities live until deleted: the explicit opposite of <see cref="TtlAttribute"/>,
/// which silences the missing-TTL analyzer (RR1002).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PersistentAttribute : Attribute
{
}
