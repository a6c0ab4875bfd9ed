namespace RedisRepo.Generators.Model
{
    /// <summary>The methods a user declares on a partial repository interface, as written (positions kept for diagnostics only).</summary>
    /// <param name="InterfaceType">The interface's fully qualified name, e.g. <c>global::Shop.IOrderRepository</c>.</param>
    /// <param name="Methods">Its declared methods.</param>
    internal sealed record DeclaredQueries(string InterfaceType, EquatableArray<DeclaredMethod> Methods);

    /// <summary>One method declared on a partial repository interface.</summary>
    internal sealed record DeclaredMethod(string Name, string ReturnType, EquatableArray<DeclaredParameter> Parameters, LocationInfo? Location);

    /// <summary>
    /// One parameter: its name (as the symbol has it: <c>@event</c> is "event"; the emitter escapes it),
    /// fully qualified type, the element type when it is a collection (for <c>In</c>), and its default value as written.
    /// </summary>
    internal sealed record DeclaredParameter(string Name, string Type, string? ElementType, string? DefaultValue);

    /// <summary>
    /// The derived query methods of one repository, checked: what the emitter writes (no positions).
    /// <paramref name="Invalid"/> are the declared methods with a diagnostic: they get a member that
    /// throws, so the build reports the diagnostic alone, not also an unimplemented member.
    /// </summary>
    internal sealed record QuerySetSpec(RepositorySpec Repository, EquatableArray<QueryMethodSpec> Methods, EquatableArray<DeclaredMethod> Invalid);

    /// <summary>A derived query method: its verb, conditions (an OR of conjunctions), order and paging.</summary>
    internal sealed record QueryMethodSpec(
        string Name,
        QueryVerb Verb,
        string ReturnType,
        EquatableArray<DeclaredParameter> Parameters,
        EquatableArray<QueryConjunctionSpec> Conjunctions,
        IndexSpec? OrderBy,
        bool Descending,
        string? PageParameter,
        string? CancellationParameter);

    /// <summary>Conditions that must all hold.</summary>
    internal sealed record QueryConjunctionSpec(EquatableArray<QueryConditionSpec> Conditions);

    /// <summary>One condition on one index, with the parameters that carry its values (two for Between).</summary>
    internal sealed record QueryConditionSpec(IndexSpec Index, QueryOperator Operator, EquatableArray<string> Parameters);

    internal enum QueryVerb
    {
        Find,
        Count,
        Exists,
        Delete,
    }

    internal enum QueryOperator
    {
        Equal,
        In,
        Between,
        GreaterThan,
        GreaterThanOrEqual,
        LessThan,
        LessThanOrEqual,
    }
}
