namespace RedisRepo;

/// <summary>
/// Gives a model's entities a time to live. On a class: a fixed expiry set by every save,
/// e.g. <c>[Ttl(3600)]</c> or <c>[Ttl(Days = 30)]</c>; with <see cref="Sliding"/>, reads re-arm it.
/// On a property (<see cref="TimeSpan"/>, <see cref="DateTimeOffset"/>, <see cref="DateTime"/>
/// or their nullable forms, computed getters included): a per-entity expiry, where null means
/// that entity is persistent.
/// </summary>
/// <remarks>On a positional record, write it on the parameter (<c>record Trade([Index] string Ticker)</c>) or with <c>[property: …]</c>: both mark the property.</remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property | AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class TtlAttribute : Attribute
{
    /// <summary>A per-entity expiry (on a property), or a time to live built from the named parts.</summary>
    public TtlAttribute()
    {
    }

    /// <summary>A fixed time to live in seconds.</summary>
    /// <param name="seconds">The time to live, in seconds; must be positive.</param>
    public TtlAttribute(int seconds) => Seconds = seconds;

    /// <summary>Days added to the time to live.</summary>
    public int Days { get; set; }

    /// <summary>Hours added to the time to live.</summary>
    public int Hours { get; set; }

    /// <summary>Minutes added to the time to live.</summary>
    public int Minutes { get; set; }

    /// <summary>Seconds added to the time to live.</summary>
    public int Seconds { get; set; }

    /// <summary>When true, every read through the repository re-arms the full time to live.</summary>
    public bool Sliding { get; set; }
}
