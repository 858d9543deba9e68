using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>One bar: a label, its value and what is written beside it.</summary>
/// <param name="Label">The bar's name.</param>
/// <param name="Value">Its length.</param>
/// <param name="Text">Written at its end (the value, a count).</param>
/// <param name="Title">A tooltip, or null.</param>
internal sealed record Bar(string Label, double Value, string Text, string? Title = null);

/// <summary>Groups of horizontal bars (TIDE's main and special errors), each group an SVG chart.</summary>
/// <param name="Id">The section id.</param>
/// <param name="Title">The heading.</param>
/// <param name="Groups">Each chart's caption and bars.</param>
internal sealed record BarSection(string Id, string Title, IReadOnlyList<(string Caption, IReadOnlyList<Bar> Bars)> Groups) : HtmlSection(Id, Title)
{
    /// <inheritdoc/>
    protected override string Kind => "bars";

    /// <inheritdoc/>
    protected override void RenderBody(HtmlBuilder html)
    {
        html.Raw("<div class=\"figures\">");
        int group = 0;
        foreach (var (caption, bars) in Groups)
        {
            const double width = 200, row = 26;
            // Room for the longest label at about 7 px a character (11 px sans-serif).
            double left = Math.Clamp((bars.Max(b => b.Label.Length) * 7) + 12, 60, 200);
            double max = Math.Max(1e-12, bars.Max(b => Math.Abs(b.Value)));
            double height = (bars.Count * row) + 8;
            html.Raw("<figure class=\"figure\"").Attr("data-figure", string.Create(CultureInfo.InvariantCulture, $"{Id}-{group++}")).Raw(">")
                .Raw("<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\"")
                .Attr("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {left + width + 130:0.#} {height:0.#}")).Attr("width", left + width + 130)
                .Attr("height", height).Attr("role", "img").Attr("aria-label", caption).Raw(">");
            for (int i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                double y = 4 + (i * row);
                double length = Math.Max(1, width * Math.Abs(bar.Value) / max);
                html.Raw("<text class=\"tick\" text-anchor=\"end\"").Attr("x", left - 6).Attr("y", y + 16).Raw(">").Text(bar.Label).Raw("</text>");
                html.Raw("<rect").Attr("class", "bar s" + (i % 10).ToString(CultureInfo.InvariantCulture)).Attr("x", left).Attr("y", y + 3).Attr("width", length).Attr("height", row - 8).Raw(">")
                    .Element("title", bar.Title ?? bar.Text).Raw("</rect>");
                html.Raw("<text class=\"tick\"").Attr("x", left + length + 6).Attr("y", y + 16).Raw(">").Text(bar.Text).Raw("</text>");
            }

            html.Raw("</svg><figcaption>").Text(caption).Raw("</figcaption></figure>");
        }

        html.Raw("</div>\n");
    }
}
