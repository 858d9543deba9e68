using System.Text.Json;

namespace DetEval.Tests.Masks;

public class SegmentationTests
{
    [Fact]
    public void ToRle_SeveralPolygons_AreUnionMerged()
    {
        double[] left = [0, 0, 4, 0, 4, 4, 0, 4, 0, 2];
        double[] right = [3, 3, 8, 3, 8, 8, 3, 8];
        Rle rle = Segmentation.FromPolygons([left, right]).ToRle(10, 10);
        Rle expected = Rle.Merge([Rle.FromPolygon(left, 10, 10), Rle.FromPolygon(right, 10, 10)]);
        Assert.Equal(expected.Counts, rle.Counts);
        Assert.Equal(16 + 25 - 1, rle.Area);
    }

    [Fact]
    public void ToRle_SinglePolygon_IsNotMerged()
    {
        double[] polygon = [1, 1, 6, 1, 6, 6];
        Assert.Equal(Rle.FromPolygon(polygon, 8, 8).Counts, Segmentation.FromPolygons([polygon]).ToRle(8, 8).Counts);
    }

    [Fact]
    public void ToRle_FirstPolygonOfFourNumbers_ThrowsLikePycocotools()
    {
        // pycocotools frPyObjects sends a first part of length 4 to frBbox, which rejects a list (cocoapi #139).
        FormatException error = Assert.Throws<FormatException>(
            () => Segmentation.FromPolygons([[1, 1, 5, 5], [0, 0, 3, 0, 3, 3]]).ToRle(8, 8));
        Assert.Contains("4-number", error.Message);
        Assert.Throws<FormatException>(() => Segmentation.FromPolygons([[1, 1]]).ToRle(8, 8));
        Assert.Throws<FormatException>(() => Segmentation.FromPolygons([]).ToRle(8, 8));
    }

    [Fact]
    public void ToRle_LaterPolygonOfFourNumbers_IsRasterisedAsDegeneratePolygon()
    {
        // After a first part longer than 4, pycocotools frPoly rasterises every part, a 2-point line included.
        double[] triangle = [0, 0, 6, 0, 0, 6];
        Rle rle = Segmentation.FromPolygons([triangle, [1, 1, 5, 5]]).ToRle(8, 8);
        Assert.Equal(Rle.Merge([Rle.FromPolygon(triangle, 8, 8), Rle.FromPolygon([1, 1, 5, 5], 8, 8)]).Counts, rle.Counts);
    }

    [Fact]
    public void ToRle_RleKinds_CheckSizeAndCounts()
    {
        Rle rle = Rle.FromCounts(25, 25, [130, 5, 20, 5, 20, 5, 20, 5, 20, 5, 390]);
        Assert.Same(rle, Segmentation.FromRle(rle).ToRle(25, 25));
        Assert.Same(rle, Segmentation.FromRle(rle).ToRle(0, 0));
        Assert.Equal(rle.Counts, Segmentation.FromCompressed("R45d00000000b;", 25, 25).ToRle(25, 25).Counts);
        Assert.Contains("differs from the image size", Assert.Throws<FormatException>(() => Segmentation.FromRle(rle).ToRle(25, 26)).Message);
        Assert.Throws<FormatException>(() => Segmentation.FromCompressed("R45d00000000b;", 25, 25).ToRle(24, 25));
        Assert.Throws<FormatException>(() => Segmentation.FromRle(new Rle(2, 2, [1])).ToRle(2, 2));
        Assert.Throws<FormatException>(() => Segmentation.FromCompressed("R45d0000", 25, 25).ToRle(25, 25));
    }

    [Fact]
    public void ToRle_ReferenceGroundTruthPolygons_AreValidAndNearPolygonArea()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "small", "gt.json")));
        var sizes = new Dictionary<long, (int H, int W)>();
        foreach (JsonElement image in document.RootElement.GetProperty("images").EnumerateArray())
        {
            sizes[image.GetProperty("id").GetInt64()] = (image.GetProperty("height").GetInt32(), image.GetProperty("width").GetInt32());
        }

        int polygons = 0;
        foreach (JsonElement annotation in document.RootElement.GetProperty("annotations").EnumerateArray())
        {
            JsonElement segmentation = annotation.GetProperty("segmentation");
            (int h, int w) = sizes[annotation.GetProperty("image_id").GetInt64()];
            if (segmentation.ValueKind != JsonValueKind.Array)
            {
                JsonElement counts = segmentation.GetProperty("counts");
                Assert.Equal(JsonValueKind.Array, counts.ValueKind);
                var list = new List<long>();
                foreach (JsonElement c in counts.EnumerateArray())
                {
                    list.Add(c.GetInt64());
                }

                JsonElement size = segmentation.GetProperty("size");
                Segmentation.FromRle(Rle.FromCounts(size[0].GetInt32(), size[1].GetInt32(), list)).ToRle(h, w);
                continue;
            }

            var parts = new List<double[]>();
            double perimeter = 0;
            foreach (JsonElement part in segmentation.EnumerateArray())
            {
                var xy = new List<double>();
                foreach (JsonElement v in part.EnumerateArray())
                {
                    xy.Add(v.GetDouble());
                }

                for (int i = 0; i + 1 < xy.Count; i += 2)
                {
                    int next = (i + 2) % (xy.Count / 2 * 2);
                    perimeter += Math.Sqrt(Math.Pow(xy[next] - xy[i], 2) + Math.Pow(xy[next + 1] - xy[i + 1], 2));
                }

                parts.Add([.. xy]);
            }

            Rle rle = Segmentation.FromPolygons(parts).ToRle(h, w);
            rle.Validate();
            double area = annotation.GetProperty("area").GetDouble();
            // Pixel count vs polygon area: rasterisation moves the boundary by at most about a pixel.
            Assert.InRange(rle.Area, area - perimeter - 4, area + perimeter + 4);
            polygons++;
        }

        Assert.True(polygons > 10);
    }

    [Fact]
    public void Kinds_ExposeOnlyTheirOwnPayload()
    {
        double[][] polygons = [[1, 1, 6, 1, 6, 6]];
        var rle = new Rle(4, 3, [2, 3, 7]);
        string counts = rle.ToCompressedString();

        var fromPolygons = Segmentation.FromPolygons(polygons);
        Assert.Same(polygons, fromPolygons.Polygons);
        Assert.Null(fromPolygons.Rle);
        Assert.Null(fromPolygons.CompressedCounts);

        var fromRle = Segmentation.FromRle(rle);
        Assert.Same(rle, fromRle.Rle);
        Assert.Null(fromRle.Polygons);
        Assert.Null(fromRle.CompressedCounts);
        Assert.Equal((4, 3), (fromRle.Height, fromRle.Width));

        var fromString = Segmentation.FromCompressed(counts, 4, 3);
        Assert.Equal(counts, fromString.CompressedCounts);
        Assert.Null(fromString.Polygons);
        Assert.Null(fromString.Rle);
    }

    [Fact]
    public void FromCompressedUtf8_ArraySliceOrOtherMemory_EqualsTheString()
    {
        var rle = new Rle(9, 7, [5, 10, 3, 20, 25]);
        string counts = rle.ToCompressedString();
        byte[] padded = [.. "xx"u8, .. System.Text.Encoding.ASCII.GetBytes(counts), .. "yyy"u8];
        var slice = new ReadOnlyMemory<byte>(padded, 2, counts.Length);
        using var hidden = new HiddenArrayMemory(System.Text.Encoding.ASCII.GetBytes(counts));
        Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(hidden.Memory, out _));
        foreach (var memory in new[] { slice, hidden.Memory })
        {
            var segmentation = Segmentation.FromCompressedUtf8(memory, 9, 7);
            Assert.Equal(SegmentationKind.CompressedRle, segmentation.Kind);
            Assert.Equal(counts, segmentation.CompressedCounts);
            Assert.Equal(rle.Counts, segmentation.ToRle(9, 7).Counts);
            Assert.Equal(rle.Counts, Segmentation.FromCompressed(counts, 9, 7).ToRle(9, 7).Counts);
            var (area, box) = segmentation.Measure(9, 7);
            Assert.Equal(rle.Area, area);
            Assert.Equal(rle.ToBox(), box);
            Assert.True(segmentation.TryGetMeasuredCompressed(out var bytes, out var remembered));
            Assert.Equal(box, remembered);
            Assert.Equal(counts, System.Text.Encoding.ASCII.GetString(bytes));
        }
    }

    [Fact]
    public void MaskBox_IsRememberedOnce()
    {
        var first = new Rle(4, 3, [2, 3, 7]);
        var other = new Rle(4, 3, [0, 12]);
        var segmentation = Segmentation.FromRle(first);
        Assert.Equal(first.ToBox(), segmentation.MaskBox(first));
        // The box of the first call is kept, whatever runs are passed later.
        Assert.Equal(first.ToBox(), segmentation.MaskBox(other));
    }

    /// <summary>Bytes whose memory does not expose its array, so that <c>MemoryMarshal.TryGetArray</c> fails.</summary>
    private sealed class HiddenArrayMemory(byte[] bytes) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => bytes;

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
