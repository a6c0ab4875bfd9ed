using System.ComponentModel;

namespace RedisRepo.Storage;

/// <summary>Checks the values generated index queries receive.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class IndexArgument
{
    /// <summary>Returns <paramref name="value"/>, or throws a descriptive exception when it is null.</summary>
    /// <exception cref="ArgumentNullException">The value is null: null values are not indexed, so there is nothing to find.</exception>
    public static TValue NotNull<TValue>(TValue? value, string parameter, string model, string operation)
        where TValue : class =>
        value ?? throw new ArgumentNullException(parameter, $"{model}.{operation}: {parameter} is null; entities whose value is null are not in the index.");
}
