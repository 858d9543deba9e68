using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DetEval.Tests.Support;

/// <summary>
/// Small SAM-format data built in a temp folder from seeded pixel masks: SA-1B JSON, generator PNG folders with
/// metadata.csv (no trailing newline, as SAM writes it), generator RLE JSON and a prompt JSON. The pixel masks are
/// kept so that tests derive expected values with plain pixel loops.
/// </summary>
internal sealed class SamSyntheticData : IDisposable
{
    public SamSyntheticData(int seed = 11)
    {
        Root = Path.Combine(Path.GetTempPath(), "deteval-sam-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "gt"));
        Directory.CreateDirectory(Path.Combine(Root, "png"));
        Directory.CreateDirectory(Path.Combine(Root, "rle"));
        var random = new Random(seed);
        (int W, int H)[] sizes = [(23, 17), (19, 26), (31, 12)];
        long annotationId = 100;
        for (int i = 0; i < sizes.Length; i++)
        {
            var (w, h) = sizes[i];
            var image = new Image($"img_{i}", 500 + i, w, h);
            int gtCount = 3 + random.Next(3);
            for (int g = 0; g < gtCount; g++)
            {
                image.Truths.Add((annotationId++, RandomShape(random, w, h)));
            }

            // Predictions: perturbed copies of the truths, random shapes, one exact duplicate, one shared score.
            foreach (var (_, mask) in image.Truths)
            {
                image.Predictions.Add((Perturb(random, mask, w, h), Math.Round(0.5 + (random.NextDouble() * 0.52), 6), Math.Round(random.NextDouble(), 6)));
            }

            for (int k = 0; k < 4; k++)
            {
                image.Predictions.Add((RandomShape(random, w, h), Math.Round(random.NextDouble(), 6), Math.Round(random.NextDouble(), 6)));
            }

            image.Predictions.Add(image.Predictions[0] with { Score = image.Predictions[1].Score });
            image.Predictions.Add(image.Predictions[2]);
            Images.Add(image);
        }

        Write();
    }

    public string Root { get; }

    public List<Image> Images { get; } = [];

    public List<(long ImageId, long GtId, bool[][] Masks, double[] Ious)> Prompts { get; } = [];

    public string GtFolder => Path.Combine(Root, "gt");

    public string PngFolder => Path.Combine(Root, "png");

    public string RleFolder => Path.Combine(Root, "rle");

    public string PromptFile => Path.Combine(Root, "prompts.json");

    public static int Count(bool[] mask) => mask.Count(v => v);

    /// <summary>Plain pixel IoU: |A ∩ B| / |A ∪ B| (0 for an empty union).</summary>
    public static double PixelIou(bool[] a, bool[] b)
    {
        int inter = 0, union = 0;
        for (int p = 0; p < a.Length; p++)
        {
            inter += a[p] && b[p] ? 1 : 0;
            union += a[p] || b[p] ? 1 : 0;
        }

        return union == 0 ? 0 : inter / (double)union;
    }

    /// <summary>Row-major pixels (index y * w + x) to runs.</summary>
    public static Rle ToRle(bool[] mask, int w, int h)
    {
        var columnMajor = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                columnMajor[(x * h) + y] = mask[(y * w) + x] ? (byte)1 : (byte)0;
            }
        }

        return Rle.Encode(columnMajor, h, w);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, true);
        }
        catch (IOException)
        {
        }
    }

    private static bool[] RandomShape(Random random, int w, int h)
    {
        var mask = new bool[w * h];
        int parts = 1 + random.Next(2);
        for (int part = 0; part < parts; part++)
        {
            int x0 = random.Next(w - 2), y0 = random.Next(h - 2);
            int x1 = Math.Min(w, x0 + 2 + random.Next(w / 2)), y1 = Math.Min(h, y0 + 2 + random.Next(h / 2));
            for (int y = y0; y < y1; y++)
            {
                for (int x = x0; x < x1; x++)
                {
                    mask[(y * w) + x] = true;
                }
            }
        }

        return mask;
    }

    private static bool[] Perturb(Random random, bool[] mask, int w, int h)
    {
        int dx = random.Next(-2, 3), dy = random.Next(-2, 3);
        var shifted = new bool[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int sx = x - dx, sy = y - dy;
                shifted[(y * w) + x] = sx >= 0 && sx < w && sy >= 0 && sy < h && mask[(sy * w) + sx];
            }
        }

        return shifted;
    }

    private void Write()
    {
        var random = new Random(5);
        var prompts = new List<object>();
        foreach (Image image in Images)
        {
            var annotations = image.Truths.Select(t =>
            {
                Rle rle = ToRle(t.Mask, image.W, image.H);
                var box = rle.ToBox();
                return new Dictionary<string, object>
                {
                    ["id"] = t.Id,
                    ["segmentation"] = new { size = new[] { image.H, image.W }, counts = rle.ToCompressedString() },
                    ["bbox"] = new[] { box.X, box.Y, box.Width, box.Height },
                    ["area"] = Count(t.Mask),
                    ["predicted_iou"] = 0.9,
                };
            }).ToList();
            File.WriteAllText(Path.Combine(GtFolder, image.Stem + ".json"), JsonSerializer.Serialize(new
            {
                image = new { image_id = image.Id, width = image.W, height = image.H, file_name = image.Stem + ".jpg" },
                annotations,
            }));

            string folder = Path.Combine(PngFolder, image.Stem);
            Directory.CreateDirectory(folder);
            var csv = new StringBuilder("id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h");
            var rles = new List<object>();
            for (int k = 0; k < image.Predictions.Count; k++)
            {
                var (mask, score, stability) = image.Predictions[k];
                Rle rle = ToRle(mask, image.W, image.H);
                PngMask.WriteBinary(rle, Path.Combine(folder, k.ToString(CultureInfo.InvariantCulture) + ".png"));
                csv.Append(CultureInfo.InvariantCulture, $"\n{k},{Count(mask)},0,0,1,1,1.5,2.0,{score.ToString("R", CultureInfo.InvariantCulture)},{stability.ToString("R", CultureInfo.InvariantCulture)},0,0,{image.W},{image.H}");
                rles.Add(new Dictionary<string, object>
                {
                    ["segmentation"] = new { size = new[] { image.H, image.W }, counts = rle.ToCompressedString() },
                    ["area"] = Count(mask),
                    ["bbox"] = new[] { 0, 0, 1, 1 },
                    ["predicted_iou"] = score,
                    ["point_coords"] = new[] { new[] { 1.5, 2.0 } },
                    ["stability_score"] = stability,
                    ["crop_box"] = new[] { 0, 0, image.W, image.H },
                });
            }

            File.WriteAllText(Path.Combine(folder, "metadata.csv"), csv.ToString());
            File.WriteAllText(Path.Combine(RleFolder, image.Stem + ".json"), JsonSerializer.Serialize(rles));

            foreach (var (id, gt) in image.Truths)
            {
                // Part, whole-ish and over-segmented masks; an empty mask and a tie now and then.
                bool[][] masks = [Perturb(random, gt, image.W, image.H), gt.ToArray(), RandomShape(random, image.W, image.H)];
                if (id % 4 == 0)
                {
                    masks[0] = new bool[gt.Length];
                }

                double[] ious = [Math.Round(random.NextDouble() * 1.02, 4), Math.Round(random.NextDouble() * 1.02, 4), Math.Round(random.NextDouble(), 4)];
                if (id % 3 == 0)
                {
                    ious[2] = ious[0] = Math.Max(ious[0], ious[1]);
                }

                Prompts.Add((image.Id, id, masks, ious));
                prompts.Add(new Dictionary<string, object>
                {
                    ["image_id"] = image.Id,
                    ["gt_id"] = id,
                    ["masks"] = masks.Select(m => new { size = new[] { image.H, image.W }, counts = ToRle(m, image.W, image.H).ToCompressedString() }).ToArray(),
                    ["predicted_ious"] = ious,
                });
            }
        }

        File.WriteAllText(PromptFile, JsonSerializer.Serialize(prompts));
    }

    internal sealed record Image(string Stem, long Id, int W, int H)
    {
        public List<(long Id, bool[] Mask)> Truths { get; } = [];

        public List<(bool[] Mask, double Score, double Stability)> Predictions { get; } = [];
    }
}
