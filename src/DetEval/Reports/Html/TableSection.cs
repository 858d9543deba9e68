using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>A column of a sortable table.</summary>
/// <param name="Label">The header text.</param>
/// <param name="Numeric">Whether the column sorts as numbers.</param>
/// <param name="Title">The header's tooltip (what the number is), or null.</param>
internal sealed record TableColumn(string Label, bool Numeric = true, string? Title = null);

/// <summary>A table cell: its text and the value it sorts by.</summary>
/// <param name="Text">What is shown.</param>
/// <param name="SortValue">What it sorts by (a round-trip number for numeric columns; empty sorts last).</param>
/// <param name="Title">A tooltip, or null.</param>
internal sealed record TableCell(string Text, string SortValue, string? Title = null)
{
    /// <summary>A number with three decimals (<c>–</c> for COCO's -1 and NaN, which sort last).</summary>
    public static TableCell Number(double value, int digits = 3) =>
        new(HtmlBuilder.Display(value, digits), double.IsFinite(value) && value != -1 ? HtmlBuilder.Data(value) : "");

    /// <summary>A number that may be missing.</summary>
    public static TableCell Number(double? value, int digits = 3) => value is double v ? Number(v, digits) : new("–", "");

    /// <summary>A count.</summary>
    public static TableCell Count(long value) => new(HtmlBuilder.Count(value), HtmlBuilder.Count(value));

    /// <summary>A count that may be missing.</summary>
    public static TableCell Count(long? value) => value is long v ? Count(v) : new("–", "");

    /// <summary>Text (sorted as text).</summary>
    public static TableCell Label(string text, string? title = null) => new(text, text, title);

    /// <summary>A confidence interval <c>[low, high]</c>, sorted by its width.</summary>
    public static TableCell Range(Interval? interval)
    {
        if (interval is not Interval ci || !ci.IsDefined)
        {
            return new("–", "");
        }

        return new(
            string.Create(CultureInfo.InvariantCulture, $"[{HtmlBuilder.Display(ci.Low)}, {HtmlBuilder.Display(ci.High)}]"),
            HtmlBuilder.Data(ci.High - ci.Low),
            string.Create(CultureInfo.InvariantCulture, $"{HtmlBuilder.Data(ci.Low)} to {HtmlBuilder.Data(ci.High)} over {ci.Resamples} resamples"));
    }
}

/// <summary>A table row, tied to a class when it has one (hovering it highlights the class in every figure).</summary>
/// <param name="Cells">One cell per column.</param>
/// <param name="ClassIndex">The class, or null.</param>
/// <param name="Name">The class name shown when the class is highlighted.</param>
/// <param name="Sparkline">Precision at evenly spaced recalls from 0 to 1, drawn in a last column; null for none.</param>
internal sealed record TableRow(IReadOnlyList<TableCell> Cells, int? ClassIndex = null, string? Name = null, IReadOnlyList<double>? Sparkline = null);

/// <summary>A table sortable by any column (click a header; again to reverse).</summary>
/// <param name="Id">The section id; the table's id is <c>Id + "-table"</c>.</param>
/// <param name="Title">The heading.</param>
/// <param name="Columns">The columns.</param>
/// <param name="Rows">The rows, in their first order.</param>
/// <param name="SparklineLabel">The header of the sparkline column, or null when no row has one.</param>
internal sealed record TableSection(string Id, string Title, IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows, string? SparklineLabel = null)
    : HtmlSection(Id, Title)
{
    /// <inheritdoc/>
    protected override string Kind => "table";

    /// <inheritdoc/>
    protected override void RenderBody(HtmlBuilder html)
    {
        html.Raw("<div class=\"table-wrap\"><table class=\"sortable\"").Attr("id", Id + "-table").Raw("><thead><tr>");
        foreach (var column in Columns)
        {
            html.Raw("<th").Attr("data-type", column.Numeric ? "num" : "text");
            if (column.Title is not null)
            {
                html.Attr("title", column.Title);
            }

            html.Raw(">").Text(column.Label).Raw("</th>");
        }

        if (SparklineLabel is not null)
        {
            html.Raw("<th class=\"nosort\">").Text(SparklineLabel).Raw("</th>");
        }

        html.Raw("</tr></thead>\n<tbody>\n");
        foreach (var row in Rows)
        {
            html.Raw("<tr");
            if (row.ClassIndex is int k)
            {
                html.Attr("data-k", HtmlBuilder.Count(k)).Attr("data-name", row.Name);
            }

            html.Raw(">");
            foreach (var cell in row.Cells)
            {
                html.Raw("<td").Attr("data-v", cell.SortValue);
                if (cell.Title is not null)
                {
                    html.Attr("title", cell.Title);
                }

                html.Raw(">").Text(cell.Text).Raw("</td>");
            }

            if (SparklineLabel is not null)
            {
                html.Raw("<td class=\"spark\">");
                if (row.Sparkline is { Count: > 1 } y)
                {
                    html.Raw("<svg class=\"sparkline\" viewBox=\"0 0 90 22\" width=\"90\" height=\"22\"><polyline");
                    SparkPoints(html, y);
                    html.Raw("/></svg>");
                }

                html.Raw("</td>");
            }

            html.Raw("</tr>\n");
        }

        html.Raw("</tbody></table></div>\n");
    }

    private static void SparkPoints(HtmlBuilder html, IReadOnlyList<double> y)
    {
        // Edge to edge (the sparkline has no axes): recall 0..1 across, precision 0..1 up.
        html.Raw(" points=\"");
        for (int i = 0; i < y.Count; i++)
        {
            double px = 1 + (88.0 * i / (y.Count - 1)), py = 21 - (20 * Math.Clamp(y[i], 0, 1));
            html.Raw(i > 0 ? " " : "").Coordinate(px).Raw(",").Coordinate(py);
        }

        html.Raw("\"");
    }
}
