using System.Buffers;
using MessagePack;
using MessagePack.Formatters;

namespace RedisRepo.Codecs;

/// <summary>
/// Turns entities into the MessagePack bytes stored at their keys and back, through the
/// model's generated formatter: no resolver lookups, no reflection.
/// </summary>
internal static class PayloadCodec
{
    private const int RetainedBufferLimit = 1024 * 1024;

    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Serialize<T>(IMessagePackFormatter<T> formatter, T value)
    {
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(buffer);
        formatter.Serialize(ref writer, value, Options);
        writer.Flush();
        byte[] payload = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > RetainedBufferLimit)
        {
            t_buffer = null; // do not keep one huge entity's buffer alive per thread
        }

        return payload;
    }

    public static T Deserialize<T>(IMessagePackFormatter<T> formatter, ReadOnlyMemory<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        T value = formatter.Deserialize(ref reader, Options);
        if (!reader.End)
        {
            throw new MessagePackSerializationException($"the value ends at byte {reader.Consumed} of {payload.Length}; the rest is not part of it.");
        }

        return value;
    }
}
