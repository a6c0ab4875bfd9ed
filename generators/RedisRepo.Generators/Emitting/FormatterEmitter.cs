using System.Linq;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>
    /// Writes the nested <c>{Model}Repository.Formatter</c>: a MessagePack formatter that writes
    /// each object as a map keyed by property name and reads maps back tolerantly (unknown keys
    /// skipped, missing keys left at their defaults), so stored data survives model changes.
    /// </summary>
    internal static class FormatterEmitter
    {
        public static string Emit(RepositorySpec spec) =>
            GeneratedFile.Write("the [RedisKey] model " + spec.ModelName, spec.Namespace, writer => EmitFormatter(writer, spec));

        private static void EmitFormatter(SourceWriter w, RepositorySpec spec)
        {
            ObjectShape root = spec.Codec.Objects[0];
            using (w.Open($"partial class {spec.RepositoryName}"))
            {
                w.Doc($"<summary>\nThe MessagePack formatter for <see cref=\"{spec.ModelType}\"/>: a map keyed by property name, so adding,\nremoving or reordering properties never breaks reading stored data. Generated; no reflection.\n</summary>");
                w.Line(Names.GeneratedCode);
                w.Line(Names.GeneratedClass);
                using (w.Open($"private sealed class Formatter : {Names.Formatters}.IMessagePackFormatter<{spec.ModelType}>"))
                {
                    w.Doc("<summary>The shared instance.</summary>");
                    w.Line("public static readonly Formatter Instance = new();");
                    w.Line();
                    w.Doc("<inheritdoc />");
                    using (w.Open($"public void Serialize(ref {Names.Writer} writer, {spec.ModelType} value, {Names.Options} options)"))
                    {
                        using (w.Open("if (value is null)"))
                        {
                            w.Line("writer.WriteNil();");
                            w.Line("return;");
                        }

                        w.Line();
                        w.Line($"Write{root.MethodSuffix}(ref writer, value, options);");
                    }

                    w.Line();
                    w.Doc("<inheritdoc />");
                    using (w.Open($"public {spec.ModelType} Deserialize(ref {Names.Reader} reader, {Names.Options} options)"))
                    {
                        using (w.Open("if (reader.TryReadNil())"))
                        {
                            w.Line($"throw {Names.CodecPrimitives}.UnexpectedNil({Literals.String(root.DisplayName)});");
                        }

                        w.Line();
                        w.Line($"return Read{root.MethodSuffix}(ref reader, options);");
                    }

                    foreach (ObjectShape shape in spec.Codec.Objects)
                    {
                        w.Line();
                        EmitWrite(w, shape);
                        w.Line();
                        EmitRead(w, shape);
                    }
                }
            }
        }

        private static void EmitWrite(SourceWriter w, ObjectShape shape)
        {
            using (w.Open($"private static void Write{shape.MethodSuffix}(ref {Names.Writer} writer, {shape.TypeName} value, {Names.Options} options)"))
            {
                w.Line($"writer.WriteMapHeader({shape.Members.Count});");
                var names = new VariableNames();
                foreach (MemberSpec member in shape.Members)
                {
                    w.Line($"writer.WriteString({Literals.String(member.Name)}u8);");
                    WriteValue(w, member.Type, "value." + Literals.Identifier(member.Name), names);
                }
            }
        }

        /// <summary>
        /// Writes <c>Read{Type}</c>: every member is read into a local, then the object is built.
        /// A member the payload lacks (data written before it existed) keeps what the model says:
        /// a setter is not called, a constructor parameter gets its declared default, an init-only
        /// member the value its initializer gives a fresh instance (made only when one is missing).
        /// Locals are named by position (<c>member0</c>), so no property name can clash with them.
        /// </summary>
        private static void EmitRead(SourceWriter w, ObjectShape shape)
        {
            using (w.Open($"private static {shape.TypeName} Read{shape.MethodSuffix}(ref {Names.Reader} reader, {Names.Options} options)"))
            {
                w.Line("options.Security.DepthStep(ref reader);");
                using (w.Open("try"))
                {
                    for (int i = 0; i < shape.Members.Count; i++)
                    {
                        w.Line($"{shape.Members[i].Type.TypeName} {Local(i)} = {Default(shape.Members[i].Type)}; // {shape.Members[i].Name}");
                        if (KeepsDefault(shape, i))
                        {
                            w.Line($"bool {Local(i)}Read = false;");
                        }
                    }

                    w.Line();
                    w.Line("int count = reader.ReadMapHeader();");
                    using (w.Open("for (int index = 0; index < count; index++)"))
                    {
                        w.Line($"global::System.ReadOnlySpan<byte> name = {Names.CodecPrimitives}.ReadPropertyName(ref reader);");
                        var names = new VariableNames();
                        string keyword = "if";
                        for (int i = 0; i < shape.Members.Count; i++)
                        {
                            using (w.Open($"{keyword} (global::System.MemoryExtensions.SequenceEqual(name, {Literals.String(shape.Members[i].Name)}u8))"))
                            {
                                ReadValue(w, shape.Members[i].Type, Local(i), names);
                                if (KeepsDefault(shape, i))
                                {
                                    w.Line($"{Local(i)}Read = true;");
                                }
                            }

                            keyword = "else if";
                        }

                        if (shape.Members.Count > 0)
                        {
                            using (w.Open("else"))
                            {
                                w.Line("reader.Skip(); // a property this version of the model does not have");
                            }
                        }
                        else
                        {
                            w.Line("reader.Skip();");
                        }
                    }

                    w.Line();
                    EmitConstruction(w, shape);
                    for (int i = 0; i < shape.Members.Count; i++)
                    {
                        if (shape.Members[i].Assignment == MemberAssignment.Setter)
                        {
                            using (w.Open($"if ({Local(i)}Read)"))
                            {
                                w.Line($"result.{Literals.Identifier(shape.Members[i].Name)} = {Local(i)};");
                            }
                        }
                    }

                    w.Line();
                    w.Line("return result;");
                }

                using (w.Open("finally"))
                {
                    w.Line("reader.Depth--;");
                }
            }
        }

        /// <summary>Writes <c>var result = new T(...) { ... };</c>, defaults kept for what the payload lacks.</summary>
        private static void EmitConstruction(SourceWriter w, ObjectShape shape)
        {
            int IndexOf(string member) => shape.Members.Select((m, i) => (m, i)).First(x => x.m.Name == member).i;
            string arguments = string.Join(", ", shape.ConstructorParameters.Select(p =>
                p.DefaultValue is null ? Local(IndexOf(p.Member)) : $"{Local(IndexOf(p.Member))}Read ? {Local(IndexOf(p.Member))} : {p.DefaultValue}"));
            var initialized = shape.Members.Select((m, i) => (Member: m, Index: i)).Where(x => x.Member.Assignment == MemberAssignment.Initializer).ToList();
            var defaulted = initialized.Where(x => !x.Member.IsRequired).ToList();
            var required = initialized.Where(x => x.Member.IsRequired).ToList();
            if (defaulted.Count > 0)
            {
                // Init-only members cannot be set later, so a missing one takes the value a fresh
                // instance gets from its initializer.
                string allRead = string.Join(" && ", defaulted.Select(x => Local(x.Index) + "Read"));
                string requiredDefaults = required.Count == 0 ? "" : " { " + string.Join(", ", required.Select(x => $"{Literals.Identifier(x.Member.Name)} = {Default(x.Member.Type)}")) + " }";
                w.Line($"{shape.TypeName}? defaults = {allRead} ? null : new {shape.TypeName}({arguments}){requiredDefaults};");
            }

            if (initialized.Count == 0)
            {
                w.Line($"var result = new {shape.TypeName}({arguments});");
                return;
            }

            using (w.Open($"var result = new {shape.TypeName}({arguments})", ";"))
            {
                foreach ((MemberSpec member, int index) in initialized)
                {
                    string name = Literals.Identifier(member.Name);
                    w.Line(member.IsRequired ? $"{name} = {Local(index)}," : $"{name} = {Local(index)}Read ? {Local(index)} : defaults!.{name},");
                }
            }
        }

        private static string Local(int member) => "member" + member;

        /// <summary>Whether a member the payload lacks keeps a default of the model's (so the read must note whether it was there).</summary>
        private static bool KeepsDefault(ObjectShape shape, int index)
        {
            MemberSpec member = shape.Members[index];
            return member.Assignment switch
            {
                MemberAssignment.Setter => true,
                MemberAssignment.Initializer => !member.IsRequired,
                _ => shape.ConstructorParameters.Any(p => p.Member == member.Name && p.DefaultValue is not null),
            };
        }

        /// <summary>The initial value of a local that a read assigns: <c>default!</c> only where null is not its type's default.</summary>
        private static string Default(TypeShape shape) => shape.IsReference ? "default!" : "default";

        private static void WriteValue(SourceWriter w, TypeShape shape, string value, VariableNames names)
        {
            switch (shape)
            {
                case PrimitiveShape primitive when FormatterOf(primitive.Kind) is string formatter:
                    w.Line($"{Names.Formatters}.{formatter}.Instance.Serialize(ref writer, {value}, options);");
                    break;

                case PrimitiveShape:
                    w.Line($"writer.Write({value});");
                    break;

                case EnumShape enumShape:
                    w.Line($"writer.Write(({Keyword(enumShape.Underlying)}){value});");
                    break;

                case NullableShape nullable:
                {
                    string inner = names.Next("value");
                    using (w.Open($"if ({value} is {nullable.Inner.TypeName} {inner})"))
                    {
                        WriteValue(w, nullable.Inner, inner, names);
                    }

                    WriteNilElse(w);
                    break;
                }

                case SequenceShape sequence:
                {
                    string items = names.Next("items");
                    using (w.Open($"if ({value} is {{ }} {items})"))
                    {
                        bool isArray = sequence.Kind == SequenceKind.Array;
                        if (sequence.Kind == SequenceKind.Enumerable)
                        {
                            // IEnumerable<T> has no count to write up front: materialize it once.
                            string array = names.Next("array");
                            w.Line($"var {array} = global::System.Linq.Enumerable.ToArray({items});");
                            items = array;
                            isArray = true;
                        }

                        w.Line($"writer.WriteArrayHeader({items}.{(isArray ? "Length" : "Count")});");
                        string item = names.Next("item");
                        using (w.Open($"foreach (var {item} in {items})"))
                        {
                            WriteValue(w, sequence.Element, item, names);
                        }
                    }

                    WriteNilElse(w);
                    break;
                }

                case DictionaryShape dictionary:
                {
                    string map = names.Next("map");
                    using (w.Open($"if ({value} is {{ }} {map})"))
                    {
                        w.Line($"writer.WriteMapHeader({map}.Count);");
                        string pair = names.Next("pair");
                        using (w.Open($"foreach (var {pair} in {map})"))
                        {
                            WriteValue(w, dictionary.Key, pair + ".Key", names);
                            WriteValue(w, dictionary.Value, pair + ".Value", names);
                        }
                    }

                    WriteNilElse(w);
                    break;
                }

                case ObjectRefShape objectRef:
                {
                    string nested = names.Next("nested");
                    using (w.Open($"if ({value} is {{ }} {nested})"))
                    {
                        w.Line($"Write{objectRef.MethodSuffix}(ref writer, {nested}, options);");
                    }

                    WriteNilElse(w);
                    break;
                }
            }
        }

        private static void WriteNilElse(SourceWriter w)
        {
            using (w.Open("else"))
            {
                w.Line("writer.WriteNil();");
            }
        }

        private static void ReadValue(SourceWriter w, TypeShape shape, string target, VariableNames names)
        {
            switch (shape)
            {
                case PrimitiveShape primitive:
                    w.Line($"{target} = {ReadPrimitive(primitive.Kind)};");
                    return;

                case EnumShape enumShape:
                    w.Line($"{target} = ({enumShape.TypeName})reader.Read{enumShape.Underlying}();");
                    return;

                case NullableShape nullable:
                    using (w.Open("if (reader.TryReadNil())"))
                    {
                        w.Line($"{target} = null;");
                    }

                    using (w.Open("else"))
                    {
                        ReadValue(w, nullable.Inner, target, names);
                    }

                    return;
            }

            using (w.Open("if (reader.TryReadNil())"))
            {
                w.Line($"{target} = null!;");
            }

            using (w.Open("else"))
            {
                switch (shape)
                {
                    case SequenceShape sequence:
                    {
                        string count = names.Next("count");
                        string items = names.Next("items");
                        string i = names.Next("i");
                        w.Line($"int {count} = reader.ReadArrayHeader();");
                        if (sequence.Kind == SequenceKind.Array)
                        {
                            w.Line($"var {items} = new {sequence.Element.TypeName}[{count}];");
                            using (w.Open($"for (int {i} = 0; {i} < {count}; {i}++)"))
                            {
                                ReadValue(w, sequence.Element, $"{items}[{i}]", names);
                            }
                        }
                        else
                        {
                            string collection = sequence.Kind == SequenceKind.HashSet ? Names.HashSet : Names.List;
                            string item = names.Next("item");
                            w.Line($"var {items} = new {collection}<{sequence.Element.TypeName}>({count});");
                            using (w.Open($"for (int {i} = 0; {i} < {count}; {i}++)"))
                            {
                                w.Line($"{sequence.Element.TypeName} {item} = {Default(sequence.Element)};");
                                ReadValue(w, sequence.Element, item, names);
                                w.Line($"{items}.Add({item});");
                            }
                        }

                        w.Line($"{target} = {items};");
                        break;
                    }

                    case DictionaryShape dictionary:
                    {
                        string count = names.Next("count");
                        string map = names.Next("map");
                        string i = names.Next("i");
                        string key = names.Next("key");
                        string value = names.Next("value");
                        string keyType = dictionary.Key.TypeName.TrimEnd('?');
                        w.Line($"int {count} = reader.ReadMapHeader();");
                        w.Line($"var {map} = new {Names.Dictionary}<{keyType}, {dictionary.Value.TypeName}>({count});");
                        using (w.Open($"for (int {i} = 0; {i} < {count}; {i}++)"))
                        {
                            w.Line($"{keyType} {key} = {Default(dictionary.Key)};");
                            ReadValue(w, dictionary.Key, key, names);
                            w.Line($"{dictionary.Value.TypeName} {value} = {Default(dictionary.Value)};");
                            ReadValue(w, dictionary.Value, value, names);
                            w.Line($"{map}[{key}] = {value};");
                        }

                        w.Line($"{target} = {map};");
                        break;
                    }

                    case ObjectRefShape objectRef:
                        w.Line($"{target} = Read{objectRef.MethodSuffix}(ref reader, options);");
                        break;
                }
            }
        }

        private static string ReadPrimitive(PrimitiveKind kind) => kind switch
        {
            PrimitiveKind.String => "reader.ReadString()!",
            PrimitiveKind.ByteArray => $"{Names.CodecPrimitives}.ReadByteArray(ref reader)!",
            _ when FormatterOf(kind) is string formatter => $"{Names.Formatters}.{formatter}.Instance.Deserialize(ref reader, options)",
            _ => $"reader.Read{kind}()",
        };

        /// <summary>The MessagePack built-in formatter for kinds the writer has no method for.</summary>
        private static string? FormatterOf(PrimitiveKind kind) => kind switch
        {
            PrimitiveKind.Decimal => "DecimalFormatter",
            PrimitiveKind.DateTime => "NativeDateTimeFormatter",
            PrimitiveKind.DateTimeOffset => "DateTimeOffsetFormatter",
            PrimitiveKind.TimeSpan => "TimeSpanFormatter",
            PrimitiveKind.Guid => "GuidFormatter",
            PrimitiveKind.DateOnly => "DateOnlyFormatter",
            PrimitiveKind.TimeOnly => "TimeOnlyFormatter",
            _ => null,
        };

        private static string Keyword(PrimitiveKind kind) => kind switch
        {
            PrimitiveKind.Byte => "byte",
            PrimitiveKind.SByte => "sbyte",
            PrimitiveKind.Int16 => "short",
            PrimitiveKind.UInt16 => "ushort",
            PrimitiveKind.UInt32 => "uint",
            PrimitiveKind.Int64 => "long",
            PrimitiveKind.UInt64 => "ulong",
            _ => "int",
        };

        /// <summary>Unique local names within one generated method.</summary>
        private sealed class VariableNames
        {
            private int _next;

            public string Next(string stem) => stem + _next++;
        }
    }
}
