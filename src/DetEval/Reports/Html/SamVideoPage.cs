using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>The page of a SAM 2 video evaluation (<c>deteval sam --mode video --out</c>): J, F, J&amp;F, the videos and objects worst first, per-frame J and F of the worst videos.</summary>
internal static class SamVideoPage
{
    /// <summary>How many of the worst videos get a per-frame figure.</summary>
    private const int FrameFigures = 5;

    /// <summary>How many of the worst videos the J&amp;F bars show.</summary>
    private const int VideoBars = 30;

    private const string Conventions =
        "SAM 2's sav_evaluator: per frame J = |P ∩ G| / |P ∪ G| (1 when both are empty) and F the boundary F-measure (boundaries dilated by a disk of "
        + "radius ceil(tolerance · image diagonal)); an object's J and F are the means over its frames (the first and last dropped), a video's the "
        + "means over its objects, the global J and F the means over every object of every video pooled; J&F = (J + F) / 2; fractions (the "
        + "reference's percent / 100); – where undefined.";

    public static HtmlDocument Build(SamVideoResult result, SamVideoOptions videoOptions, HtmlReportOptions options)
    {
        var metrics = new List<Headline>
        {
            new("J&F", result.JAndF, "(J + F) / 2", JsonPath: "J&F"),
            new("J", result.J, "region similarity: mask IoU, mean over every object", JsonPath: "J"),
            new("F", result.F, "boundary F-measure, mean over every object", JsonPath: "F"),
            new("videos", result.Videos.Count, Format: "N0", JsonPath: "counts/videos"),
            new("objects", result.ObjectCount, Format: "N0", JsonPath: "counts/objects"),
            new("frames", result.FrameCount, Format: "N0", JsonPath: "counts/frames"),
        };
        var worst = result.Videos.Select((v, i) => (v, i)).OrderBy(x => Key(x.v.JAndF)).ThenBy(x => x.i).Select(x => x.v).ToList();
        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Headline numbers", metrics) { Note = "SAM 2's J, F and J&F over every object of every video." },
            Videos(worst),
            Objects(result),
        };
        var bars = worst.Where(v => double.IsFinite(v.JAndF)).Take(VideoBars)
            .Select(v => new Bar(v.Name, v.JAndF, HtmlBuilder.Display(v.JAndF), string.Create(CultureInfo.InvariantCulture, $"{v.Name}: J {HtmlBuilder.Display(v.J)}, F {HtmlBuilder.Display(v.F)}, {v.Objects.Count} objects")))
            .ToList();
        if (bars.Count > 0)
        {
            sections.Add(new BarSection("video-bars", "J&F per video", [($"J&F of the {bars.Count} worst videos", bars)]));
        }

        var frames = worst.Take(FrameFigures).SelectMany(Frames).ToList();
        if (frames.Count > 0)
        {
            sections.Add(new FigureSection("frames", "J and F per frame of the worst videos", frames)
            {
                Note = "Each object of the video in its own colour: J solid on the first chart, F on the second; x is the evaluated frame's position in the object's frame list.",
            });
        }

        return new HtmlDocument(
            "DetEval report: SAM 2 video",
            string.Create(CultureInfo.InvariantCulture, $"SAM 2 video · {result.Videos.Count} videos · {result.ObjectCount} objects · {result.FrameCount} frames"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [
                ("first and last frame", videoOptions.SkipFirstAndLast ? "dropped (as the reference)" : "kept"),
                ("boundary tolerance", videoOptions.BoundaryTolerance.ToString("0.####", CultureInfo.InvariantCulture) + " of the image diagonal"),
            ],
            Conventions,
            sections);
    }

    // Undefined scores sort last among the worst.
    private static double Key(double value) => double.IsFinite(value) ? value : double.PositiveInfinity;

    private static TableSection Videos(IReadOnlyList<SamVideoScore> worst)
    {
        TableColumn[] columns = [new("video", false), new("layout", false), new("objects"), new("J&F"), new("J"), new("F")];
        var rows = worst.Select(v => new TableRow(
            [
                TableCell.Label(v.Name), TableCell.Label(SamVideoReport.LayoutName(v.Layout)), TableCell.Count(v.Objects.Count),
                TableCell.Number(v.JAndF), TableCell.Number(v.J), TableCell.Number(v.F),
            ])).ToList();
        return new TableSection("videos", "Videos, worst first", columns, rows) { Note = "One row per evaluated video (videos.csv), the lowest J&F first; click a header to sort." };
    }

    private static TableSection Objects(SamVideoResult result)
    {
        TableColumn[] columns = [new("video", false), new("object", false), new("frames"), new("J&F"), new("J"), new("F")];
        var rows = result.Videos
            .SelectMany(v => v.Objects.Select(o => (Video: v.Name, Object: o)))
            .Select((x, i) => (x.Video, x.Object, i))
            .OrderBy(x => Key(x.Object.JAndF))
            .ThenBy(x => x.i)
            .Select(x => new TableRow(
            [
                TableCell.Label(x.Video), TableCell.Label(x.Object.Id), TableCell.Count(x.Object.Frames.Count),
                TableCell.Number(x.Object.JAndF), TableCell.Number(x.Object.J), TableCell.Number(x.Object.F),
            ]))
            .ToList();
        return new TableSection("objects", "Objects, worst first", columns, rows) { Note = "One row per object (objects.csv), the lowest J&F first." };
    }

    private static IEnumerable<LineFigure> Frames(SamVideoScore video)
    {
        LineFigure Chart(string what, Func<SamVideoObjectScore, IReadOnlyList<double>> values)
        {
            int longest = Math.Max(2, video.Objects.Max(o => o.Frames.Count));
            var series = video.Objects
                .Select((o, i) => new LineSeries([.. Enumerable.Range(0, o.Frames.Count).Select(f => (double)f)], values(o), "s" + (i % 10).ToString(CultureInfo.InvariantCulture), $"object {o.Id} ({what} {HtmlBuilder.Display(what == "J" ? o.J : o.F)})"))
                .ToList();
            return new LineFigure($"frames-{what.ToLowerInvariant()}-{video.Name}", $"{video.Name}: {what} per frame (video J&F {HtmlBuilder.Display(video.JAndF)})", "Frame", what, new SvgAxes(0, longest - 1, 0, 1), series, []);
        }

        if (video.Objects.Count == 0)
        {
            yield break;
        }

        yield return Chart("J", o => o.FrameJ);
        yield return Chart("F", o => o.FrameF);
    }
}
