namespace RedisRepo.Generators.Model
{
    /// <summary>A model's expiry policy as declared by [Ttl] and [Persistent].</summary>
    /// <param name="Kind">Which policy.</param>
    /// <param name="Seconds">For <see cref="TtlKind.Fixed"/>, the time to live.</param>
    /// <param name="Sliding">For <see cref="TtlKind.Fixed"/>, whether reads re-arm it.</param>
    /// <param name="PropertyName">For <see cref="TtlKind.Property"/>, the property that gives each entity's expiry.</param>
    /// <param name="PropertyKind">For <see cref="TtlKind.Property"/>, how to turn the property's value into a time to live.</param>
    internal sealed record TtlSpec(TtlKind Kind, long Seconds, bool Sliding, string? PropertyName, TtlPropertyKind PropertyKind)
    {
        public static readonly TtlSpec None = new(TtlKind.None, 0, false, null, TtlPropertyKind.TimeSpan);

        public static readonly TtlSpec Persistent = new(TtlKind.Persistent, 0, false, null, TtlPropertyKind.TimeSpan);
    }

    internal enum TtlKind
    {
        /// <summary>No decision: entities live until deleted (RR1002 warns).</summary>
        None,

        /// <summary>[Persistent]: entities live until deleted, on purpose.</summary>
        Persistent,

        /// <summary>[Ttl(...)] on the class.</summary>
        Fixed,

        /// <summary>[Ttl] on a property.</summary>
        Property,
    }

    internal enum TtlPropertyKind
    {
        TimeSpan,
        DateTimeOffset,
        DateTime,
    }
}
