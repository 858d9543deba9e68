using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>One headline number.</summary>
/// <param name="Name">Its community name (<c>AP</c>, <c>AP50</c>, <c>mAP</c>, ...), written as <c>data-metric</c>.</param>
/// <param name="Value">The value, written round-trip as <c>data-value</c> (the number of report.json).</param>
/// <param name="Title">A tooltip saying what it is, or null.</param>
/// <param name="Interval">Its confidence interval, or null.</param>
/// <param name="Format">How it is shown: <c>F3</c> (three decimals), <c>N0</c> (a count) or <c>+F3</c> (signed, for differences).</param>
/// <param name="JsonPath">Where the same number is in the protocol's report.json, keys joined by <c>/</c> (written as
/// <c>data-json</c>), or null when it is not there.</param>
internal sealed record Headline(string Name, double Value, string? Title = null, Interval? Interval = null, string Format = "F3", string? JsonPath = null)
{
    /// <summary>The value as shown.</summary>
    public string Display => Format switch
    {
        "N0" => HtmlBuilder.Count((long)Value),
        "+F3" when double.IsFinite(Value) => Value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture),
        _ => HtmlBuilder.Display(Value),
    };
}

/// <summary>The headline numbers as tiles, each with its interval when there is one.</summary>
/// <param name="Id">The section id.</param>
/// <param name="Title">The heading.</param>
/// <param name="Metrics">The numbers, in order.</param>
/// <param name="IntervalLabel">What the intervals are (e.g. <c>95% CI</c>).</param>
/// <param name="JsonFile">The file the metrics' <see cref="Headline.JsonPath"/> point into (written as <c>data-json-file</c>).</param>
internal sealed record HeadlineSection(string Id, string Title, IReadOnlyList<Headline> Metrics, string IntervalLabel = "CI", string JsonFile = "report.json") : HtmlSection(Id, Title)
{
    /// <inheritdoc/>
    protected override string Kind => "headline";

    /// <inheritdoc/>
    protected override void RenderBody(HtmlBuilder html)
    {
        html.Raw("<div class=\"metrics\"").Attr("data-json-file", JsonFile).Raw(">");
        foreach (var m in Metrics)
        {
            html.Raw("<div class=\"metric\"").Attr("data-metric", m.Name).Attr("data-value", HtmlBuilder.Data(m.Value));
            if (m.JsonPath is not null)
            {
                html.Attr("data-json", m.JsonPath);
            }

            if (m.Title is not null)
            {
                html.Attr("title", m.Title);
            }

            html.Raw(">").Element("div", m.Name, "name").Element("div", m.Display, "value");
            if (m.Interval is Interval ci && ci.IsDefined)
            {
                html.Raw("<div class=\"ci\"").Attr("data-low", HtmlBuilder.Data(ci.Low)).Attr("data-high", HtmlBuilder.Data(ci.High)).Raw(">")
                    .Text(string.Create(CultureInfo.InvariantCulture, $"{IntervalLabel} [{HtmlBuilder.Display(ci.Low)}, {HtmlBuilder.Display(ci.High)}]"))
                    .Raw("</div>");
            }

            html.Raw("</div>");
        }

        html.Raw("</div>\n");
    }
}
