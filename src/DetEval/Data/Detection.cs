using DetEval.Data;

namespace DetEval;

/// <summary>A scored detection (a result).</summary>
/// <param name="ImageId">The image it was made on.</param>
/// <param name="CategoryId">Its predicted category.</param>
/// <param name="Box">Its box in COCO form.</param>
/// <param name="Score">Its confidence; higher ranks first.</param>
/// <param name="Area">Its area: <c>w*h</c> for boxes, the mask area for masks (the reference's <c>loadRes</c>).</param>
/// <param name="Segmentation">Its mask, for segmentation results.</param>
public readonly record struct Detection(
    long ImageId,
    long CategoryId,
    Box Box,
    double Score,
    double Area,
    Segmentation? Segmentation = null)
{
    /// <summary>Its keypoints, for keypoint results (OKS evaluation).</summary>
    public Keypoints? Keypoints { get; init; }
}
