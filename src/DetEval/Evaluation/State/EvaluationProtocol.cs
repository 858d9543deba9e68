namespace DetEval;

/// <summary>The protocol an <see cref="EvaluationState"/> belongs to; stored in the state file's header.</summary>
/// <remarks>The numbers are part of the file format: never renumber, only add.</remarks>
public enum EvaluationProtocol
{
    /// <summary>COCO (pycocotools <c>COCOeval</c>): bbox, segm, keypoints and boundary IoU types.</summary>
    Coco = 1,

    /// <summary>Pascal VOC (the devkit's <c>voc_eval</c>).</summary>
    Voc = 2,

    /// <summary>SAM automatic mask generation (class-agnostic AP/AR).</summary>
    SamAuto = 3,

    /// <summary>SAM prompted masks (mIoU, calibration).</summary>
    SamPrompt = 4,

    /// <summary>LVIS federated evaluation (lvis-api).</summary>
    Lvis = 5,

    /// <summary>DOTA Task1 oriented boxes (the DOTA devkit).</summary>
    Dota = 6,

    /// <summary>SAM 2 video object segmentation (J, F, J&amp;F).</summary>
    SamVideo = 7,

    /// <summary>SAM 3 concept segmentation (cgF1).</summary>
    SamConcept = 8,

    /// <summary>TIDE error breakdown (tidecv).</summary>
    Tide = 9,
}
