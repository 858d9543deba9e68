using System.Text.Json;
using DetEval.Formats.Json;

namespace DetEval.Formats.Coco;

/// <summary>Reads a COCO <c>segmentation</c> value: polygons, or RLE with list or string counts.</summary>
internal static class CocoSegmentationParser
{
    [ThreadStatic]
    private static byte[]? unescapeBuffer;

    public static Segmentation Read(ref Utf8JsonReader reader, string field, ByteArena? arena = null)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var polygons = new List<double[]>();
            while (JsonValues.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            {
                polygons.Add(JsonValues.ReadNumberList(ref reader, $"{field}[{polygons.Count}]"));
            }

            return Segmentation.FromPolygons(polygons);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonFieldException(field, $"expected polygons or an RLE object, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        int height = -1, width = -1;
        Span<double> size = stackalloc double[2];
        ReadOnlyMemory<byte>? compressedUtf8 = null;
        List<uint>? counts = null;
        while (JsonValues.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("size"u8))
            {
                JsonValues.Read(ref reader);
                JsonValues.ReadNumbers(ref reader, field + ".size", size, 2);
                height = CheckSize(size[0], field + ".size[0]");
                width = CheckSize(size[1], field + ".size[1]");
            }
            else if (reader.ValueTextEquals("counts"u8))
            {
                JsonValues.Read(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                {
                    // Kept as the file's bytes (no string); unescaped when the JSON escapes a backslash.
                    if (reader.ValueIsEscaped || reader.HasValueSequence)
                    {
                        int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                        if (unescapeBuffer is null || unescapeBuffer.Length < length)
                        {
                            unescapeBuffer = new byte[Math.Max(length, 4096)];
                        }

                        var bytes = unescapeBuffer.AsSpan(0, reader.CopyString(unescapeBuffer));
                        compressedUtf8 = arena is null ? bytes.ToArray() : arena.Copy(bytes);
                    }
                    else
                    {
                        compressedUtf8 = arena is null ? reader.ValueSpan.ToArray() : arena.Copy(reader.ValueSpan);
                    }
                }
                else if (reader.TokenType == JsonTokenType.StartArray)
                {
                    counts = [];
                    while (JsonValues.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
                    {
                        double c = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out uint exact)
                            ? exact
                            : JsonValues.ReadDouble(ref reader, $"{field}.counts[{counts.Count}]");
                        if (c < 0 || c > uint.MaxValue || Math.Floor(c) != c)
                        {
                            throw new JsonFieldException($"{field}.counts[{counts.Count}]", $"run length {c} is not a non-negative integer");
                        }

                        counts.Add((uint)c);
                    }
                }
                else
                {
                    throw new JsonFieldException(field + ".counts", $"expected a string or an array of numbers, got {JsonFileStreamer.Describe(reader.TokenType)}");
                }
            }
            else
            {
                JsonValues.Read(ref reader);
                JsonValues.Skip(ref reader);
            }
        }

        if (height < 0)
        {
            throw new JsonFieldException(field, "RLE has no size [h, w]");
        }

        if (compressedUtf8 is not null)
        {
            return arena?.Compressed(compressedUtf8.Value, height, width) ?? Segmentation.FromCompressedUtf8(compressedUtf8.Value, height, width);
        }

        if (counts is null)
        {
            throw new JsonFieldException(field, "RLE has no counts");
        }

        long sum = 0;
        foreach (uint c in counts)
        {
            sum += c;
        }

        if (sum != (long)height * width)
        {
            throw new JsonFieldException(field + ".counts", $"RLE counts sum to {sum}, expected height*width = {(long)height * width}");
        }

        return Segmentation.FromRle(new Rle(height, width, [.. counts]));
    }

    private static int CheckSize(double v, string field)
    {
        if (v < 0 || v > 1_000_000 || Math.Floor(v) != v)
        {
            throw new JsonFieldException(field, $"RLE size {v} is not an integer in [0, 1000000]");
        }

        return (int)v;
    }
}
