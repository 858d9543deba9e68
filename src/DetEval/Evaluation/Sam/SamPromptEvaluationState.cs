using DetEval.Evaluation;
using DetEval.Evaluation.State;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="SamPromptEvaluator"/>: per image, each prompt's outcome (top-1 mask, its IoU
/// and predicted IoU, the oracle IoU; no masks), plus the number of bad items skipped; in DetEval's state format.
/// </summary>
/// <remarks>The protocol has no options and no categories: the options section is empty and the dataset fingerprint 0.</remarks>
public sealed class SamPromptEvaluationState : EvaluationState
{
    internal SamPromptEvaluationState(SamPromptImage[] images, int skipped)
        : base(0)
    {
        Images = images;
        Skipped = skipped;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.SamPrompt;

    /// <inheritdoc/>
    public override int ImageCount => Images.Length;

    /// <summary>The number of prompts recorded.</summary>
    public int PromptCount => Images.Sum(i => i.Outcomes.Length);

    /// <summary>The number of bad items skipped (reading and evaluation).</summary>
    public int Skipped { get; }

    internal SamPromptImage[] Images { get; }

    /// <summary>Reads a SAM prompt state from a stream, from its current position to its end.</summary>
    /// <param name="stream">The stream (seekable or not); left open.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or another protocol's.</exception>
    public static new SamPromptEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<SamPromptEvaluationState>(stream, source);

    private protected override void WriteOptions(StateWriter writer)
    {
    }

    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteInt32(Skipped);
        writer.WriteInt32(Images.Length);
        foreach (var image in Images)
        {
            writer.WriteInt64(image.ImageId);
            writer.WriteInt32(image.Outcomes.Length);
            foreach (var o in image.Outcomes)
            {
                writer.WriteInt64(o.GtId);
                writer.WriteInt32(o.TopIndex);
                writer.WriteDouble(o.TopIou);
                writer.WriteDouble(o.TopPredictedIou);
                writer.WriteDouble(o.OracleIou);
            }
        }
    }

    /// <summary>Reads the payload written by <see cref="WritePayload"/>.</summary>
    internal static SamPromptEvaluationState Read(StateReader payload)
    {
        int skipped = payload.ReadInt32(0, int.MaxValue, "skipped items");
        var images = new SamPromptImage[payload.ReadCount(12, "images")];
        var ids = new HashSet<long>();
        for (int i = 0; i < images.Length; i++)
        {
            int imageAt = payload.Position;
            long imageId = payload.ReadInt64();
            if (!ids.Add(imageId))
            {
                throw payload.Error(imageAt, $"image {imageId} is recorded twice");
            }

            var outcomes = new SamPromptOutcome[payload.ReadCount(36, "prompts")];
            for (int p = 0; p < outcomes.Length; p++)
            {
                int at = payload.Position;
                long gtId = payload.ReadInt64();
                int top = payload.ReadInt32(0, int.MaxValue, "top-1 mask");
                double topIou = payload.ReadFinite("IoU"), predicted = payload.ReadFinite("predicted IoU"), oracle = payload.ReadFinite("oracle IoU");
                if (topIou is < 0 or > 1 || oracle < topIou || oracle > 1)
                {
                    throw payload.Error(at, "the IoUs of the prompt are not possible (0 <= IoU <= oracle IoU <= 1)");
                }

                outcomes[p] = new SamPromptOutcome(imageId, gtId, top, topIou, predicted, oracle);
            }

            images[i] = new SamPromptImage(imageId, outcomes);
        }

        return new SamPromptEvaluationState(images, skipped);
    }
}
