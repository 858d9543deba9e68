using System.Globalization;
using System.Text;

namespace DetEval.Reports.Html;

/// <summary>
/// Appends HTML to a buffer: markup as given, every text and attribute value escaped (class names and file names come
/// from input files), numbers in the invariant culture.
/// </summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder text = new(1 << 16);

    /// <summary>Appends trusted markup (never input text).</summary>
    public HtmlBuilder Raw(string markup)
    {
        text.Append(markup);
        return this;
    }

    /// <summary>Appends text with <c>&amp; &lt; &gt; " '</c> escaped.</summary>
    public HtmlBuilder Text(string? value)
    {
        foreach (char c in value ?? "")
        {
            switch (c)
            {
                case '&': text.Append("&amp;"); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '"': text.Append("&quot;"); break;
                case '\'': text.Append("&#39;"); break;
                default: text.Append(c); break;
            }
        }

        return this;
    }

    /// <summary>Appends <c> name="value"</c>, the value escaped.</summary>
    public HtmlBuilder Attr(string name, string? value)
    {
        text.Append(' ').Append(name).Append("=\"");
        Text(value);
        text.Append('"');
        return this;
    }

    /// <summary>Appends <c> name="number"</c> with one decimal (SVG coordinates).</summary>
    public HtmlBuilder Attr(string name, double value)
    {
        text.Append(' ').Append(name).Append("=\"");
        Coordinate(value);
        text.Append('"');
        return this;
    }

    /// <summary>Appends a coordinate with at most one decimal.</summary>
    public HtmlBuilder Coordinate(double value)
    {
        Span<char> buffer = stackalloc char[32];
        double rounded = Math.Round(value, 1);
        if (rounded == 0)
        {
            rounded = 0; // no "-0"
        }

        rounded.TryFormat(buffer, out int written, "0.#", CultureInfo.InvariantCulture);
        text.Append(buffer[..written]);
        return this;
    }

    /// <summary>Appends an element with escaped text content: <c>&lt;tag&gt;text&lt;/tag&gt;</c>.</summary>
    public HtmlBuilder Element(string tag, string? content, string? cssClass = null)
    {
        text.Append('<').Append(tag);
        if (cssClass is not null)
        {
            Attr("class", cssClass);
        }

        text.Append('>');
        Text(content);
        text.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A number for display: three decimals (or <paramref name="digits"/>), "–" for COCO's -1 and NaN.</summary>
    public static string Display(double value, int digits = 3) =>
        !double.IsFinite(value) || value == -1 ? "–" : value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A number as the page's data: shortest round-trip, invariant (as report.json writes it).</summary>
    public static string Data(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An integer for display.</summary>
    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the page as UTF-8.</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        foreach (var chunk in text.GetChunks())
        {
            writer.Write(chunk.Span);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => text.ToString();
}
