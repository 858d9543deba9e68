namespace DetEval.Reports.Html;

/// <summary>One line of a chart.</summary>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values (non-finite points are skipped).</param>
/// <param name="Style">The CSS class: <c>class</c> (thin grey, one per class), <c>class-b</c> (the same for a second
/// model), <c>mean</c> and <c>mean-b</c> (bold), <c>s0</c>..<c>s9</c> (the palette).</param>
/// <param name="Legend">The legend entry, or null for none (per-class lines have none: the highlight names them).</param>
/// <param name="ClassIndex">The class it belongs to (hovering or clicking it highlights the class everywhere), or null.</param>
internal sealed record LineSeries(IReadOnlyList<double> X, IReadOnlyList<double> Y, string Style, string? Legend = null, int? ClassIndex = null);

/// <summary>A marked point (a best-F1 operating point), shown always or only while its class is highlighted.</summary>
/// <param name="X">The x value.</param>
/// <param name="Y">The y value.</param>
/// <param name="Label">The tooltip.</param>
/// <param name="ClassIndex">The class it belongs to; null: always shown.</param>
internal sealed record LineMarker(double X, double Y, string Label, int? ClassIndex = null);

/// <summary>A line chart: axes, lines, markers and a legend.</summary>
/// <param name="Id">The figure's id (<c>data-figure</c>).</param>
/// <param name="Caption">The caption under the chart.</param>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="Axes">The axes.</param>
/// <param name="Series">The lines, drawn in order (classes first, then the bold ones on top).</param>
/// <param name="Markers">The marked points.</param>
internal sealed record LineFigure(string Id, string Caption, string XLabel, string YLabel, SvgAxes Axes, IReadOnlyList<LineSeries> Series, IReadOnlyList<LineMarker> Markers)
{
    /// <summary>Writes the <c>figure</c> element.</summary>
    public void Render(HtmlBuilder html)
    {
        html.Raw("<figure class=\"figure\"").Attr("data-figure", Id).Raw(">");
        Axes.Open(html, Caption);
        Axes.Frame(html, XLabel, YLabel);
        html.Raw("<g class=\"lines\">");
        foreach (var s in Series)
        {
            html.Raw("<polyline").Attr("class", s.Style);
            if (s.ClassIndex is int k)
            {
                html.Attr("data-k", HtmlBuilder.Count(k));
            }

            Axes.Points(html, s.X, s.Y);
            html.Raw(">");
            if (s.Legend is not null)
            {
                html.Element("title", s.Legend);
            }

            html.Raw("</polyline>");
        }

        html.Raw("</g><g class=\"markers\">");
        foreach (var m in Markers)
        {
            if (!double.IsFinite(m.X) || !double.IsFinite(m.Y))
            {
                continue;
            }

            html.Raw("<circle r=\"4\"").Attr("class", m.ClassIndex is null ? "marker always" : "marker");
            if (m.ClassIndex is int k)
            {
                html.Attr("data-k", HtmlBuilder.Count(k));
            }

            html.Attr("cx", Axes.X(m.X)).Attr("cy", Axes.Y(m.Y)).Raw(">").Element("title", m.Label).Raw("</circle>");
        }

        html.Raw("</g></svg><figcaption>");
        html.Text(Caption);
        html.Raw("<span class=\"hl-name\"></span></figcaption>");
        var legend = Series.Where(s => s.Legend is not null).ToList();
        if (legend.Count > 0)
        {
            html.Raw("<ul class=\"legend\">");
            foreach (var s in legend)
            {
                html.Raw("<li><span").Attr("class", "swatch " + s.Style).Raw("></span>").Text(s.Legend).Raw("</li>");
            }

            html.Raw("</ul>");
        }

        html.Raw("</figure>\n");
    }
}

/// <summary>A section of one or more line charts side by side.</summary>
internal sealed record FigureSection(string Id, string Title, IReadOnlyList<LineFigure> Figures) : HtmlSection(Id, Title)
{
    /// <inheritdoc/>
    protected override string Kind => "figures";

    /// <inheritdoc/>
    protected override void RenderBody(HtmlBuilder html)
    {
        html.Raw("<div class=\"figures\">");
        foreach (var figure in Figures)
        {
            figure.Render(html);
        }

        html.Raw("</div>\n");
    }
}
