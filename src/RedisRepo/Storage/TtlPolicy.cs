namespace RedisRepo.Storage;

/// <summary>A model's expiry policy, as its <see cref="TtlAttribute"/> or <see cref="PersistentAttribute"/> states it.</summary>
/// <param name="TimeToLive">The fixed time to live every save sets; null when the model has none.</param>
/// <param name="Sliding">Whether reads re-arm <paramref name="TimeToLive"/>.</param>
/// <param name="PerEntity">Whether each entity computes its own expiry from a <c>[Ttl]</c> property.</param>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly record struct TtlPolicy(TimeSpan? TimeToLive, bool Sliding = false, bool PerEntity = false)
{
    /// <summary>Entities live until deleted.</summary>
    public static TtlPolicy Persistent => default;

    /// <summary>Each entity's expiry comes from its <c>[Ttl]</c> property.</summary>
    public static TtlPolicy FromProperty => new(null, PerEntity: true);
}
