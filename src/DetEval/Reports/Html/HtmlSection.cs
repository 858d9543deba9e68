namespace DetEval.Reports.Html;

/// <summary>
/// One section of a report page: a heading, an optional note and the body its kind draws. A protocol's page is a
/// list of these, each filled from the protocol's result (see <see cref="HtmlDocument"/>).
/// </summary>
/// <param name="Id">The element id (also the anchor of the page's contents list).</param>
/// <param name="Title">The heading.</param>
internal abstract record HtmlSection(string Id, string Title)
{
    /// <summary>A line under the heading saying what the section shows and how it was computed.</summary>
    public string? Note { get; init; }

    /// <summary>The kind of content, written as <c>data-section</c>.</summary>
    protected abstract string Kind { get; }

    /// <summary>Writes the section.</summary>
    public void Render(HtmlBuilder html)
    {
        html.Raw("<section").Attr("id", Id).Attr("class", "section").Attr("data-section", Kind).Raw(">\n");
        html.Element("h2", Title);
        if (Note is not null)
        {
            html.Element("p", Note, "note");
        }

        RenderBody(html);
        html.Raw("</section>\n");
    }

    /// <summary>Writes what follows the heading and the note.</summary>
    protected abstract void RenderBody(HtmlBuilder html);
}
