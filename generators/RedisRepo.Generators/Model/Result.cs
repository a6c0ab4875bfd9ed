namespace RedisRepo.Generators.Model
{
    /// <summary>A parsed value (null when the input was unusable) with the diagnostics found on the way.</summary>
    /// <param name="Value">The value: position-free, so an edit that only moves the input leaves it equal (and its outputs cached).</param>
    /// <param name="Diagnostics">What was found on the way.</param>
    /// <param name="Where">Where the input is written, for diagnostics that later steps find (kept beside the value, not in it).</param>
    internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? Where = null)
        where T : class;
}
