namespace RedisRepo.Storage;

/// <summary>A model's expiry policy, as its <see cref="TtlAttribute"/> or <see cref="PersistentAttribute"/> states it.</summary>
/// <param name="TimeToLive">The fixed time to live every save sets; null when the model has none.</param>
/// <param name="Sliding">Whether reads re-arm <paramref name="TimeToLive"/>.</param>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly record struct TtlPolicy(TimeSpan? TimeToLive, bool Sliding = false)
{
    /// <summary>Entities live until deleted.</summary>
    public static TtlPolicy Persistent => default;

    /// <summary>Each entity's expiry comes from its <c>[Ttl]</c> property.</summary>
    public static TtlPolicy FromProperty => default; // the generated model's GetTimeToLive reads the property
}
