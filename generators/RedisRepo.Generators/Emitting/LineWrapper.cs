using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>
    /// Keeps generated lines within <see cref="MaxLength"/> columns, as a person would wrap them:
    /// a doc comment at spaces between words (never inside a <c>&lt;…&gt;</c> tag); code at the
    /// top-level commas of its first argument or parameter list (one per line, indented), and a
    /// declaration whose head is still too long between its return type and its name. Strings,
    /// character literals and generic arguments are never split.
    /// </summary>
    internal static class LineWrapper
    {
        public const int MaxLength = 120;

        private const string Continuation = "    ";

        /// <summary>The lines to write for <paramref name="line"/> at <paramref name="indent"/> columns, each relative to that indent.</summary>
        public static IEnumerable<string> Wrap(string line, int indent)
        {
            if (indent + line.Length <= MaxLength)
            {
                return new[] { line };
            }

            if (line.StartsWith("///", System.StringComparison.Ordinal))
            {
                return WrapText(line, "/// ", indent);
            }

            return line.StartsWith("// ", System.StringComparison.Ordinal) ? WrapText(line, "// ", indent) : WrapCode(line, indent);
        }

        private static IEnumerable<string> WrapText(string line, string Prefix, int indent)
        {
            string text = line.Length > Prefix.Length ? line.Substring(Prefix.Length) : "";
            var current = new StringBuilder(Prefix);
            int tagDepth = 0;
            int wordStart = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                char c = i < text.Length ? text[i] : ' ';
                if (c == '<')
                {
                    tagDepth++;
                }
                else if (c == '>' && tagDepth > 0)
                {
                    tagDepth--;
                }
                else if (c == ' ' && tagDepth == 0)
                {
                    string word = text.Substring(wordStart, i - wordStart);
                    if (current.Length > Prefix.Length && indent + current.Length + 1 + word.Length > MaxLength)
                    {
                        yield return current.ToString();
                        current.Clear().Append(Prefix);
                    }

                    if (current.Length > Prefix.Length)
                    {
                        current.Append(' ');
                    }

                    current.Append(word);
                    wordStart = i + 1;
                }
            }

            yield return current.ToString();
        }

        private static IEnumerable<string> WrapCode(string line, int indent)
        {
            if (FirstList(line, withCommas: true) is (int open, int close))
            {
                // Breaking inside a nested list would leave its outer call on a too-long head: wrap the outer one first.
                if (indent + open + 1 > MaxLength && FirstList(line, withCommas: false) is (int outer, int outerClose) && outer < open)
                {
                    return WrapList(line, outer, outerClose, indent);
                }

                return WrapList(line, open, close, indent);
            }

            if (TopLevel(line, "=") is int equals)
            {
                var lines = new List<string>(Wrap(line.Substring(0, equals + 2).TrimEnd(), indent));
                foreach (string part in Wrap(line.Substring(equals + 2).TrimStart(), indent + Continuation.Length))
                {
                    lines.Add(Continuation + part);
                }

                return lines;
            }

            if (TopLevel(line, "=>") is int arrow)
            {
                var lines = new List<string>(Wrap(line.Substring(0, arrow + 3).TrimEnd(), indent));
                foreach (string part in Wrap(line.Substring(arrow + 3).TrimStart(), indent + Continuation.Length))
                {
                    lines.Add(Continuation + part);
                }

                return lines;
            }

            if (FirstList(line, withCommas: false) is (int single, int end) && end > single + 1)
            {
                return WrapList(line, single, end, indent);
            }

            if (FirstGenericList(line) is (int typeOpen, int typeClose))
            {
                // A type name longer than a line: its generic arguments go one per line (legal C#, rare).
                return WrapList(line, typeOpen, typeClose, indent);
            }

            return new[] { line };
        }

        /// <summary>The first generic argument list (<c>&lt;…&gt;</c> after a name) that is not empty, or null.</summary>
        private static (int Open, int Close)? FirstGenericList(string line)
        {
            for (int i = 1; i < line.Length; i++)
            {
                if (line[i] != '<' || !IsIdentifierChar(line[i - 1]))
                {
                    continue;
                }

                int depth = 0;
                for (int j = i; j < line.Length; j++)
                {
                    if (line[j] == '<')
                    {
                        depth++;
                    }
                    else if (line[j] == '>' && line[j - 1] != '=' && --depth == 0)
                    {
                        return j > i + 1 ? (i, j) : null;
                    }
                }

                return null;
            }

            return null;
        }

        private static IEnumerable<string> WrapList(string line, int open, int close, int indent)
        {
            var lines = new List<string>();
            foreach (string head in SplitHead(line.Substring(0, open + 1), indent))
            {
                // A piece of the head may still be too long (a long return type): wrap it in turn.
                bool continued = head.StartsWith(Continuation, System.StringComparison.Ordinal);
                string text = continued ? head.Substring(Continuation.Length) : head;
                int at = indent + (continued ? Continuation.Length : 0);
                IEnumerable<string> parts = at + text.Length > MaxLength && text.Length < line.Length ? Wrap(text, at) : new[] { text };
                lines.AddRange(parts.Select(part => (continued ? Continuation : "") + part));
            }

            string step = lines.Count > 1 ? Continuation + Continuation : Continuation; // under a head that broke before its name
            List<string> arguments = TopLevelParts(line.Substring(open + 1, close - open - 1));
            string tail = line.Substring(close);
            for (int i = 0; i < arguments.Count; i++)
            {
                string argument = arguments[i].Trim() + (i < arguments.Count - 1 ? "," : tail);
                foreach (string part in Wrap(argument, indent + step.Length))
                {
                    lines.Add(step + part);
                }
            }

            return lines;
        }

        /// <summary>
        /// The position of <paramref name="token"/> standing alone (a space either side) outside any
        /// parentheses, brackets, braces or literal, or null: <c>=</c> finds an assignment or
        /// initializer (not <c>==</c> or <c>=&gt;</c>), <c>=&gt;</c> a lambda or an expression body.
        /// </summary>
        private static int? TopLevel(string line, string token)
        {
            int depth = 0;
            for (int i = 1; i + token.Length < line.Length; i++)
            {
                char c = line[i];
                if (c == '"' || c == '\'')
                {
                    i = SkipLiteral(line, i);
                }
                else if (c is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (c is ')' or ']' or '}')
                {
                    depth--;
                }
                else if (depth == 0 && line[i - 1] == ' ' && line[i + token.Length] == ' '
                    && string.CompareOrdinal(line, i, token, 0, token.Length) == 0)
                {
                    return i;
                }
            }

            return null;
        }

        /// <summary>
        /// A head still too long breaks before its name (<c>public LongReturnType</c> / <c>Name(</c>), or a
        /// member chain before its last member (<c>global::Long.Type</c> / <c>.Method(</c>).
        /// </summary>
        private static IEnumerable<string> SplitHead(string head, int indent)
        {
            if (indent + head.Length <= MaxLength)
            {
                return new[] { head };
            }

            int dot = LastTopLevelDot(head);
            if (head.IndexOf(' ') < 0 && dot > 0)
            {
                return new[] { head.Substring(0, dot), Continuation + head.Substring(dot) };
            }

            int space = -1;
            int angles = 0;
            for (int i = 0; i < head.Length - 1; i++)
            {
                char c = head[i];
                if (c == '<')
                {
                    angles++;
                }
                else if (c == '>')
                {
                    angles--;
                }
                else if (c == ' ' && angles == 0 && head[i + 1] != '=' && i > 0 && head[i - 1] != '=')
                {
                    space = i;
                }
            }

            return space < 0 ? new[] { head } : new[] { head.Substring(0, space), Continuation + head.Substring(space + 1) };
        }

        /// <summary>The leftmost parenthesized list (outer before inner), with a comma directly inside it when asked; null when there is none.</summary>
        private static (int Open, int Close)? FirstList(string line, bool withCommas)
        {
            var opens = new Stack<(int Open, bool Commas)>();
            (int Open, int Close)? found = null;
            int angles = 0;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '"' || c == '\'')
                {
                    i = SkipLiteral(line, i);
                }
                else if (c == '<' && i > 0 && IsIdentifierChar(line[i - 1]) && i + 1 < line.Length && line[i + 1] != ' ' && line[i + 1] != '=')
                {
                    angles++;
                }
                else if (c == '>' && angles > 0 && line[i - 1] != '=')
                {
                    angles--;
                }
                else if (c == '(')
                {
                    opens.Push((i, false));
                }
                else if (c == ')' && opens.Count > 0)
                {
                    (int open, bool commas) = opens.Pop();
                    if ((commas || !withCommas) && (found is null || open < found.Value.Open))
                    {
                        found = (open, i);
                    }
                }
                else if (c == ',' && angles == 0 && opens.Count > 0)
                {
                    (int open, _) = opens.Pop();
                    opens.Push((open, true));
                }
            }

            return found;
        }

        /// <summary>The position of the last '.' outside generic arguments, or -1.</summary>
        private static int LastTopLevelDot(string text)
        {
            int angles = 0, dot = -1;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '<')
                {
                    angles++;
                }
                else if (c == '>')
                {
                    angles--;
                }
                else if (c == '.' && angles == 0)
                {
                    dot = i;
                }
            }

            return dot;
        }

        /// <summary>Splits text at its top-level commas (not inside parentheses, brackets, braces, generics or literals).</summary>
        private static List<string> TopLevelParts(string text)
        {
            var parts = new List<string>();
            int depth = 0, angles = 0, start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '"' || c == '\'')
                {
                    i = SkipLiteral(text, i);
                }
                else if (c is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (c is ')' or ']' or '}')
                {
                    depth--;
                }
                else if (c == '<' && i > 0 && IsIdentifierChar(text[i - 1]) && i + 1 < text.Length && text[i + 1] != ' ' && text[i + 1] != '=')
                {
                    angles++;
                }
                else if (c == '>' && angles > 0 && text[i - 1] != '=')
                {
                    angles--;
                }
                else if (c == ',' && depth == 0 && angles == 0)
                {
                    parts.Add(text.Substring(start, i - start));
                    start = i + 1;
                }
            }

            parts.Add(text.Substring(start));
            return parts;
        }

        /// <summary>The index of the quote that closes the string or character literal opened at <paramref name="start"/>.</summary>
        private static int SkipLiteral(string text, int start)
        {
            char quote = text[start];
            for (int i = start + 1; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == quote)
                {
                    return i;
                }
            }

            return text.Length - 1;
        }

        private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '?';
    }
}
