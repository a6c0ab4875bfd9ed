using Microsoft.CodeAnalysis;

namespace RedisRepo.Generators.Diagnostics
{
    /// <summary>
    /// Every diagnostic the generator reports. IDs RR0001-RR0999 belong to the generator (RR1xxx
    /// to the analyzers); an ID is never reused, and each has docs/diagnostics/RRxxxx.md.
    /// All are errors: each describes a model the generator cannot turn into a working repository.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "RedisRepo.Generator";

        public static readonly DiagnosticDescriptor NoPlaceholder = Create(
            "RR0001",
            "Key template has no placeholder",
            "The key template '{0}' of {1} has no placeholder, so every entity would share one key; name the key property, e.g. \"{0}<Id>\"");

        public static readonly DiagnosticDescriptor UnknownPlaceholder = Create(
            "RR0002",
            "Key template names an unknown property",
            "The key template '{0}' of {1} names <{2}>, but {1} has no public readable instance property '{2}'");

        public static readonly DiagnosticDescriptor MalformedTemplate = Create(
            "RR0003",
            "Key template is malformed",
            "The key template '{0}' of {1} is malformed: {2}");

        public static readonly DiagnosticDescriptor UnsupportedKeyType = Create(
            "RR0004",
            "Key property type is not supported",
            "Property '{0}' of {1} is used in the key template but has type '{2}'; key properties must be string, Guid, an integer type or an enum");

        public static readonly DiagnosticDescriptor OverlappingTemplates = Create(
            "RR0005",
            "Two models can produce the same key",
            "Keys of {0} ('{1}') can equal keys of {2} ('{3}') for some key values, so one model could overwrite the other's entities or indexes; change one template so that no key can match both");

        public static readonly DiagnosticDescriptor DuplicatePlaceholder = Create(
            "RR0006",
            "Key template names a property twice",
            "The key template '{0}' of {1} names <{2}> more than once");

        public static readonly DiagnosticDescriptor NoUsableConstructor = Create(
            "RR0007",
            "Type has no usable constructor",
            "{0} cannot be read back from Redis: it needs an accessible parameterless constructor, or a constructor whose parameters all match properties by name and type");

        public static readonly DiagnosticDescriptor UnsupportedPropertyType = Create(
            "RR0008",
            "Property type cannot be stored",
            "Property '{0}' of {1} has type '{2}', which the generated MessagePack formatter cannot store: {3}");

        public static readonly DiagnosticDescriptor UnsupportedModelDeclaration = Create(
            "RR0009",
            "Model declaration is not supported",
            "{0} cannot be a Redis model: {1}");

        public static readonly DiagnosticDescriptor MissingLiteralPrefix = Create(
            "RR0010",
            "Key template must start with literal text",
            "The key template '{0}' of {1} starts with a placeholder; start it with literal text that names the model, e.g. \"{2}:{0}\"");

        public static readonly DiagnosticDescriptor ConflictingTtl = Create(
            "RR0011",
            "Conflicting expiry declarations",
            "{0} declares {1}; choose one expiry policy");

        public static readonly DiagnosticDescriptor InvalidTtl = Create(
            "RR0012",
            "Time to live must be positive",
            "The time to live of {0} is {1} seconds; it must be positive (use [Persistent] for entities that never expire)");

        public static readonly DiagnosticDescriptor UnsupportedTtlProperty = Create(
            "RR0013",
            "[Ttl] property has an unsupported type",
            "Property '{0}' of {1} has [Ttl] but type '{2}'; use TimeSpan, DateTimeOffset or DateTime, or their nullable forms");

        public static readonly DiagnosticDescriptor KeyPropertyNotStored = Create(
            "RR0014",
            "Key property cannot be restored",
            "Property '{0}' of {1} is part of the key but cannot be set when reading: give it an accessible setter or init accessor, or a parameter of the constructor used to create {1}");

        public static readonly DiagnosticDescriptor UnsupportedIndexType = Create(
            "RR0015",
            "Index on a property of an unsupported type",
            "Property '{0}' of {1} has [{2}] but type '{3}'; {4}");

        public static readonly DiagnosticDescriptor InvalidIndexName = Create(
            "RR0016",
            "Index name is invalid or used twice",
            "The index name '{0}' on property '{1}' of {2} {3}");

        public static readonly DiagnosticDescriptor InvalidVersionProperty = Create(
            "RR0017",
            "[Version] property is invalid",
            "Property '{0}' of {1} has [Version] but {2}");

        public static readonly DiagnosticDescriptor IgnoredPropertyAttribute = Create(
            "RR0018",
            "Attribute on a property the repository cannot read",
            "[{0}] on property '{1}' of {2} would have no effect: {3}; the generated code reads public instance properties only");

        public static readonly DiagnosticDescriptor InvalidShards = Create(
            "RR0019",
            "Invalid Shards",
            "[RedisKey(Shards = {0})] on {1}: {2}");

        public static readonly DiagnosticDescriptor QueryNameDoesNotParse = Create(
            "RR0020",
            "Query method name does not parse",
            "{0} on {1}: {2}; a derived query is named FindBy, CountBy, ExistsBy or DeleteBy, then conditions joined by And or Or, an optional OrderBy, and ends with Async (see docs/queries.md)");

        public static readonly DiagnosticDescriptor QueryPropertyNotIndexed = Create(
            "RR0021",
            "Query condition names a property that is not indexed for it",
            "{0} on {1}: {2}");

        public static readonly DiagnosticDescriptor QueryParametersDoNotMatch = Create(
            "RR0022",
            "Query method parameters do not match its conditions",
            "{0} on {1}: the parameters must be ({2}), one per condition value in the order of the name, then the optional ones; {3}");

        public static readonly DiagnosticDescriptor QueryReturnTypeDoesNotMatch = Create(
            "RR0023",
            "Query method return type does not match its verb",
            "{0} on {1} must return {2}, not {3}");

        public static readonly DiagnosticDescriptor QueryCombinationNotSupported = Create(
            "RR0024",
            "Query combination is not supported",
            "{0} on {1}: {2}");

        public static readonly DiagnosticDescriptor QueryDuplicatesGeneratedMember = Create(
            "RR0025",
            "Query method repeats a generated member",
            "{0} on {1} has the signature of a member RedisRepo already generates for [{2}] {3}; remove the declaration, the generated member is there");

        public static readonly DiagnosticDescriptor IgnoreCaseOnNonString = Create(
            "RR0026",
            "IgnoreCase on an index that is not a string",
            "[Index(IgnoreCase = true)] on {0} of {1}: the property is {2}; only string values have a case");

        private static DiagnosticDescriptor Create(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

        /// <summary>The documentation page of a diagnostic.</summary>
        public static string HelpLink(string id) => global::RedisRepo.Diagnostics.DiagnosticHelpLinks.For(id);
    }
}
