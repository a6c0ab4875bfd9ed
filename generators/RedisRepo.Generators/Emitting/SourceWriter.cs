using System;
using System.Text;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>Writes indented C# with '\n' line endings, so generated files are identical on every OS.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _text = new();
        private int _indent;

        public SourceWriter Line(string line = "")
        {
            if (line.IndexOf('\n') >= 0)
            {
                foreach (string part in line.Split('\n'))
                {
                    Line(part);
                }

                return this;
            }

            if (line.Length == 0)
            {
                _text.Append('\n');
                return this;
            }

            foreach (string part in LineWrapper.Wrap(line, _indent * 4))
            {
                _text.Append(' ', _indent * 4).Append(part).Append('\n');
            }

            return this;
        }

        /// <summary>Writes <c>{</c>, indents, and returns a scope that writes <c>}</c> (plus <paramref name="closeSuffix"/>) when disposed.</summary>
        public Block Open(string? header = null, string closeSuffix = "")
        {
            if (header is not null)
            {
                Line(header);
            }

            Line("{");
            _indent++;
            return new Block(this, closeSuffix);
        }

        /// <summary>Writes an XML doc comment, one /// line per line of <paramref name="xml"/>.</summary>
        public SourceWriter Doc(string xml)
        {
            foreach (string line in xml.Split('\n'))
            {
                Line("/// " + line);
            }

            return this;
        }

        public override string ToString() => _text.ToString();

        internal readonly struct Block : IDisposable
        {
            private readonly SourceWriter _writer;
            private readonly string _closeSuffix;

            public Block(SourceWriter writer, string closeSuffix)
            {
                _writer = writer;
                _closeSuffix = closeSuffix;
            }

            public void Dispose()
            {
                _writer._indent--;
                _writer.Line("}" + _closeSuffix);
            }
        }
    }
}
