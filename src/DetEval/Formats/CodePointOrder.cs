namespace DetEval.Formats;

/// <summary>
/// Orders names by Unicode code point, as Python's <c>sorted</c> orders <c>str</c> (ordinal UTF-16 order differs
/// only when a character above U+FFFF meets one in U+E000..U+FFFF).
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static readonly CodePointOrder Instance = new();

    private CodePointOrder()
    {
    }

    public static int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            int a = char.IsSurrogatePair(x, i) ? char.ConvertToUtf32(x[i], x[i + 1]) : x[i];
            int b = char.IsSurrogatePair(y, j) ? char.ConvertToUtf32(y[j], y[j + 1]) : y[j];
            if (a != b)
            {
                return a < b ? -1 : 1;
            }

            i += a > 0xFFFF ? 2 : 1;
            j += b > 0xFFFF ? 2 : 1;
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }

    int IComparer<string>.Compare(string? x, string? y) => Compare(x, y);
}
