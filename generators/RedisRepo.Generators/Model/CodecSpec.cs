namespace RedisRepo.Generators.Model
{
    /// <summary>
    /// The object shapes a model's formatter writes: the model first, then every plain class it
    /// reaches through its properties (each gets a Write/Read method pair).
    /// </summary>
    internal sealed record CodecSpec(EquatableArray<ObjectShape> Objects);

    /// <summary>A class written as a MessagePack map keyed by property name.</summary>
    /// <param name="TypeName">The fully qualified type name.</param>
    /// <param name="DisplayName">The type's simple name, for messages.</param>
    /// <param name="MethodSuffix">A unique identifier for its Write/Read methods.</param>
    /// <param name="Members">The stored properties, in declaration order.</param>
    /// <param name="ConstructorParameters">For a constructor with parameters, the members it takes, in order, each with the C# expression of its declared default value (null: none).</param>
    internal sealed record ObjectShape(
        string TypeName,
        string DisplayName,
        string MethodSuffix,
        EquatableArray<MemberSpec> Members,
        EquatableArray<ConstructorParameter> ConstructorParameters);

    /// <summary>A constructor parameter: the member it sets and its declared default value, as C# (null when it has none).</summary>
    internal sealed record ConstructorParameter(string Member, string? DefaultValue);

    /// <summary>A stored property.</summary>
    /// <param name="Name">The property name, also its map key.</param>
    /// <param name="Type">How its value is written.</param>
    /// <param name="Assignment">How the formatter sets it when reading.</param>
    /// <param name="IsRequired">Whether it is a <c>required</c> member (then a payload without it gets its type's default).</param>
    internal sealed record MemberSpec(string Name, TypeShape Type, MemberAssignment Assignment, bool IsRequired = false);

    internal enum MemberAssignment
    {
        /// <summary>Set after construction, only when the payload has it (so old data keeps initializer defaults).</summary>
        Setter,

        /// <summary>Set in the object initializer (init-only or required).</summary>
        Initializer,

        /// <summary>Passed to the constructor.</summary>
        Constructor,
    }
}
