using DetEval.Evaluation;

namespace DetEval;

/// <summary>What the IoU is computed on.</summary>
public enum IouType
{
    /// <summary>Boxes (<c>iouType='bbox'</c>).</summary>
    Bbox,

    /// <summary>Masks (<c>iouType='segm'</c>), compared as RLE.</summary>
    Segm,

    /// <summary>
    /// Keypoints (<c>iouType='keypoints'</c>): object keypoint similarity (OKS) takes the place of IoU; see
    /// <see cref="CocoOptions.KeypointSigmas"/>.
    /// </summary>
    Keypoints,
}
