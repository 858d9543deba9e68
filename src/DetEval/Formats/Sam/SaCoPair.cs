namespace DetEval;

/// <summary>
/// One entry of an SA-Co ground-truth file's <c>images</c>: an (image, noun phrase) pair, the unit SAM 3's concept
/// segmentation is evaluated on. Its id is the <c>image_id</c> that annotations and predictions refer to.
/// </summary>
/// <param name="Image">The pair as an image: the pair's id, the picture's size (polygon masks are rasterised at it) and file name.</param>
/// <param name="Phrase">The noun phrase (<c>text_input</c>); empty when the file gives none.</param>
/// <param name="IsInstanceExhaustive">Whether every instance of the phrase is annotated (<c>is_instance_exhaustive</c>); only such pairs are evaluated.</param>
public sealed record SaCoPair(ImageInfo Image, string Phrase, bool IsInstanceExhaustive)
{
    /// <summary>The pair's id (<c>images[].id</c>).</summary>
    public long Id => Image.Id;
}
