using System.IO.Compression;
using Xunit.Abstractions;

namespace DetEval.Tests.Masks;

/// <summary>
/// A seeded fuzzer at the level of PNG chunks: mutations that keep every CRC right (recomputed after the change), so
/// that they get past the chunk check and reach the header checks, the zlib stream and the decoder (chunk data,
/// header fields, chunk order, the decompressed rows, recompressed). Every reader must either read the file or throw
/// <see cref="DetEvalInputException"/>; splitting the image data into more chunks must read the same mask.
/// </summary>
public sealed class PngChunkFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int Iterations = 3000;
    private readonly string dir = Directory.CreateTempSubdirectory("deteval-png-fuzz-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Valid seeds: every colour type and depth, plain and interlaced, small odd sizes, and a real SAM mask.</summary>
    private static List<byte[]> Seeds()
    {
        var random = new Random(14);
        var seeds = new List<byte[]> { File.ReadAllBytes(TestData.Path("reference", "sam-small", "pred_png", "sa_86563", "0.png")) };
        (int Colour, int Depth)[] formats = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (6, 8), (6, 16)];
        foreach (var (colour, depth) in formats)
        {
            foreach (bool interlaced in new[] { false, true })
            {
                int width = random.Next(1, 14), height = random.Next(1, 10);
                int channels = PngBuilder.Channels(colour);
                int max = colour == 3 ? Math.Min(1 << depth, 5) : 1 << depth;
                var samples = new ushort[width * height * channels];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = (ushort)random.Next(max);
                }

                byte[]? palette = colour == 3 ? [.. Enumerable.Range(0, 15).Select(i => (byte)(i * 17))] : null;
                seeds.Add(PngBuilder.Encode(width, height, colour, depth, interlaced, samples, random, palette));
            }
        }

        return seeds;
    }

    [Fact]
    public void ChunkLevelMutations_WithTheirCrcsRight_AreReadOrRefused_NeverCrash()
    {
        var seeds = Seeds();
        var failures = new List<string>();
        int read = 0;
        string path = Path.Combine(dir, "mask.png");
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            int seed = (iteration * 7919) + 14;
            var rng = new Random(seed);
            byte[] original = seeds[rng.Next(seeds.Count)];
            var (mutated, description) = Mutate(original, rng);
            File.WriteAllBytes(path, mutated);
            foreach (var (name, reader) in Readers(path))
            {
                try
                {
                    reader();
                    read++;
                }
                catch (DetEvalInputException)
                {
                }
                catch (Exception e)
                {
                    failures.Add($"seed {seed} ({description}), {name}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}\n{e.StackTrace}");
                }
            }
        }

        output.WriteLine($"{Iterations} mutated PNGs, {read} reads succeeded");
        Assert.True(failures.Count == 0, $"{failures.Count} crashes; first: {string.Join("\n", failures.Take(5))}");
    }

    [Fact]
    public void ImageDataSplitIntoMoreChunks_ReadsTheSameMask()
    {
        var rng = new Random(7);
        string whole = Path.Combine(dir, "whole.png"), split = Path.Combine(dir, "split.png");
        foreach (byte[] seed in Seeds())
        {
            var chunks = PngBuilder.Parse(seed);
            int idat = chunks.FindIndex(c => c.Type == "IDAT");
            byte[] data = chunks[idat].Data;
            var parts = new List<PngBuilder.Chunk>();
            for (int at = 0; at < data.Length;)
            {
                int length = Math.Min(data.Length - at, rng.Next(1, 9));
                parts.Add(new PngBuilder.Chunk("IDAT", data[at..(at + length)]));
                at += length;
            }

            chunks.RemoveAt(idat);
            chunks.InsertRange(idat, parts);
            File.WriteAllBytes(whole, seed);
            File.WriteAllBytes(split, PngBuilder.Assemble(chunks.Select(c => c with { Crc = null })));
            var expected = PngMask.ReadBinary(whole);
            var actual = PngMask.ReadBinary(split);
            Assert.Equal(expected.Counts.ToArray(), actual.Counts.ToArray());
            Assert.Equal(PngMask.ReadInstances(whole).Select(i => i.Value), PngMask.ReadInstances(split).Select(i => i.Value));
        }
    }

    private static IEnumerable<(string Name, Action Read)> Readers(string path) =>
    [
        ("ReadBinary", () => PngMask.ReadBinary(path)),
        ("ReadInstances", () => PngMask.ReadInstances(path)),
        ("ReadLabelValues", () => PngMask.ReadLabelValues(path)),
        ("ReadBinary, 64-pixel limit", () => PngMask.ReadBinary(path, new PngMaskOptions { MaxPixels = 64 })),
    ];

    /// <summary>One to three chunk-level mutations, CRCs recomputed; returns the file and a description to reproduce it.</summary>
    private static (byte[] Bytes, string Description) Mutate(byte[] file, Random rng)
    {
        var chunks = PngBuilder.Parse(file).Select(c => c with { Crc = null }).ToList();
        var steps = new List<string>();
        bool truncate = false;
        int count = rng.Next(1, 4);
        for (int m = 0; m < count && chunks.Count > 0; m++)
        {
            int k = rng.Next(chunks.Count);
            var chunk = chunks[k];
            switch (rng.Next(9))
            {
                case 0:
                {
                    // Bytes of a chunk's data set to random values (IHDR fields, palette entries, zlib bytes).
                    if (chunk.Data.Length == 0)
                    {
                        break;
                    }

                    byte[] data = [.. chunk.Data];
                    int runs = rng.Next(1, 9);
                    for (int r = 0; r < runs; r++)
                    {
                        data[rng.Next(data.Length)] = (byte)rng.Next(256);
                    }

                    steps.Add($"{runs} bytes of {chunk.Type} #{k} set");
                    chunks[k] = chunk with { Data = data };
                    break;
                }

                case 1:
                {
                    // The decompressed rows changed (filter types, samples), shortened or lengthened, then recompressed.
                    int idat = chunks.FindIndex(c => c.Type == "IDAT");
                    if (idat < 0)
                    {
                        break;
                    }

                    byte[] raw;
                    try
                    {
                        raw = Inflate([.. chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data)]);
                    }
                    catch (InvalidDataException)
                    {
                        break;
                    }

                    var rows = new List<byte>(raw);
                    int kind = rng.Next(3);
                    if (kind == 0 && rows.Count > 0)
                    {
                        rows[rng.Next(rows.Count)] = (byte)rng.Next(256);
                    }
                    else if (kind == 1 && rows.Count > 0)
                    {
                        rows.RemoveRange(rng.Next(rows.Count), 1);
                    }
                    else
                    {
                        rows.InsertRange(rng.Next(rows.Count + 1), Enumerable.Repeat((byte)rng.Next(256), rng.Next(1, 5)));
                    }

                    steps.Add($"decompressed rows: {(kind == 0 ? "byte set" : kind == 1 ? "byte removed" : "bytes inserted")}");
                    chunks.RemoveAll(c => c.Type == "IDAT");
                    chunks.Insert(Math.Min(idat, chunks.Count), new PngBuilder.Chunk("IDAT", PngBuilder.Zlib([.. rows])));
                    break;
                }

                case 2:
                {
                    // A header field replaced: width, height, depth, colour type, interlace.
                    int ihdr = chunks.FindIndex(c => c.Type == "IHDR");
                    if (ihdr < 0 || chunks[ihdr].Data.Length != 13)
                    {
                        break;
                    }

                    byte[] data = [.. chunks[ihdr].Data];
                    int field = rng.Next(5);
                    if (field < 2)
                    {
                        uint[] sizes = [0, 1, 2, 7, 8, 9, 63, 65, 1000, 65536, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
                        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(field * 4), sizes[rng.Next(sizes.Length)]);
                    }
                    else
                    {
                        data[6 + field] = (byte)(rng.Next(3) == 0 ? rng.Next(256) : rng.Next(17));
                    }

                    steps.Add($"IHDR field {field} changed");
                    chunks[ihdr] = chunks[ihdr] with { Data = data };
                    break;
                }

                case 3:
                    steps.Add($"{chunk.Type} #{k} removed");
                    chunks.RemoveAt(k);
                    break;
                case 4:
                    steps.Add($"{chunk.Type} #{k} duplicated");
                    chunks.Insert(rng.Next(chunks.Count + 1), chunk);
                    break;
                case 5:
                {
                    int other = rng.Next(chunks.Count);
                    steps.Add($"chunks {k} and {other} swapped");
                    (chunks[k], chunks[other]) = (chunks[other], chunks[k]);
                    break;
                }

                case 6:
                {
                    // A chunk of another type: ancillary (skipped), unknown critical (refused), or a known type out of place.
                    string[] types = ["tEXt", "gAMA", "tRNS", "PLTE", "IHDR", "IEND", "abcd", "Abcd", "IDAT"];
                    var data = new byte[rng.Next(0, 20)];
                    rng.NextBytes(data);
                    string type = types[rng.Next(types.Length)];
                    steps.Add($"{type} of {data.Length} bytes inserted at {k}");
                    chunks.Insert(k, new PngBuilder.Chunk(type, data));
                    break;
                }

                case 7:
                {
                    if (chunk.Data.Length == 0)
                    {
                        break;
                    }

                    int keep = rng.Next(chunk.Data.Length);
                    steps.Add($"{chunk.Type} #{k} cut to {keep} bytes");
                    chunks[k] = chunk with { Data = chunk.Data[..keep] };
                    break;
                }

                default:
                    truncate = true;
                    break;
            }
        }

        byte[] bytes = PngBuilder.Assemble(chunks);
        if (truncate)
        {
            int at = rng.Next(bytes.Length);
            steps.Add($"file truncated at {at}");
            bytes = bytes[..at];
        }

        return (bytes, string.Join("; ", steps));
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var result = new MemoryStream();
        input.CopyTo(result);
        return result.ToArray();
    }
}
