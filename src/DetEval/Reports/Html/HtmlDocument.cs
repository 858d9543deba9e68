namespace DetEval.Reports.Html;

/// <summary>
/// A report page: a header (what was evaluated, with which options and conventions, by which DetEval) and sections.
/// A protocol's page builder fills the sections its result has (headline numbers, tables, line charts, a confusion
/// matrix, bars); each kind of section draws itself, so a new protocol's page is one builder and no new drawing code.
/// The page is one file: CSS and a little JavaScript (sorting tables, highlighting a class) are inline, figures are
/// inline SVG, and a Content-Security-Policy forbids every request, so it opens from disk with no network.
/// </summary>
/// <param name="Title">The page title.</param>
/// <param name="Protocol">What was evaluated, e.g. <c>COCO bbox</c>.</param>
/// <param name="Inputs">The input files (label, path).</param>
/// <param name="Options">The options (name, value).</param>
/// <param name="Conventions">The conventions line: how the numbers were computed.</param>
/// <param name="Sections">The sections, in order.</param>
internal sealed record HtmlDocument(
    string Title,
    string Protocol,
    IReadOnlyList<(string Label, string Value)> Inputs,
    IReadOnlyList<(string Label, string Value)> Options,
    string Conventions,
    IReadOnlyList<HtmlSection> Sections)
{
    private static readonly Lazy<string> Style = new(() => Resource("report.css"));
    private static readonly Lazy<string> Script = new(() => Resource("report.js"));

    /// <summary>Writes the page, UTF-8.</summary>
    public void WriteTo(Stream stream)
    {
        var html = new HtmlBuilder();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<meta name=\"generator\"").Attr("content", "DetEval " + CocoReport.ToolVersion).Raw(">")
            .Element("title", Title)
            .Raw("\n<style>\n").Raw(Style.Value).Raw("</style></head>\n<body>\n<header class=\"page-header\">");
        html.Element("h1", Title);
        html.Raw("<p class=\"sub\">").Text(Protocol).Raw(" · ").Raw("<span class=\"version\">DetEval ").Text(CocoReport.ToolVersion).Raw("</span></p>");
        Facts(html, "inputs", Inputs);
        Facts(html, "options", Options);
        html.Raw("<p class=\"conventions\"><b>Conventions.</b> ").Text(Conventions).Raw("</p>");
        html.Raw("<nav><ul>");
        foreach (var section in Sections)
        {
            html.Raw("<li><a").Attr("href", "#" + section.Id).Raw(">").Text(section.Title).Raw("</a></li>");
        }

        html.Raw("</ul></nav></header>\n<main>\n");
        foreach (var section in Sections)
        {
            section.Render(html);
        }

        html.Raw("</main>\n<footer>Every number on this page was computed by DetEval; the page only draws, sorts and highlights them. Hover over a class (a table row or a line) to highlight it everywhere; click to keep it.</footer>\n<script>\n")
            .Raw(Script.Value).Raw("</script>\n</body></html>\n");
        html.WriteTo(stream);
    }

    private static void Facts(HtmlBuilder html, string cssClass, IReadOnlyList<(string Label, string Value)> facts)
    {
        if (facts.Count == 0)
        {
            return;
        }

        html.Raw("<dl").Attr("class", "facts " + cssClass).Raw(">");
        foreach (var (label, value) in facts)
        {
            html.Element("dt", label).Element("dd", value);
        }

        html.Raw("</dl>");
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlDocument).Assembly.GetManifestResourceStream("DetEval.Reports.Html." + name)
            ?? throw new InvalidOperationException($"resource {name} is missing from the DetEval assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
