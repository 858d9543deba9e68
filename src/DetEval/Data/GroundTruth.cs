using DetEval.Data;

namespace DetEval;

/// <summary>A ground-truth annotation.</summary>
/// <param name="Id">The annotation id.</param>
/// <param name="ImageId">The image it belongs to.</param>
/// <param name="CategoryId">Its category.</param>
/// <param name="Box">Its box in COCO form.</param>
/// <param name="Area">Its area as given by the dataset (COCO: the segment area); used for the area ranges.</param>
/// <param name="IsCrowd">A crowd region: matched by IoU over the detection's area and may absorb many detections.</param>
/// <param name="Ignore">The dataset's own <c>ignore</c> flag (the COCO reference ignores it unless told otherwise).</param>
/// <param name="Segmentation">The mask (polygons or RLE), when the dataset has one.</param>
/// <param name="Difficult">The Pascal VOC <c>difficult</c> flag.</param>
public sealed record GroundTruth(
    long Id,
    long ImageId,
    long CategoryId,
    Box Box,
    double Area,
    bool IsCrowd = false,
    bool Ignore = false,
    Segmentation? Segmentation = null,
    bool Difficult = false)
{
    /// <summary>Its keypoints (COCO keypoint annotations), when the dataset has them.</summary>
    public Keypoints? Keypoints { get; init; }

    /// <summary>
    /// The dataset's <c>num_keypoints</c> field (null when absent). A keypoint evaluation ignores a ground truth whose
    /// field is 0; without the field the number of labelled keypoints counts.
    /// </summary>
    public int? NumKeypoints { get; init; }
}
