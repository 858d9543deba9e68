using System.Buffers.Binary;
using System.IO.Hashing;
using Xunit.Abstractions;

namespace DetEval.Cli.Tests;

/// <summary>
/// Multi-byte mutations and truncations of the state files of every protocol, merged through <c>deteval merge</c>:
/// each run exits 0 or 2 (one line, no stack trace). Half the mutations reseal the file (options fingerprint and
/// CRC-64 recomputed) so that they get past the container's checks and reach each protocol's section readers; the
/// exhaustive single-bit flips are the contract's tests.
/// </summary>
public sealed class StateFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int IterationsPerProtocol = 400;
    private readonly string dir = Directory.CreateTempSubdirectory("deteval-state-fuzz-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    public static TheoryData<string> Protocols() => ["coco", "keypoints", "lvis", "voc", "dota", "tide", "sam-auto", "sam-prompt", "sam-video", "sam-concept"];

    private static string P(params string[] parts) => TestData.Path(parts);

    private static string[] Command(string protocol) => protocol switch
    {
        "coco" => ["coco", "--gt", P("reference", "small", "gt.json"), "--dt", P("reference", "small", "dt_bbox.json"), "--iou-type", "bbox"],
        "keypoints" => ["coco", "--gt", P("reference", "keypoints-small", "person", "gt.json"), "--dt", P("reference", "keypoints-small", "person", "dt.json"), "--iou-type", "keypoints"],
        "lvis" => ["lvis", "--gt", P("reference", "lvis-small", "gt.json"), "--dt", P("reference", "lvis-small", "dt_bbox.json"), "--iou-type", "bbox"],
        "voc" => ["voc", "--gt", P("reference", "small", "voc"), "--dt", P("reference", "small", "voc", "results")],
        "dota" => ["dota", "--gt", P("dota", "dota-small", "labelTxt"), "--dt", P("dota", "dota-small", "results")],
        "tide" => ["tide", "--gt", P("reference", "small", "gt.json"), "--dt", P("reference", "small", "dt_bbox.json")],
        "sam-auto" => ["sam", "--mode", "auto", "--gt", P("reference", "sam-small", "gt_sa1b"), "--pred", P("reference", "sam-small", "pred_png")],
        "sam-prompt" => ["sam", "--mode", "prompt", "--gt", P("reference", "sam-small", "gt_sa1b"), "--pred", P("reference", "sam-small", "prompts.json")],
        "sam-concept" => ["sam", "--mode", "concept", "--gt", P("reference", "cgf1-small", "gt.json"), "--gt", P("reference", "cgf1-small", "gt_b.json"), "--dt", P("reference", "cgf1-small", "dt.json")],
        _ => ["sam", "--mode", "video", "--gt", P("reference", "sav-small", "sav", "gt"), "--pred", P("reference", "sav-small", "sav", "pred")],
    };

    [Theory]
    [MemberData(nameof(Protocols))]
    public void MutatedAndTruncatedStates_AreMergedOrRefused_InOneLine(string protocol)
    {
        string good = Path.Combine(dir, protocol + ".state");
        var made = CliHarness.Run([.. Command(protocol), "-q", "--state-out", good]);
        Assert.True(made.Code == ExitCodes.Ok, made.Stderr);
        byte[] original = File.ReadAllBytes(good);
        string path = Path.Combine(dir, "mutated.state");
        var failures = new List<string>();
        int merged = 0;
        for (int iteration = 0; iteration < IterationsPerProtocol; iteration++)
        {
            int seed = (iteration * 7919) + protocol.Length;
            var rng = new Random(seed);
            var (bytes, description) = Mutate(original, rng);
            File.WriteAllBytes(path, bytes);
            int code;
            string stderr;
            try
            {
                (code, _, stderr) = CliHarness.Run(["merge", path, "-q"]);
            }
            catch (Exception e)
            {
                failures.Add($"seed {seed} ({description}): {e.GetType().Name}: {e.Message}");
                continue;
            }

            string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            bool refused = code == ExitCodes.BadInput && lines.Length == 1 && lines[0].StartsWith("error: " + path + ": ", StringComparison.Ordinal)
                && !lines[0].Contains("   at ", StringComparison.Ordinal) && !lines[0].Contains("Exception", StringComparison.Ordinal);
            if (code == ExitCodes.Ok)
            {
                merged++;
            }
            else if (!refused)
            {
                failures.Add($"seed {seed} ({description}): exit {code}: {stderr.ReplaceLineEndings(" | ")}");
            }
        }

        output.WriteLine($"{protocol}: {IterationsPerProtocol} mutated states ({original.Length} bytes), {merged} merged");
        Assert.True(failures.Count == 0, $"{failures.Count} failures; first: {string.Join("\n", failures.Take(5))}");
    }

    /// <summary>
    /// One to three multi-byte mutations (runs set to random bytes or to 0xFF, runs removed or duplicated, counts set
    /// to extreme values) or a truncation; half of them resealed. Returns the bytes and a description.
    /// </summary>
    private static (byte[] Bytes, string Description) Mutate(byte[] input, Random rng)
    {
        var bytes = new List<byte>(input);
        var steps = new List<string>();
        int count = rng.Next(1, 4);
        int body = Math.Max(1, bytes.Count - 8);
        for (int m = 0; m < count && bytes.Count > 8; m++)
        {
            int at = rng.Next(Math.Min(body, bytes.Count));
            int length = Math.Min(rng.Next(2, 17), bytes.Count - at);
            switch (rng.Next(6))
            {
                case 0:
                    steps.Add($"{length} bytes at {at} randomised");
                    for (int i = 0; i < length; i++)
                    {
                        bytes[at + i] = (byte)rng.Next(256);
                    }

                    break;
                case 1:
                    steps.Add($"{length} bytes at {at} set to 0xFF");
                    for (int i = 0; i < length; i++)
                    {
                        bytes[at + i] = 0xFF;
                    }

                    break;
                case 2:
                    steps.Add($"{length} bytes at {at} removed");
                    bytes.RemoveRange(at, length);
                    break;
                case 3:
                    steps.Add($"{length} bytes at {at} duplicated");
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                {
                    // A 4- or 8-byte count replaced by an extreme value.
                    long[] values = [-1, 0, int.MaxValue, int.MinValue, long.MaxValue, 0x7FFFFFC8, 1L << 40];
                    long value = values[rng.Next(values.Length)];
                    int size = rng.Next(2) == 0 ? 4 : 8;
                    if (at + size > bytes.Count)
                    {
                        break;
                    }

                    steps.Add($"{size}-byte value at {at} set to {value}");
                    var span = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(span, value);
                    for (int i = 0; i < size; i++)
                    {
                        bytes[at + i] = span[i];
                    }

                    break;
                }

                default:
                {
                    int keep = rng.Next(bytes.Count);
                    steps.Add($"truncated at {keep}");
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                }
            }
        }

        byte[] result = [.. bytes];
        if (rng.Next(2) == 0 && Reseal(result))
        {
            steps.Add("resealed");
        }

        return (result, string.Join("; ", steps));
    }

    /// <summary>
    /// Recomputes the options fingerprint and the trailing CRC-64 (the container's layout: magic 8, header 32 with the
    /// options' XxHash64 at 16, the version (int32 length + bytes), the options (int64 length + bytes), the payload
    /// (int64 length + bytes), CRC-64 of everything before it); false when the lengths no longer fit.
    /// </summary>
    private static bool Reseal(byte[] file)
    {
        if (file.Length < 8 + 32 + 4 + 8)
        {
            return false;
        }

        int at = 8 + 32;
        int version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at));
        if (version < 0 || version > file.Length - at - 12)
        {
            return false;
        }

        at += 4 + version;
        long options = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(at));
        if (options < 0 || options > file.Length - at - 8 - 8)
        {
            return false;
        }

        at += 8;
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), XxHash64.HashToUInt64(file.AsSpan(at, (int)options)));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(file.Length - 8), Crc64.HashToUInt64(file.AsSpan(0, file.Length - 8)));
        return true;
    }
}
