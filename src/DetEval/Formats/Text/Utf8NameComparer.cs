using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace DetEval.Formats.Text;

/// <summary>
/// Ordinal string keys hashed by their UTF-8 bytes, so a dictionary can be searched with the UTF-8 bytes of a text file
/// (<see cref="Dictionary{TKey, TValue}.GetAlternateLookup{TAlternateKey}"/>) without decoding a string per line.
/// </summary>
/// <remarks>
/// Keys must be well-formed UTF-16 (<see cref="IsWellFormed"/>): then a key and a byte span are equal exactly when the
/// bytes are the key's UTF-8 encoding, that is when decoding the bytes gives the key.
/// </remarks>
internal sealed class Utf8NameComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<byte>, string>
{
    public static readonly Utf8NameComparer Instance = new();

    private Utf8NameComparer()
    {
    }

    /// <summary>True when <paramref name="key"/> has no unpaired surrogate (and so one UTF-8 encoding).</summary>
    public static bool IsWellFormed(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return true;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        var status = Utf8.FromUtf16(key, buffer, out _, out _, replaceInvalidSequences: false);
        ArrayPool<byte>.Shared.Return(buffer);
        return status == OperationStatus.Done;
    }

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (Ascii.IsValid(obj))
        {
            // ASCII: one byte per char.
            Span<byte> ascii = obj.Length <= 256 ? stackalloc byte[obj.Length] : new byte[obj.Length];
            Ascii.FromUtf16(obj, ascii, out _);
            return Hash(ascii);
        }

        return Hash(Encoding.UTF8.GetBytes(obj));
    }

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public bool Equals(ReadOnlySpan<byte> alternate, string other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Ascii.Equals(alternate, other))
        {
            return true;
        }

        // Ascii.Equals is false for any non-ASCII key: compare its encoding.
        return !Ascii.IsValid(other) && alternate.SequenceEqual(Encoding.UTF8.GetBytes(other));
    }

    public string Create(ReadOnlySpan<byte> alternate) => Encoding.UTF8.GetString(alternate);

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
