namespace DetEval;

/// <summary>How a Pascal VOC style ground truth is laid out on disk (see <see cref="VocReader.DetectLayout"/>).</summary>
public enum VocLayout
{
    /// <summary>A VOC root: <c>Annotations/&lt;name&gt;.xml</c> and <c>ImageSets/Main/&lt;set&gt;.txt</c>.</summary>
    VocRoot,

    /// <summary>The <c>Annotations/</c> folder itself: <c>&lt;name&gt;.xml</c> files.</summary>
    AnnotationsFolder,

    /// <summary>Per-image text files <c>&lt;image&gt;.txt</c> with absolute boxes.</summary>
    PerImageText,

    /// <summary>Per-image text files with YOLO boxes (relative <c>cx cy w h</c>) and a file of image sizes.</summary>
    Yolo,
}
