namespace RedisRepo;

/// <summary>
/// Marks a <see cref="long"/> property as the model's version, for optimistic concurrency: a save
/// succeeds only when the stored entity's version equals the entity's (0 for a new one), stores
/// it with the next version and moves the property to it. A save that finds another version
/// throws <see cref="RedisRepoConcurrencyException"/> and writes nothing: someone else saved the
/// entity since it was read. The property needs a setter (RR0017).
/// </summary>
/// <remarks>On a positional record, write it on the parameter (<c>record Trade([Index] string Ticker)</c>) or with <c>[property: …]</c>: both mark the property.</remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
public sealed class VersionAttribute : Attribute
{
}
