using System.Reflection;
using SkiaSharp;

namespace DetEval.Plotting;

/// <summary>
/// The font every DetEval plot uses: DejaVu Sans, embedded in this assembly (its licence ships beside it), so
/// plots have text on a machine without system fonts.
/// </summary>
public static class PlotFonts
{
    /// <summary>The family name plots are drawn with.</summary>
    public const string FontName = "DejaVu Sans";

    private static readonly Lazy<SKTypeface> Typeface = new(Load);
    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>
    /// Registers the embedded font with ScottPlot (first among its font resolvers) and makes it the default.
    /// Safe to call many times and from several threads; the plot builders call it.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            ScottPlot.Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());
            ScottPlot.Fonts.Default = FontName;
            ScottPlot.Fonts.Sans = FontName;
            registered = true;
        }
    }

    private static SKTypeface Load()
    {
        const string resource = "DetEval.Plotting.Fonts.DejaVuSans.ttf";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded font {resource} is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("the embedded font could not be loaded");
    }

    /// <summary>Answers the DejaVu Sans family (any weight or slant) with the embedded typeface.</summary>
    private sealed class EmbeddedFontResolver : ScottPlot.IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, ScottPlot.FontWeight weight, ScottPlot.FontSlant slant, ScottPlot.FontSpacing spacing) =>
            string.Equals(fontName, FontName, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, FontName, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;
    }
}
