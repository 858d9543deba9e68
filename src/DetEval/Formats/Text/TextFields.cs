using System.Globalization;
using DetEval.Geometry;

namespace DetEval.Formats.Text;

/// <summary>Field parsing shared by the line-based readers; every error names the file and line.</summary>
internal static class TextFields
{
    private static readonly char[] Whitespace = [' ', '\t', '\r', '\v', '\f'];

    /// <summary>Splits a line on whitespace, dropping empty fields.</summary>
    public static string[] Split(string line) => line.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses a finite double (invariant culture); NaN and infinities are errors.</summary>
    public static double Finite(string token, string file, string location, string what)
    {
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new DetEvalInputException(file, location, $"{what} '{token}' is not a finite number");
        }

        return v;
    }

    /// <summary>Parses a difficult flag: an integer (non-zero is difficult), <c>true</c>/<c>false</c> or <c>difficult</c>.</summary>
    public static bool Flag(string token, string file, string location, string what)
    {
        if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
        {
            return n != 0;
        }

        if (bool.TryParse(token, out bool b))
        {
            return b;
        }

        return token.Equals(what, StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new DetEvalInputException(file, location, $"{what} '{token}' is not 0 or 1");
    }

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
}
