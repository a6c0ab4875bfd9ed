using Microsoft.CodeAnalysis;

namespace RedisRepo.Generators.Model
{
    /// <summary>A diagnostic as plain values (descriptor, location, message arguments), equatable for caching.</summary>
    internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArgs)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
            new(descriptor, location, new EquatableArray<string>(messageArgs));

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArgs.AsSpan().ToArray());
    }
}
