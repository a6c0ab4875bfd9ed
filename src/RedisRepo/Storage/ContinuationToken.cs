namespace RedisRepo.Storage;

/// <summary>
/// The opaque continuation tokens of paged reads: a version byte, a fingerprint of what was asked
/// (so a token is refused by any other query, arguments or model), then the read's own state;
/// base64url, safe in a URL. A token that does not decode is an <see cref="ArgumentException"/>.
/// </summary>
internal static class ContinuationToken
{
    private const byte Version = 1;

    public static string Write(byte[] fingerprint, Action<BinaryWriter> state)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(fingerprint);
            state(writer);
        }

        return Convert.ToBase64String(stream.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <exception cref="ArgumentException">The token is not one of this read's (<paramref name="refusal"/> says so).</exception>
    public static T Read<T>(string token, byte[] fingerprint, Func<BinaryReader, T> state, string refusal)
    {
        try
        {
            string base64 = token.Replace('-', '+').Replace('_', '/');
            byte[] bytes = Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
            using var reader = new BinaryReader(new MemoryStream(bytes));
            if (reader.ReadByte() != Version || !reader.ReadBytes(fingerprint.Length).AsSpan().SequenceEqual(fingerprint))
            {
                throw new FormatException();
            }

            T value = state(reader);
            return reader.BaseStream.Position == bytes.Length ? value : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException or IOException)
        {
            throw new ArgumentException(refusal, "page", e);
        }
    }
}
