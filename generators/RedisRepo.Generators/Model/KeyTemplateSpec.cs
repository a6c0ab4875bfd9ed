namespace RedisRepo.Generators.Model
{
    /// <summary>A parsed key template such as <c>auth:tenant:&lt;TenantId&gt;:user:&lt;Id&gt;</c>.</summary>
    /// <param name="Template">The template as written.</param>
    /// <param name="Prefix">The literal text before the first placeholder (<c>auth:tenant:</c>).</param>
    /// <param name="Segments">The template after the prefix: placeholders and the literals between them.</param>
    internal sealed record KeyTemplateSpec(string Template, string Prefix, EquatableArray<KeySegmentSpec> Segments)
    {
        /// <summary>
        /// The prefix of the model's index keys: the literal prefix with its last character replaced
        /// by '#' ('~' if it already is '#'), so no entity key can equal an index key whatever the
        /// id; for templates with more than one segment after the prefix, the rest of the template
        /// follows, so models that share a literal prefix never share index keys.
        /// <c>finance:position:&lt;Id&gt;</c> gives <c>finance:position#</c>;
        /// <c>auth:tenant:&lt;TenantId&gt;:user:&lt;Id&gt;</c> gives <c>auth:tenant#&lt;TenantId&gt;:user:&lt;Id&gt;#</c>.
        /// </summary>
        public string MetaPrefix
        {
            get
            {
                char last = Prefix[Prefix.Length - 1];
                string root = Prefix.Substring(0, Prefix.Length - 1) + (last == '#' ? "~" : "#");
                return Segments.Count == 1 ? root : root + Template.Substring(Prefix.Length) + "#";
            }
        }

        public System.Collections.Generic.IEnumerable<KeyPartSpec> Parts
        {
            get
            {
                foreach (KeySegmentSpec segment in Segments)
                {
                    if (segment.Part is not null)
                    {
                        yield return segment.Part;
                    }
                }
            }
        }
    }

    /// <summary>One piece of a template after its prefix: literal text, or a placeholder.</summary>
    internal sealed record KeySegmentSpec(string? Literal, KeyPartSpec? Part);

    /// <summary>A placeholder: the property it names and how its value becomes key text.</summary>
    /// <param name="PropertyName">The property, e.g. <c>TenantId</c>.</param>
    /// <param name="ParameterName">The generated methods' parameter, e.g. <c>tenantId</c> (escaped if a keyword).</param>
    /// <param name="TypeName">The property's fully qualified type.</param>
    /// <param name="Kind">How the value is formatted.</param>
    /// <param name="Separator">The character after the placeholder, which its value may not contain; '\0' when last.</param>
    /// <param name="EnumMembers">For enums, the member names (formatted by name).</param>
    internal sealed record KeyPartSpec(
        string PropertyName,
        string ParameterName,
        string TypeName,
        KeyPartKind Kind,
        char Separator,
        EquatableArray<string> EnumMembers);

    internal enum KeyPartKind
    {
        String,
        Guid,
        Integer,
        Enum,
    }
}
