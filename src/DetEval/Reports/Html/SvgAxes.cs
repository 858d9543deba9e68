using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>
/// The data-to-pixel mapping of one SVG chart and its frame (grid, ticks, axis labels). The y axis points up.
/// </summary>
internal sealed class SvgAxes
{
    private const int Left = 48, Right = 12, Top = 10, Bottom = 42;

    public SvgAxes(double x0, double x1, double y0, double y1, int width = 400, int height = 300)
    {
        (X0, X1, Y0, Y1, Width, Height) = (x0, x1, y0, y1, width, height);
    }

    public double X0 { get; }

    public double X1 { get; }

    public double Y0 { get; }

    public double Y1 { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The pixel x of data x.</summary>
    public double X(double x) => Left + ((x - X0) / (X1 - X0) * (Width - Left - Right));

    /// <summary>The pixel y of data y.</summary>
    public double Y(double y) => Height - Bottom - ((y - Y0) / (Y1 - Y0) * (Height - Top - Bottom));

    /// <summary>Opens the <c>svg</c> element.</summary>
    public void Open(HtmlBuilder html, string label)
    {
        html.Raw("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"")
            .Attr("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {Width} {Height}"))
            .Attr("width", Width.ToString(CultureInfo.InvariantCulture))
            .Attr("height", Height.ToString(CultureInfo.InvariantCulture))
            .Attr("role", "img").Attr("aria-label", label).Raw(">");
    }

    /// <summary>Draws the grid, about five ticks per axis at round values with their labels, and the axis labels.</summary>
    public void Frame(HtmlBuilder html, string xLabel, string yLabel)
    {
        html.Raw("<g class=\"frame\">");
        foreach (double t in Ticks(X0, X1))
        {
            double x = X(t);
            html.Raw("<line class=\"grid\"").Attr("x1", x).Attr("x2", x).Attr("y1", Y(Y0)).Attr("y2", Y(Y1)).Raw("/>");
            html.Raw("<text class=\"tick\" text-anchor=\"middle\"").Attr("x", x).Attr("y", Y(Y0) + 15).Raw(">").Text(Tick(t)).Raw("</text>");
        }

        foreach (double t in Ticks(Y0, Y1))
        {
            double y = Y(t);
            html.Raw("<line class=\"grid\"").Attr("x1", X(X0)).Attr("x2", X(X1)).Attr("y1", y).Attr("y2", y).Raw("/>");
            html.Raw("<text class=\"tick\" text-anchor=\"end\"").Attr("x", X(X0) - 5).Attr("y", y + 4).Raw(">").Text(Tick(t)).Raw("</text>");
        }

        html.Raw("<rect class=\"axes\"").Attr("x", X(X0)).Attr("y", Y(Y1)).Attr("width", X(X1) - X(X0)).Attr("height", Y(Y0) - Y(Y1)).Raw("/>");
        html.Raw("<text class=\"label\" text-anchor=\"middle\"").Attr("x", (X(X0) + X(X1)) / 2).Attr("y", Height - 8).Raw(">").Text(xLabel).Raw("</text>");
        html.Raw("<text class=\"label\" text-anchor=\"middle\"").Attr("transform", string.Create(CultureInfo.InvariantCulture, $"translate(14 {(Y(Y0) + Y(Y1)) / 2:0.#}) rotate(-90)")).Raw(">").Text(yLabel).Raw("</text>");
        html.Raw("</g>");
    }

    /// <summary>Ticks at the multiples of a round step (1, 2 or 5 times a power of ten) giving about five in [low, high].</summary>
    internal static List<double> Ticks(double low, double high)
    {
        var ticks = new List<double>();
        double span = high - low;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return ticks;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(span / 5)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * magnitude).First(s => span / s <= 6);
        for (double t = Math.Ceiling((low / step) - 1e-9) * step; t <= high + (step * 1e-9); t += step)
        {
            ticks.Add(Math.Round(t / step) * step);
        }

        return ticks;
    }

    /// <summary>Appends the <c>points</c> of a polyline through the finite (x, y) pairs.</summary>
    public void Points(HtmlBuilder html, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        html.Raw(" points=\"");
        bool first = true;
        for (int i = 0; i < xs.Count; i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                continue;
            }

            if (!first)
            {
                html.Raw(" ");
            }

            html.Coordinate(X(xs[i])).Raw(",").Coordinate(Y(ys[i]));
            first = false;
        }

        html.Raw("\"");
    }

    private static string Tick(double value)
    {
        double rounded = Math.Round(value, 6);
        return (rounded == 0 ? 0 : rounded).ToString("0.##", CultureInfo.InvariantCulture);
    }
}
