using System.Diagnostics;
using System.Text;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Formats.Coco;
using DetEval.Formats.Sam;
using DetEval.Formats.Text;
using DetEval.Formats.Voc;
using Xunit.Abstractions;

namespace DetEval.Tests.Formats;

/// <summary>
/// A seeded mutation fuzzer over small valid testdata files: each mutated input is read by its reader (and evaluated
/// when it reads) in process; any exception but <see cref="DetEvalInputException"/> fails, naming seed and mutation.
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int IterationsPerTarget = 2500;
    private static readonly string[] HugeNumbers = ["1e999", "-1e999", "-1", "99999999999999999999", "NaN", "Infinity", "4294967296", "2147483648", "-0", "1e-400", "0"];
    private readonly string work = Directory.CreateTempSubdirectory("deteval-fuzz-").FullName;

    public static TheoryData<string> Targets() => ["coco-gt", "coco-results", "coco-results-4img", "voc-xml", "voc-results", "text", "sam-rle", "sam-metadata", "sam-png"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void MutatedInputs_ThrowOnlyInputErrors(string target)
    {
        var (seedFile, run) = Setup(target);
        byte[] original = File.ReadAllBytes(seedFile);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        int parsed = 0;
        for (int iteration = 0; iteration < IterationsPerTarget; iteration++)
        {
            int seed = (iteration * 7919) + target.Length; // Stable across processes (string hashes are randomised).
            var rng = new Random(seed);
            var (mutated, description) = Mutate(original, rng);
            File.WriteAllBytes(run.Path, mutated);
            try
            {
                run.Action();
                parsed++;
            }
            catch (DetEvalInputException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"{target} seed {seed} ({description}): {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}\n{e.StackTrace}");
            }
        }

        File.WriteAllBytes(run.Path, original);
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"{target}: {IterationsPerTarget} mutated inputs in {seconds:0.00} s ({IterationsPerTarget / seconds:0} /s), {parsed} read and evaluated");
        Assert.True(failures.Count == 0, $"{failures.Count} crashes; first: {string.Join("\n", failures.Take(5))}");
        // The mutations must leave some inputs readable, or the test would pass by rejecting everything: on these
        // seeds 0.5% (PNG, whose every chunk CRC and zlib Adler-32 are checked, so only bytes outside them survive;
        // PngChunkFuzzTests reseals the checksums to reach the decoder) to 19% (text) of the mutated inputs read and
        // evaluate.
        int floor = target == "sam-png" ? IterationsPerTarget / 500 : IterationsPerTarget / 100;
        Assert.True(parsed >= floor, $"only {parsed} of {IterationsPerTarget} mutated inputs read and evaluated");
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    /// <summary>Applies one to three mutations; returns the bytes and a description to reproduce them.</summary>
    internal static (byte[] Bytes, string Description) Mutate(byte[] input, Random rng)
    {
        var bytes = new List<byte>(input);
        var steps = new List<string>();
        int count = rng.Next(1, 4);
        for (int m = 0; m < count && bytes.Count > 0; m++)
        {
            int at = rng.Next(bytes.Count);
            switch (rng.Next(7))
            {
                case 0:
                    byte value = (byte)rng.Next(256);
                    steps.Add($"set byte {at} to {value}");
                    bytes[at] = value;
                    break;
                case 1:
                    int bit = rng.Next(8);
                    steps.Add($"flip bit {bit} of byte {at}");
                    bytes[at] ^= (byte)(1 << bit);
                    break;
                case 2:
                    steps.Add($"truncate at {at}");
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                {
                    int length = Math.Min(rng.Next(1, 64), bytes.Count - at);
                    int to = rng.Next(bytes.Count);
                    steps.Add($"duplicate {length} bytes at {at} to {to}");
                    bytes.InsertRange(to, bytes.GetRange(at, length));
                    break;
                }

                case 4:
                {
                    int length = Math.Min(rng.Next(1, 64), bytes.Count - at);
                    steps.Add($"remove {length} bytes at {at}");
                    bytes.RemoveRange(at, length);
                    break;
                }

                case 5:
                {
                    var tokens = Tokens(bytes);
                    if (tokens.Count < 2)
                    {
                        break;
                    }

                    var a = tokens[rng.Next(tokens.Count)];
                    var b = tokens[rng.Next(tokens.Count)];
                    if (a.Start > b.Start)
                    {
                        (a, b) = (b, a);
                    }

                    if (a.Start + a.Length > b.Start)
                    {
                        break;
                    }

                    steps.Add($"swap fields at {a.Start} and {b.Start}");
                    var first = bytes.GetRange(a.Start, a.Length);
                    var second = bytes.GetRange(b.Start, b.Length);
                    bytes.RemoveRange(b.Start, b.Length);
                    bytes.InsertRange(b.Start, first);
                    bytes.RemoveRange(a.Start, a.Length);
                    bytes.InsertRange(a.Start, second);
                    break;
                }

                default:
                {
                    var numbers = Tokens(bytes).Where(t => char.IsAsciiDigit((char)bytes[t.Start]) || bytes[t.Start] == '-').ToList();
                    if (numbers.Count == 0)
                    {
                        break;
                    }

                    var t = numbers[rng.Next(numbers.Count)];
                    string huge = HugeNumbers[rng.Next(HugeNumbers.Length)];
                    steps.Add($"number at {t.Start} to {huge}");
                    bytes.RemoveRange(t.Start, t.Length);
                    bytes.InsertRange(t.Start, Encoding.ASCII.GetBytes(huge));
                    break;
                }
            }
        }

        return ([.. bytes], string.Join("; ", steps));
    }

    // Runs of letters, digits and number punctuation: JSON values, XML texts, CSV and text fields.
    private static List<(int Start, int Length)> Tokens(List<byte> bytes)
    {
        var tokens = new List<(int, int)>();
        int i = 0;
        while (i < bytes.Count)
        {
            if (!IsTokenByte(bytes[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < bytes.Count && IsTokenByte(bytes[i]))
            {
                i++;
            }

            tokens.Add((start, i - start));
        }

        return tokens;
    }

    private static bool IsTokenByte(byte b) => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'+' or (byte)'_';

    private sealed record Run(string Path, Action Action);

    /// <summary>Copies the target's valid files into a scratch folder; returns the file to mutate and how to read it.</summary>
    private (string SeedFile, Run Run) Setup(string target)
    {
        string dir = Path.Combine(work, target);
        Directory.CreateDirectory(dir);
        string Copy(string from, string to)
        {
            string path = Path.Combine(dir, to);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(from, path);
            return path;
        }

        var bbox = CocoOptions.Coco();
        var segm = CocoOptions.Coco(IouType.Segm);
        switch (target)
        {
            case "coco-gt":
            {
                string gt = Copy(TestData.Path("external", "detectron2-coco-mini", "gt.json"), "gt.json");
                string results = Copy(TestData.Path("external", "detectron2-coco-mini", "results.json"), "results.json");
                return (gt, new Run(gt, () =>
                {
                    var dataset = CocoReader.ReadGroundTruth(gt);
                    var detections = CocoReader.ReadResults(results, dataset);
                    // Bbox only: segm on a mutated image size (up to 1e6 x 1e6) rasterises huge polygons (see docs/robustness.md).
                    CocoEvaluation.Evaluate(dataset, detections, bbox);
                    InputWarnings.Compute(dataset, detections);
                }));
            }

            case "coco-results":
            case "coco-results-4img":
            {
                string folder = target == "coco-results" ? "detectron2-coco-mini" : "torchmetrics-bbox-4img";
                var dataset = CocoReader.ReadGroundTruth(TestData.Path("external", folder, "gt.json"));
                string results = Copy(TestData.Path("external", folder, "results.json"), "results.json");
                var options = target == "coco-results" ? segm : bbox;
                return (results, new Run(results, () =>
                {
                    var detections = CocoReader.ReadResults(results, dataset);
                    CocoEvaluation.Evaluate(dataset, detections, options);
                    InputWarnings.Compute(dataset, detections);
                }));
            }

            case "voc-xml":
            case "voc-results":
            {
                string root = Path.Combine(dir, "voc");
                string small = TestData.Path("reference", "small", "voc");
                string xml = Copy(Path.Combine(small, "Annotations", "000032.xml"), "voc/Annotations/000032.xml");
                File.WriteAllText(Path.Combine(dir, "set.txt"), "000032\n");
                Directory.CreateDirectory(Path.Combine(root, "results"));
                var gt0 = VocReader.ReadGroundTruth(root, Path.Combine(dir, "set.txt"));
                foreach (var c in gt0.Dataset.Categories)
                {
                    File.WriteAllText(Path.Combine(root, "results", c.Name + ".txt"), "000032 0.9 218 72 228 82\n000032 0.5 335 70 410 105\n000032 0.7 88 204 164 293\n");
                }

                string txt = Path.Combine(root, "results", gt0.Dataset.Categories[0].Name + ".txt");
                string file = target == "voc-xml" ? xml : txt;
                return (file, new Run(file, () =>
                {
                    var gt = VocReader.ReadGroundTruth(root, Path.Combine(dir, "set.txt"), gt0.Dataset.Categories.Select(c => c.Name).ToList());
                    var dt = VocReader.ReadResults(Path.Combine(root, "results"), gt);
                    VocEvaluation.Evaluate(gt, dt, new VocOptions());
                }));
            }

            case "text":
            {
                string source = TestData.Path("external", "rafaelpadilla-7img-voc");
                Copy(Path.Combine(source, "groundtruths", "00001.txt"), "gt/00001.txt");
                string dt = Copy(Path.Combine(source, "detections", "00001.txt"), "dt/00001.txt");
                var format = new TextFormatOptions { BoxFormat = TextBoxFormat.Xywh };
                var gt = PerImageTextReader.ReadGroundTruth(Path.Combine(dir, "gt"), format);
                return (dt, new Run(dt, () =>
                {
                    var detections = PerImageTextReader.ReadDetections(Path.Combine(dir, "dt"), gt, format);
                    VocEvaluation.Evaluate(gt, detections, new VocOptions());
                }));
            }

            case "sam-rle":
            {
                string file = Copy(TestData.Path("reference", "sam-small", "pred_rle", "sa_86563.json"), "sa_86563.json");
                return (file, new Run(file, () => SamReader.ReadGeneratorRle(file)));
            }

            default:
            {
                // sam-metadata and sam-png: one folder with metadata.csv (first two rows) and their PNGs.
                string source = TestData.Path("reference", "sam-small", "pred_png", "sa_86563");
                string folder = Path.Combine(dir, "sa_86563");
                string[] lines = File.ReadAllLines(Path.Combine(source, "metadata.csv"));
                Directory.CreateDirectory(folder);
                File.WriteAllLines(Path.Combine(folder, "metadata.csv"), lines.Take(3));
                Copy(Path.Combine(source, "0.png"), "sa_86563/0.png");
                Copy(Path.Combine(source, "1.png"), "sa_86563/1.png");
                string file = Path.Combine(folder, target == "sam-png" ? "1.png" : "metadata.csv");
                return (file, new Run(file, () => SamReader.ReadGeneratorFolder(folder)));
            }
        }
    }
}
