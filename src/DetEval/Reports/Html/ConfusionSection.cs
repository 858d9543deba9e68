using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>
/// A confusion matrix as an SVG heat map, readable at 80 classes: rows are the ground-truth class, columns the
/// predicted class, both in the matrix's order with the background row and column last; every row and column
/// labelled; each cell's shade is its count over the largest count of its row (so every class's pattern shows whatever
/// its size); the count is written in the cell when cells are large enough and is always in the cell's tooltip.
/// </summary>
/// <param name="Id">The section id.</param>
/// <param name="Title">The heading.</param>
/// <param name="Labels">Row and column labels (the classes, then background).</param>
/// <param name="Counts">Row-major counts, <c>Labels.Count</c> squared.</param>
internal sealed record ConfusionSection(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<long> Counts) : HtmlSection(Id, Title)
{
    /// <inheritdoc/>
    protected override string Kind => "confusion";

    /// <inheritdoc/>
    protected override void RenderBody(HtmlBuilder html)
    {
        int n = Labels.Count;
        double cell = Math.Clamp(640.0 / n, 8, 30);
        double font = Math.Min(12, Math.Max(6, cell * 0.8));
        // Room for the longest label (about 0.6 em per character), capped.
        double margin = Math.Min(170, 12 + (Labels.Max(l => l.Length) * font * 0.6));
        double side = margin + (n * cell);
        html.Raw("<figure class=\"figure\" data-figure=\"confusion\"><div class=\"scroll\"><svg class=\"matrix\" xmlns=\"http://www.w3.org/2000/svg\"")
            .Attr("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {side + 8:0.#} {side + 8:0.#}"))
            .Attr("width", side + 8).Attr("height", side + 8).Attr("role", "img").Attr("aria-label", Title)
            .Attr("style", string.Create(CultureInfo.InvariantCulture, $"font-size:{font:0.#}px")).Raw(">");
        for (int i = 0; i < n; i++)
        {
            double at = margin + (i * cell) + (cell / 2);
            string cls = i == n - 1 ? "rowlabel bg" : "rowlabel";
            html.Raw("<text text-anchor=\"end\"").Attr("class", cls).Attr("x", margin - 4).Attr("y", at + (font / 3)).Raw(">").Text(Labels[i]).Raw("</text>");
            html.Raw("<text text-anchor=\"start\"").Attr("class", cls)
                .Attr("transform", string.Create(CultureInfo.InvariantCulture, $"translate({at + (font / 3):0.#} {margin - 4:0.#}) rotate(-90)")).Raw(">").Text(Labels[i]).Raw("</text>");
        }

        html.Raw("<rect class=\"cells\"").Attr("x", margin).Attr("y", margin).Attr("width", n * cell).Attr("height", n * cell).Raw("/>");
        bool writeCounts = cell >= 22;
        for (int g = 0; g < n; g++)
        {
            long rowMax = 0;
            for (int p = 0; p < n; p++)
            {
                rowMax = Math.Max(rowMax, Counts[(g * n) + p]);
            }

            for (int p = 0; p < n; p++)
            {
                long count = Counts[(g * n) + p];
                if (count == 0)
                {
                    continue;
                }

                double x = margin + (p * cell), y = margin + (g * cell);
                html.Raw("<rect").Attr("class", g == p ? "cell diag" : "cell").Attr("x", x).Attr("y", y).Attr("width", cell).Attr("height", cell)
                    .Attr("fill-opacity", string.Create(CultureInfo.InvariantCulture, $"{0.12 + (0.88 * count / rowMax):0.##}")).Raw(">")
                    .Element("title", string.Create(CultureInfo.InvariantCulture, $"ground truth {Labels[g]}, predicted {Labels[p]}: {count}"))
                    .Raw("</rect>");
                if (writeCounts)
                {
                    html.Raw("<text class=\"count\" text-anchor=\"middle\"").Attr("x", x + (cell / 2)).Attr("y", y + (cell / 2) + (font / 3)).Raw(">")
                        .Text(HtmlBuilder.Count(count)).Raw("</text>");
                }
            }
        }

        html.Raw("</svg></div><figcaption>Rows: ground-truth class; columns: predicted class; last row and column: background (a missed ground truth is in its row's background column, a false positive in the background row). Shade: count over the row's largest count.</figcaption></figure>\n");
    }
}
