using System.ComponentModel;
using MessagePack;

namespace RedisRepo.Codecs;

/// <summary>Small building blocks the generated MessagePack formatters call.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CodecPrimitives
{
    /// <summary>
    /// Reads a map key written as a MessagePack string and returns its UTF-8 bytes, without
    /// allocating when the bytes are contiguous (always the case for a payload read from Redis).
    /// </summary>
    public static ReadOnlySpan<byte> ReadPropertyName(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out ReadOnlySpan<byte> name))
        {
            return name;
        }

        System.Buffers.ReadOnlySequence<byte>? sequence = reader.ReadStringSequence();
        if (sequence is null)
        {
            throw new MessagePackSerializationException("A property name is nil.");
        }

        return System.Buffers.BuffersExtensions.ToArray(sequence.Value);
    }

    /// <summary>Reads a MessagePack bin (or nil) as a new byte array.</summary>
    public static byte[]? ReadByteArray(ref MessagePackReader reader) =>
        reader.ReadBytes() is { } bytes ? System.Buffers.BuffersExtensions.ToArray(bytes) : null;

    /// <summary>Throws the error for a payload that is nil or not a map where an object is expected.</summary>
    public static MessagePackSerializationException UnexpectedNil(string typeName) =>
        new($"Expected a {typeName} object but found nil.");
}
