namespace RedisRepo.Generators.Model
{
    /// <summary>How a value of one type is written to and read from MessagePack.</summary>
    /// <param name="TypeName">The fully qualified type, with nullable annotations as declared.</param>
    internal abstract record TypeShape(string TypeName)
    {
        /// <summary>Whether a value can be null at run time and is written as nil.</summary>
        public abstract bool IsReference { get; }
    }

    /// <summary>A type MessagePack writes natively or through one of its built-in formatters.</summary>
    internal sealed record PrimitiveShape(string TypeName, PrimitiveKind Kind) : TypeShape(TypeName)
    {
        public override bool IsReference => Kind is PrimitiveKind.String or PrimitiveKind.ByteArray;
    }

    /// <summary>An enum, written as its underlying integer.</summary>
    internal sealed record EnumShape(string TypeName, PrimitiveKind Underlying) : TypeShape(TypeName)
    {
        public override bool IsReference => false;
    }

    /// <summary>A <c>Nullable&lt;T&gt;</c>: nil or the value.</summary>
    internal sealed record NullableShape(string TypeName, TypeShape Inner) : TypeShape(TypeName)
    {
        public override bool IsReference => false;
    }

    /// <summary>An array, list or set, written as a MessagePack array.</summary>
    internal sealed record SequenceShape(string TypeName, SequenceKind Kind, TypeShape Element) : TypeShape(TypeName)
    {
        public override bool IsReference => true;
    }

    /// <summary>A dictionary, written as a MessagePack map.</summary>
    internal sealed record DictionaryShape(string TypeName, TypeShape Key, TypeShape Value) : TypeShape(TypeName)
    {
        public override bool IsReference => true;
    }

    /// <summary>A plain class with its own Write/Read methods (see <see cref="ObjectShape"/>).</summary>
    internal sealed record ObjectRefShape(string TypeName, string MethodSuffix) : TypeShape(TypeName)
    {
        public override bool IsReference => true;
    }

    internal enum PrimitiveKind
    {
        String,
        Boolean,
        Byte,
        SByte,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Single,
        Double,
        Char,
        Decimal,
        DateTime,
        DateTimeOffset,
        TimeSpan,
        Guid,
        DateOnly,
        TimeOnly,
        ByteArray,
    }

    internal enum SequenceKind
    {
        /// <summary><c>T[]</c>.</summary>
        Array,

        /// <summary><c>List&lt;T&gt;</c> and the list and collection interfaces it implements (except <see cref="Enumerable"/>).</summary>
        List,

        /// <summary><c>IEnumerable&lt;T&gt;</c>: read as a list, but written from a value with no count (materialized once).</summary>
        Enumerable,

        /// <summary><c>HashSet&lt;T&gt;</c> and <c>ISet&lt;T&gt;</c>/<c>IReadOnlySet&lt;T&gt;</c>.</summary>
        HashSet,
    }
}
