using System.ComponentModel;

namespace RedisRepo.Storage;

/// <summary>
/// Validates one placeholder's value before it becomes part of a Redis key. Generated code holds
/// one rule per placeholder; the error messages name the model, the key template and the operation.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class KeyPartRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="model">The model's type name.</param>
    /// <param name="keyTemplate">The model's key template.</param>
    /// <param name="part">The placeholder's property name.</param>
    /// <param name="separator">The character that follows the placeholder in the template, which the value may not contain; '\0' for the last placeholder.</param>
    public KeyPartRule(string model, string keyTemplate, string part, char separator)
    {
        Model = model;
        KeyTemplate = keyTemplate;
        Part = part;
        Separator = separator;
    }

    /// <summary>The model's type name.</summary>
    public string Model { get; }

    /// <summary>The model's key template.</summary>
    public string KeyTemplate { get; }

    /// <summary>The placeholder's property name.</summary>
    public string Part { get; }

    /// <summary>The character the value may not contain, or '\0'.</summary>
    public char Separator { get; }

    /// <summary>Returns <paramref name="value"/> when it can be a key part, or throws a descriptive exception.</summary>
    /// <param name="value">The key part's text.</param>
    /// <param name="parameterName">The caller's parameter that carried the value (for <see cref="ArgumentException.ParamName"/>).</param>
    /// <param name="operation">The repository operation, e.g. <c>GetAsync</c>.</param>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty, contains the separator or is not well-formed UTF-16.</exception>
    public string Check(string? value, string parameterName, string operation)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName, $"{Model}.{operation}: key part '{Part}' of key '{KeyTemplate}' is null.");
        }

        if (value.Length == 0)
        {
            throw new ArgumentException($"{Model}.{operation}: key part '{Part}' of key '{KeyTemplate}' is empty.", parameterName);
        }

        if (Separator != '\0' && value.Contains(Separator))
        {
            throw new ArgumentException(
                $"{Model}.{operation}: key part '{Part}' of key '{KeyTemplate}' is '{value}', which contains '{Separator}', the separator that follows it in the key.",
                parameterName);
        }

        int surrogate = WellFormedText.FirstLoneSurrogate(value);
        if (surrogate >= 0)
        {
            throw new ArgumentException(
                $"{Model}.{operation}: key part '{Part}' of key '{KeyTemplate}' has a lone UTF-16 surrogate (U+{(int)value[surrogate]:X4}) at position {surrogate}; it is not well-formed text and would name another entity's key once stored as UTF-8.",
                parameterName);
        }

        return value;
    }
}
