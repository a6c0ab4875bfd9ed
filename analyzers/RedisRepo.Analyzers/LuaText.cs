using System.Text;

namespace RedisRepo.Analyzers
{
    /// <summary>Lua source as RR1001 reads it.</summary>
    internal static class LuaText
    {
        /// <summary>
        /// <paramref name="script"/> with its comments blanked out: <c>-- ...</c> to the end of the line, and
        /// long comments <c>--[[ ... ]]</c>, <c>--[==[ ... ]==]</c> (closed by the bracket of the same level).
        /// Strings (<c>'...'</c>, <c>"..."</c> with escapes, long strings <c>[[ ... ]]</c>, <c>[=[ ... ]=]</c>)
        /// are kept as they are, and a <c>--</c> inside one does not start a comment. Each comment becomes
        /// one space, so the tokens around it stay apart; line breaks are kept.
        /// </summary>
        public static string WithoutComments(string script)
        {
            if (script.IndexOf("--", System.StringComparison.Ordinal) < 0)
            {
                return script;
            }

            var result = new StringBuilder(script.Length);
            int i = 0;
            while (i < script.Length)
            {
                char c = script[i];
                if (c == '-' && i + 1 < script.Length && script[i + 1] == '-')
                {
                    int level = LongBracketLevel(script, i + 2);
                    i = level >= 0
                        ? EndOfLongBracket(script, i + 2 + level + 2, level)
                        : EndOfLine(script, i + 2);
                    result.Append(' ');
                }
                else if (c is '\'' or '"')
                {
                    int end = EndOfQuotedString(script, i + 1, c);
                    result.Append(script, i, end - i);
                    i = end;
                }
                else if (c == '[' && LongBracketLevel(script, i) is var stringLevel and >= 0)
                {
                    int end = EndOfLongBracket(script, i + stringLevel + 2, stringLevel);
                    result.Append(script, i, end - i);
                    i = end;
                }
                else
                {
                    result.Append(c);
                    i++;
                }
            }

            return result.ToString();
        }

        // The level of an opening long bracket at start ([[ is 0, [==[ is 2), or -1 when there is none.
        private static int LongBracketLevel(string text, int start)
        {
            if (start >= text.Length || text[start] != '[')
            {
                return -1;
            }

            int i = start + 1;
            while (i < text.Length && text[i] == '=')
            {
                i++;
            }

            return i < text.Length && text[i] == '[' ? i - start - 1 : -1;
        }

        // Just past the closing long bracket of that level from start (the end of the text when unclosed).
        private static int EndOfLongBracket(string text, int start, int level)
        {
            for (int i = start; i < text.Length; i++)
            {
                if (text[i] != ']')
                {
                    continue;
                }

                int j = i + 1;
                while (j < text.Length && text[j] == '=')
                {
                    j++;
                }

                if (j < text.Length && text[j] == ']' && j - i - 1 == level)
                {
                    return j + 1;
                }
            }

            return text.Length;
        }

        // The line break that ends a line comment (kept), or the end of the text.
        private static int EndOfLine(string text, int start)
        {
            int i = start;
            while (i < text.Length && text[i] is not ('\n' or '\r'))
            {
                i++;
            }

            return i;
        }

        // Just past the closing quote (a string left open ends at the line break or the end of the text).
        private static int EndOfQuotedString(string text, int start, char quote)
        {
            int i = start;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\\')
                {
                    i += 2;
                    continue;
                }

                if (c == quote)
                {
                    return i + 1;
                }

                if (c is '\n' or '\r')
                {
                    return i;
                }

                i++;
            }

            return text.Length;
        }
    }
}
