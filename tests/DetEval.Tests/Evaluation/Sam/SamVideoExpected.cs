using System.Text.Json;

namespace DetEval.Tests.Evaluation.Sam;

/// <summary>Compares a <see cref="SamVideoResult"/> with an expected file written from SAM 2's own evaluator.</summary>
internal static class SamVideoExpected
{
    /// <summary>The README's tolerance; the values are in fact equal to the last bit, which <paramref name="exact"/> asserts.</summary>
    public const double Tolerance = 1e-12;

    public static JsonElement Load(params string[] path) => JsonDocument.Parse(File.ReadAllBytes(TestData.Path(path))).RootElement;

    public static void AssertMatches(JsonElement expected, SamVideoResult result, bool exact = true)
    {
        AssertValue(expected, "J&F", result.JAndF, exact);
        AssertValue(expected, "J", result.J, exact);
        AssertValue(expected, "F", result.F, exact);
        var videos = expected.GetProperty("videos").EnumerateArray().ToArray();
        Assert.Equal(videos.Select(v => v.GetProperty("name").GetString()), result.Videos.Select(v => v.Name));
        for (int v = 0; v < videos.Length; v++)
        {
            var ev = videos[v];
            var video = result.Videos[v];
            Assert.Equal(ev.GetProperty("layout").GetString(), video.Layout == SamVideoLayout.Sav ? "sav" : "davis");
            AssertValue(ev, "J&F", video.JAndF, exact);
            AssertValue(ev, "J", video.J, exact);
            AssertValue(ev, "F", video.F, exact);
            var objects = ev.GetProperty("objects").EnumerateArray().ToArray();
            Assert.Equal(objects.Select(IdOf), video.Objects.Select(o => o.Id));
            for (int o = 0; o < objects.Length; o++)
            {
                var eo = objects[o];
                var obj = video.Objects[o];
                AssertValue(eo, "J&F", obj.JAndF, exact);
                AssertValue(eo, "J", obj.J, exact);
                AssertValue(eo, "F", obj.F, exact);
                Assert.Equal(eo.GetProperty("frames").EnumerateArray().Select(f => f.GetString()), obj.Frames);
                Assert.Equal(eo.GetProperty("frame_J").EnumerateArray().Select(f => f.GetDouble()), obj.FrameJ);
                Assert.Equal(eo.GetProperty("frame_F").EnumerateArray().Select(f => f.GetDouble()), obj.FrameF);
            }
        }
    }

    private static string IdOf(JsonElement obj)
    {
        var id = obj.GetProperty("id");
        return id.ValueKind == JsonValueKind.Number ? id.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : id.GetString()!;
    }

    private static void AssertValue(JsonElement expected, string key, double actual, bool exact)
    {
        double value = expected.GetProperty(key).GetDouble();
        Assert.Equal(value, actual, Tolerance);
        if (exact)
        {
            Assert.Equal(value, actual);
        }
    }
}
