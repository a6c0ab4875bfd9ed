using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>One piece of a key template: literal text, or a placeholder naming a property.</summary>
    internal readonly struct TemplateToken
    {
        public TemplateToken(string text, bool isPlaceholder)
        {
            Text = text;
            IsPlaceholder = isPlaceholder;
        }

        public string Text { get; }

        public bool IsPlaceholder { get; }
    }

    /// <summary>Splits <c>auth:tenant:&lt;TenantId&gt;:user:&lt;Id&gt;</c> into literals and placeholders.</summary>
    internal static class KeyTemplateTokenizer
    {
        /// <summary>Tokenizes a template; on failure returns null and says why in <paramref name="error"/>.</summary>
        public static List<TemplateToken>? Tokenize(string template, out string? error)
        {
            error = null;
            var tokens = new List<TemplateToken>();
            if (template.Length == 0)
            {
                error = "it is empty";
                return null;
            }

            var literal = new StringBuilder();
            int i = 0;
            while (i < template.Length)
            {
                char c = template[i];
                if (c == '>')
                {
                    error = $"'>' at position {i} closes no placeholder";
                    return null;
                }

                if (c != '<')
                {
                    literal.Append(c);
                    i++;
                    continue;
                }

                int close = template.IndexOf('>', i + 1);
                int nextOpen = template.IndexOf('<', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                {
                    error = $"the placeholder opened at position {i} is not closed with '>'";
                    return null;
                }

                string name = template.Substring(i + 1, close - i - 1);
                if (name.Length == 0)
                {
                    error = $"the placeholder at position {i} is empty ('<>')";
                    return null;
                }

                if (!SyntaxFacts.IsValidIdentifier(name))
                {
                    error = $"'<{name}>' does not name a property (a placeholder holds one C# property name)";
                    return null;
                }

                if (literal.Length > 0)
                {
                    tokens.Add(new TemplateToken(literal.ToString(), isPlaceholder: false));
                    literal.Clear();
                }
                else if (tokens.Count > 0 && tokens[tokens.Count - 1].IsPlaceholder)
                {
                    error = $"'<{tokens[tokens.Count - 1].Text}>' and '<{name}>' have no literal text between them, so keys could not be read back unambiguously";
                    return null;
                }

                tokens.Add(new TemplateToken(name, isPlaceholder: true));
                i = close + 1;
            }

            if (literal.Length > 0)
            {
                tokens.Add(new TemplateToken(literal.ToString(), isPlaceholder: false));
            }

            return tokens;
        }
    }
}
