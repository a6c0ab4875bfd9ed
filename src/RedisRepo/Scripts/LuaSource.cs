using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace RedisRepo.Scripts;

/// <summary>
/// Reads a script from the embedded <c>Scripts/Lua/*.lua</c> files: each <c>--@include name.lua</c>
/// line becomes that file of <c>Lua/includes/</c>, each <c>{{NAME}}</c> the constant of
/// <see cref="ScriptProtocol.LuaConstants"/>. An unknown include or constant fails at load, not
/// on a server.
/// </summary>
internal static partial class LuaSource
{
    private const string ResourcePrefix = "RedisRepo.Scripts.Lua.";
    private const string IncludeDirective = "--@include ";

    /// <summary>The full text of <c>Lua/{fileName}</c>, includes and constants written in.</summary>
    public static string Load(string fileName)
    {
        var text = new StringBuilder();
        foreach (string line in Read(fileName).Split('\n'))
        {
            if (line.StartsWith(IncludeDirective, StringComparison.Ordinal))
            {
                text.Append(Read("includes." + line[IncludeDirective.Length..].Trim()));
            }
            else
            {
                text.Append(line).Append('\n');
            }
        }

        return Constant().Replace(text.ToString(), match =>
            ScriptProtocol.LuaConstants.TryGetValue(match.Groups[1].Value, out string? value)
                ? value
                : throw new InvalidOperationException($"Script {fileName} names the constant {match.Value}, which ScriptProtocol does not define."));
    }

    private static string Read(string name)
    {
        using Stream stream = typeof(LuaSource).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The script file {name} is not embedded in {typeof(LuaSource).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    [GeneratedRegex(@"\{\{([A-Z_]+)\}\}")]
    private static partial Regex Constant();
}
