using System.Globalization;
using System.Runtime.CompilerServices;
using DetEval.Formats;

namespace DetEval.Formats.Text;

/// <summary>Field parsing shared by the line-based readers; every error names the file and line.</summary>
internal static class TextFields
{
    private static readonly char[] Whitespace = [' ', '\t', '\r', '\v', '\f'];

    /// <summary>The whitespace-split fields of each non-blank line of a text file, with the line's location for errors.</summary>
    public static IEnumerable<(string[] Fields, string Location)> NonBlankLines(string path)
    {
        int lineNumber = 0;
        foreach (string line in InputFile.ReadLines(path, InputKind.TextLines))
        {
            lineNumber++;
            var fields = Split(line);
            if (fields.Length > 0)
            {
                yield return (fields, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}"));
            }
        }
    }

    /// <summary>Splits a line on whitespace, dropping empty fields.</summary>
    public static string[] Split(string line) => line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses a finite double (invariant culture); NaN and infinities are errors.</summary>
    /// <summary>
    /// Splits a UTF-8 line on the same whitespace as <see cref="Split(string)"/> into at most
    /// <c>fields.Length</c> ranges; returns the number of fields on the line (which may be more).
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        int count = 0;
        int i = 0;
        while (true)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length)
            {
                return count;
            }

            int start = i;
            while (i < line.Length && !IsSpace(line[i]))
            {
                i++;
            }

            if (count < fields.Length)
            {
                fields[count] = start..i;
            }

            count++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or 0x0B or 0x0C;

    /// <summary>A finite number from UTF-8 (the fast path for short decimals, the full parser otherwise).</summary>
    public static double Finite(ReadOnlySpan<byte> token, string file, int lineNumber, string what)
    {
        if (Json.JsonValues.TryParseShortDecimal(token, out double fast))
        {
            return fast;
        }

        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new DetEvalInputException(file, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}"), $"{what} '{System.Text.Encoding.UTF8.GetString(token)}' is not a finite number");
        }

        return v;
    }

    public static double Finite(string token, string file, string location, string what)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new DetEvalInputException(file, location, $"{what} '{token}' is not a finite number");
        }

        return v;
    }

    /// <summary>Parses a difficult flag: an integer (non-zero is difficult), <c>true</c>/<c>false</c> or <c>difficult</c>.</summary>
    public static bool Flag(string token, string file, string location, string what) =>
        TryFlag(token, what, out bool flag) ? flag : throw new DetEvalInputException(file, location, $"{what} '{token}' is not 0 or 1");

    /// <summary><see cref="Flag"/> without the error: false when <paramref name="token"/> is not a flag.</summary>
    public static bool TryFlag(string token, string what, out bool flag)
    {
        if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
        {
            flag = n != 0;
            return true;
        }

        if (bool.TryParse(token, out flag))
        {
            return true;
        }

        flag = true;
        return token.Equals(what, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><see cref="CheckSize(in BoxCorners, PixelConvention, string, string)"/> naming the line only on failure.</summary>
    public static void CheckSize(in BoxCorners box, PixelConvention convention, string file, int lineNumber)
    {
        if (HasNegativeSize(box, convention == PixelConvention.Inclusive ? 1.0 : 0.0))
        {
            CheckSize(box, convention, file, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}"));
        }
    }

    /// <summary>The test of <see cref="CheckSize(in BoxCorners, PixelConvention, string, string)"/>, with <paramref name="one"/> 1 for inclusive pixels and 0 for continuous.</summary>
    public static bool HasNegativeSize(in BoxCorners box, double one) => box.X2 - box.X1 + one < 0 || box.Y2 - box.Y1 + one < 0;

    /// <summary>Rejects a box whose width or height is negative under <paramref name="convention"/>.</summary>
    /// <remarks>Inclusive pixels: <c>x2 - x1 + 1 &lt; 0</c> (so <c>x2 = x1 - 1</c>, a zero-width box, is legal); continuous: <c>x2 - x1 &lt; 0</c>.</remarks>
    public static void CheckSize(in BoxCorners box, PixelConvention convention, string file, string location)
    {
        double one = convention == PixelConvention.Inclusive ? 1.0 : 0.0;
        double w = box.X2 - box.X1 + one;
        double h = box.Y2 - box.Y1 + one;
        if (w < 0 || h < 0)
        {
            string rule = convention == PixelConvention.Inclusive ? "x2 - x1 + 1" : "x2 - x1";
            throw new DetEvalInputException(file, location, string.Create(CultureInfo.InvariantCulture,
                $"box ({box.X1}, {box.Y1}, {box.X2}, {box.Y2}) has negative {(w < 0 ? "width" : "height")} ({rule} = {(w < 0 ? w : h)}) under {convention.ToString().ToLowerInvariant()} pixels"));
        }
    }

    /// <summary>
    /// The lines of UTF-8 text (a leading byte-order mark skipped), each with its 1-based number; a line keeps its
    /// <c>\r</c> (a field separator for <see cref="Split(ReadOnlySpan{byte}, Span{Range})"/>) and the last line may lack
    /// a line break.
    /// </summary>
    public static LineEnumerator Lines(ReadOnlySpan<byte> data) => new(data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? data[3..] : data);

    /// <summary>The enumerator of <see cref="Lines"/>.</summary>
    internal ref struct LineEnumerator
    {
        private ReadOnlySpan<byte> rest;
        private bool done;

        public LineEnumerator(ReadOnlySpan<byte> data)
        {
            rest = data;
            done = data.IsEmpty;
        }

        private int number;

        /// <summary>The current line, without its line break, and its number.</summary>
        public TextLine Current { get; private set; }

        public readonly LineEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (done)
            {
                return false;
            }

            int newline = rest.IndexOf((byte)'\n');
            Current = new TextLine(newline < 0 ? rest : rest[..newline], ++number);
            rest = newline < 0 ? default : rest[(newline + 1)..];
            done = newline < 0 || rest.IsEmpty;
            return true;
        }
    }

    /// <summary>One line of <see cref="Lines"/>: its bytes (no line break) and its number, from 1.</summary>
    internal readonly ref struct TextLine(ReadOnlySpan<byte> text, int number)
    {
        public ReadOnlySpan<byte> Text { get; } = text;

        public int Number { get; } = number;
    }
}
