using System.Globalization;
using System.Text.Json.Nodes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval.Cli.Tests.Browser;

/// <summary>
/// Every command's report page rendered in a real headless Chromium: no console error, no request beyond the page's
/// own file, the headline numbers equal to the JSON report beside it, one table row per class, every figure drawn; the
/// table sorts, a class highlights in every figure, and names from input files are text, not markup. A screenshot of
/// the COCO page is taken (into <c>DETEVAL_DOCS_IMAGES</c> when set: the README's picture).
/// </summary>
public sealed class ReportPageBrowserTests(ReportPagesFixture pages) : IClassFixture<ReportPagesFixture>
{
    private HeadlessChromium Browser => pages.Browser ?? throw new InvalidOperationException("Chromium is required (DETEVAL_REQUIRE_BROWSER=1) but was not found");

    [ChromiumFact]
    public async Task CocoPage_HasNoErrorsNoRequests_AndEveryNumberOfReportJson()
    {
        var (page, json) = await OpenClean("coco", "report.html");
        Assert.True(new FileInfo(Path.Combine(pages.Dir("coco"), "report.html")).Length < 2_000_000, "the bundled sample's page is 2 MB or more");
        var headline = await AssertHeadlineEqualsJson(page, "coco");
        Assert.Equal(12 + 9, headline); // the 12 stats and TIDE's AP50, 6 main and 2 special dAPs
        var categories = json["categories"]!.AsArray();
        Assert.Equal([.. categories.Select(c => c!["name"]!.GetValue<string>())], await RowNames(page, "classes"));
        // Each class's AP cell shows report.json's AP to three decimals, its interval report.json's.
        var cells = await page.EvaluateAsync("Array.from(document.querySelectorAll('#classes-table tbody tr')).map(r => [r.cells[2].dataset.v, r.cells[r.cells.length - 2].title])");
        for (int k = 0; k < categories.Count; k++)
        {
            Assert.Equal(categories[k]!["AP"]!.GetValue<double>(), double.Parse(cells![k]![0]!.GetValue<string>(), CultureInfo.InvariantCulture));
            var interval = categories[k]!["intervals"]!["AP"]!.AsArray();
            Assert.StartsWith($"{R(interval[0]!.GetValue<double>())} to {R(interval[1]!.GetValue<double>())} over ", cells[k]![1]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var figures = await AssertFiguresDrawn(page);
        Assert.Equal(["pr-f1iou", "pr-all", "confidence-f1", "confidence-precision", "confidence-recall", "confusion", "tide-bars-0", "tide-bars-1"], figures);
        // The worst images: images.csv's whole-image rows with an AP, the lowest first (more errors first among equals, then by id).
        var worst = File.ReadAllLines(Path.Combine(pages.Dir("coco"), "images.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[3] == "all" && c[12] != "-1")
            .Select(c => (Id: c[0], AP: double.Parse(c[12], CultureInfo.InvariantCulture), Errors: int.Parse(c[7], CultureInfo.InvariantCulture) + int.Parse(c[8], CultureInfo.InvariantCulture)))
            .OrderBy(r => r.AP).ThenByDescending(r => r.Errors).ThenBy(r => long.Parse(r.Id, CultureInfo.InvariantCulture)).Take(20).Select(r => r.Id).ToList();
        var shownIds = await page.EvaluateAsync("Array.from(document.querySelectorAll('#worst-table tbody tr')).map(r => r.cells[1].textContent)");
        Assert.Equal(worst, shownIds!.AsArray().Select(n => n!.GetValue<string>()));
        // The confusion matrix has a labelled row and column per class and background.
        var labels = await page.EvaluateAsync("Array.from(document.querySelectorAll('svg.matrix text.rowlabel')).map(t => t.textContent)");
        string[] expected = [.. categories.Select(c => c!["name"]!.GetValue<string>()), "background"];
        Assert.Equal([.. expected.SelectMany(n => new[] { n, n })], labels!.AsArray().Select(n => n!.GetValue<string>()));

        // The inputs in the header are as typed at the repository root: relative, no machine path (the README's picture).
        Assert.Equal(["testdata/reference/small/gt.json", "testdata/reference/small/dt_bbox.json"], await Inputs(page));

        byte[] png = await page.ScreenshotAsync();
        string? docs = Environment.GetEnvironmentVariable("DETEVAL_DOCS_IMAGES");
        string shot = Path.Combine(string.IsNullOrEmpty(docs) ? pages.Root : docs, "report_html_small.png");
        using var image = Image.Load<Rgba32>(png);
        // A 256-colour PNG: the page is flat colours and text, so the picture stays small (the README's is about 0.2 MB).
        await image.SaveAsPngAsync(shot, new SixLabors.ImageSharp.Formats.Png.PngEncoder
        {
            ColorType = SixLabors.ImageSharp.Formats.Png.PngColorType.Palette,
            CompressionLevel = SixLabors.ImageSharp.Formats.Png.PngCompressionLevel.BestCompression,
            Quantizer = new SixLabors.ImageSharp.Processing.Processors.Quantization.WuQuantizer(new() { MaxColors = 256, Dither = null }),
        });
        Assert.Equal(1300, image.Width);
        Assert.True(image.Height > 2000, $"the page is only {image.Height} px high");
        int coloured = 0;
        for (int y = 0; y < image.Height; y += 3)
        {
            for (int x = 0; x < image.Width; x += 3)
            {
                var p = image[x, y];
                coloured += Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 40 ? 1 : 0;
            }
        }

        Assert.True(coloured > 3000, $"only {coloured} coloured pixels in the screenshot {shot}");
    }

    [ChromiumFact]
    public async Task EveryOtherProtocolsPage_HasNoErrorsNoRequests_AndItsJsonsNumbers()
    {
        var (voc, vocJson) = await OpenClean("voc", "report.html");
        Assert.Equal(2, await AssertHeadlineEqualsJson(voc, "voc"));
        Assert.Equal([.. vocJson["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())], await RowNames(voc, "classes"));
        Assert.Equal(["pr-envelope", "confidence-f1", "confidence-precision", "confidence-recall"], await AssertFiguresDrawn(voc));

        var (auto, _) = await OpenClean("sam-auto", "report.html");
        Assert.Equal(12 + 4 + 3, await AssertHeadlineEqualsJson(auto, "sam-auto"));
        Assert.Equal(["pr-masks", "confidence-f1", "confidence-precision", "confidence-recall"], await AssertFiguresDrawn(auto));
        Assert.Equal(5, (await RowNames(auto, "worst", "td")).Count); // the five ground-truth images

        var (prompt, promptJson) = await OpenClean("sam-prompt", "report.html");
        Assert.Equal(3 + 3 + 2, await AssertHeadlineEqualsJson(prompt, "sam-prompt"));
        Assert.Equal(["iou-share"], await AssertFiguresDrawn(prompt));
        Assert.Equal(Math.Min(20, promptJson["prompts"]!.GetValue<int>()), (await RowNames(prompt, "worst", "td")).Count);

        var (tide, tideJson) = await OpenClean("tide", "report.html", "tide.json");
        Assert.Equal(9, await AssertHeadlineEqualsJson(tide, "tide"));
        Assert.Equal(tideJson["classes"]!.AsArray().Count, (await RowNames(tide, "classes")).Count);
        Assert.Equal(["tide-bars-0", "tide-bars-1"], await AssertFiguresDrawn(tide));
        Assert.Equal(["testdata/reference/small/gt.json", "testdata/reference/small/dt_bbox.json"], await Inputs(tide));

        var (compare, compareJson) = await OpenClean("compare", "comparison.html", "comparison.json");
        Assert.Equal(12, await AssertHeadlineEqualsJson(compare, "compare"));
        // Per class, sorted by change: the largest gain in AP of B first.
        var categories = compareJson["categories"]!.AsArray()
            .Select(c => (Name: c!["name"]!.GetValue<string>(), Delta: c["stats"]!["AP"]!["difference"]!.GetValue<double>()))
            .Select((c, i) => (c.Name, c.Delta, i))
            .OrderByDescending(c => c.Delta).ThenBy(c => c.i).Select(c => c.Name).ToList();
        Assert.Equal(categories, await RowNames(compare, "classes"));
        Assert.Equal(["pr-f1iou", "pr-all"], await AssertFiguresDrawn(compare));
        Assert.Equal(["testdata/reference/small/gt.json", "testdata/reference/small/dt_bbox.json", pages.CompareB], await Inputs(compare));
        // Both models' curves are overlaid: a thin line per class of each, and both means.
        int classes = categories.Count;
        Assert.Equal(2 * classes, (await compare.EvaluateAsync("document.querySelectorAll('[data-figure=\"pr-f1iou\"] polyline.class, [data-figure=\"pr-f1iou\"] polyline.class-b').length"))!.GetValue<int>());
        Assert.Equal(2, (await compare.EvaluateAsync("document.querySelectorAll('[data-figure=\"pr-f1iou\"] polyline.mean, [data-figure=\"pr-f1iou\"] polyline.mean-b').length"))!.GetValue<int>());
    }

    [ChromiumFact]
    public async Task KeypointLvisDotaAndVideoPages_HaveNoErrorsNoRequests_AndTheirJsonsNumbers()
    {
        var (keypoints, keypointJson) = await OpenClean("keypoints", "report.html");
        Assert.Equal(10, await AssertHeadlineEqualsJson(keypoints, "keypoints"));
        Assert.Equal([.. keypointJson["categories"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())], await RowNames(keypoints, "classes"));
        // No confusion matrix of boxes for keypoints; the per-keypoint errors instead, one bar chart per category.
        Assert.Equal(["pr-f1iou", "pr-all", "confidence-f1", "confidence-precision", "confidence-recall", "keypoint-bars-0", "keypoint-bars-1"], await AssertFiguresDrawn(keypoints));
        int csvRows = File.ReadAllLines(Path.Combine(pages.Dir("keypoints"), "keypoints.csv")).Length - 1;
        Assert.Equal(csvRows, (await RowNames(keypoints, "keypoints", "td")).Count);

        var (lvis, lvisJson) = await OpenClean("lvis", "report.html");
        Assert.Equal(13, await AssertHeadlineEqualsJson(lvis, "lvis"));
        Assert.Equal([.. lvisJson["categories"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())], await RowNames(lvis, "classes"));
        Assert.Equal(["rare", "common", "frequent"], await RowNames(lvis, "groups", "td"));
        Assert.Equal(["pr-f1iou", "pr-all", "confidence-f1", "confidence-precision", "confidence-recall"], await AssertFiguresDrawn(lvis));

        var (dota, dotaJson) = await OpenClean("dota", "report.html");
        Assert.Equal(2, await AssertHeadlineEqualsJson(dota, "dota"));
        Assert.Equal([.. dotaJson["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())], await RowNames(dota, "classes"));
        Assert.Equal(["pr-envelope", "confidence-f1", "confidence-precision", "confidence-recall"], await AssertFiguresDrawn(dota));

        var (video, videoJson) = await OpenClean("sam-video", "report.html");
        Assert.Equal(6, await AssertHeadlineEqualsJson(video, "sam-video"));
        // Videos worst first: report.json's videos ordered by J&F.
        var videos = videoJson["videos"]!.AsArray().Select(v => (Name: v!["name"]!.GetValue<string>(), Score: v["J&F"]!.GetValue<double>())).ToList();
        Assert.Equal([.. videos.OrderBy(v => v.Score).Select(v => v.Name)], await RowNames(video, "videos", "td"));
        Assert.Equal(videoJson["videos"]!.AsArray().Sum(v => v!["objects"]!.AsArray().Count), (await RowNames(video, "objects", "td")).Count);
        var figures = await AssertFiguresDrawn(video);
        Assert.Equal(["video-bars-0", .. videos.OrderBy(v => v.Score).Take(5).SelectMany(v => new[] { "frames-j-" + v.Name, "frames-f-" + v.Name })], figures);
    }

    [ChromiumFact]
    public async Task SamConceptPage_HasNoErrorsNoRequests_ReportJsonsNumbers_AndARowPerPhrase()
    {
        var (page, json) = await OpenClean("sam-concept", "report.html");
        // The 26 numbers of report.json and its 5 pair counts, each equal to the last bit; cgF1, positive_micro_F1 and IL_MCC first.
        Assert.Equal(26 + 5, await AssertHeadlineEqualsJson(page, "sam-concept"));
        var tiles = (await page.EvaluateAsync("Array.from(document.querySelectorAll('.metric[data-json]')).map(m => m.dataset.json)"))!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(["cgF1", "positive_micro_F1", "IL_MCC"], tiles.Take(3));
        Assert.Equal([.. SamConceptResult.MetricNames.Order(StringComparer.Ordinal)], tiles.Where(t => !t.StartsWith("pairs/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(68, json["pairs"]!["evaluated"]!.GetValue<int>());

        // One row per phrase, in phrases.csv's order (worst first); their pairs add up to the evaluated pairs.
        string[][] phrases = [.. File.ReadAllLines(Path.Combine(pages.Dir("sam-concept"), "phrases.csv")).Skip(1).Select(l => l.Split(','))];
        Assert.Equal([.. phrases.Select(p => p[0])], await RowNames(page, "phrases"));
        var pairCells = await page.EvaluateAsync("Array.from(document.querySelectorAll('#phrases-table tbody tr')).map(r => Number(r.cells[1].dataset.v))");
        Assert.Equal(68, pairCells!.AsArray().Sum(n => n!.GetValue<int>()));

        // The per-threshold curves (a point per IoU threshold of report.json), the outcome bars and the phrase bars.
        Assert.Equal(["iou-all", "iou-positive", "outcomes-0", "phrase-bars-0"], await AssertFiguresDrawn(page));
        int thresholds = json["perThreshold"]!["iouThresholds"]!.AsArray().Count;
        var points = await page.EvaluateAsync("Array.from(document.querySelectorAll('[data-figure=\"iou-all\"] polyline')).map(p => p.points.numberOfItems)");
        Assert.Equal([thresholds, thresholds, thresholds], points!.AsArray().Select(n => n!.GetValue<int>()));
        var bars = await page.EvaluateAsync("Array.from(document.querySelectorAll('[data-figure=\"outcomes-0\"] rect.bar title')).map(t => t.textContent)");
        var counts = json["pairs"]!;
        Assert.Equal(
            [$"{counts["truePositive"]} pairs with instances and kept predictions", $"{counts["falsePositive"]} pairs with kept predictions but no instance", $"{counts["trueNegative"]} pairs with neither", $"{counts["falseNegative"]} pairs with instances but no kept prediction"],
            bars!.AsArray().Select(n => n!.GetValue<string>()));

        // The worst pairs: pairs.csv's first 20 rows.
        var worst = File.ReadAllLines(Path.Combine(pages.Dir("sam-concept"), "pairs.csv")).Skip(1).Take(20).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(worst, await RowNames(page, "worst", "td"));
        Assert.Empty(page.Errors());
    }

    [ChromiumFact]
    public async Task ClassTable_SortsByAnyColumn_AndHoveringAClassHighlightsItInEveryFigure()
    {
        var (page, json) = await OpenClean("coco", "report.html");
        var categories = json["categories"]!.AsArray().Select(c => (Name: c!["name"]!.GetValue<string>(), AP: c["AP"]!.GetValue<double>(), Dt: c["numDt"]!.GetValue<int>())).ToList();
        await page.EvaluateAsync("document.querySelectorAll('#classes-table th')[2].click()");
        Assert.Equal([.. categories.OrderByDescending(c => c.AP).Select(c => c.Name)], await RowNames(page, "classes"));
        await page.EvaluateAsync("document.querySelectorAll('#classes-table th')[2].click()");
        Assert.Equal([.. categories.OrderBy(c => c.AP).Select(c => c.Name)], await RowNames(page, "classes"));
        await page.EvaluateAsync("document.querySelectorAll('#classes-table th')[0].click()");
        Assert.Equal([.. categories.Select(c => c.Name).Order(StringComparer.Ordinal)], await RowNames(page, "classes"));

        var highlight = await page.EvaluateAsync("""
            (() => {
              const row = document.querySelector('#classes-table tbody tr[data-k="1"]');
              row.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
              return {
                lines: Array.from(document.querySelectorAll('polyline.hl')).map(p => p.closest('figure').dataset.figure + ':' + p.dataset.k),
                names: Array.from(document.querySelectorAll('figcaption .hl-name')).map(s => s.textContent).filter(t => t.length > 0).length,
                row: row.classList.contains('hl'),
              };
            })()
            """);
        Assert.Equal(["pr-f1iou:1", "pr-all:1", "confidence-f1:1", "confidence-precision:1", "confidence-recall:1"], highlight!["lines"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(5, highlight["names"]!.GetValue<int>());
        Assert.True(highlight["row"]!.GetValue<bool>());
        Assert.Empty(page.Errors());
    }

    [ChromiumFact]
    public async Task NamesFromInputFiles_AreShownAsText_NeverRunAsMarkup()
    {
        var (page, _) = await OpenClean("hostile", "report.html");
        Assert.Equal(ReportPagesFixture.HostileNames, await RowNames(page, "classes"));
        var elements = await page.EvaluateAsync("[document.querySelectorAll('img').length, document.scripts.length, document.querySelectorAll('#classes-table tbody tr').length, Array.from(document.querySelectorAll('#worst-table tbody tr')).map(r => r.cells[0].textContent)]");
        Assert.Equal(0, elements![0]!.GetValue<int>());
        Assert.Equal(1, elements[1]!.GetValue<int>());
        Assert.Equal(2, elements[2]!.GetValue<int>());
        Assert.Equal(["<b>one</b>.jpg", "two&<i>.jpg"], elements[3]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Opens a page and checks it loaded with no error and no request but its own file; returns it and its JSON report.</summary>
    private async Task<(BrowserPage Page, JsonNode Json)> OpenClean(string dir, string file, string json = "report.json")
    {
        string path = Path.Combine(pages.Dir(dir), file);
        string url = new Uri(path).AbsoluteUri;
        var page = await Browser.OpenAsync(url);
        Assert.Empty(page.Errors());
        Assert.Equal([url], page.Requests());
        return (page, JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(pages.Dir(dir), json)))!);
    }

    /// <summary>
    /// Every headline tile that names its place in a JSON report shows that number (its data-value equal to the last
    /// bit, its text the number to three decimals, "–" for null or -1) and its interval; returns how many there are.
    /// </summary>
    private async Task<int> AssertHeadlineEqualsJson(BrowserPage page, string dir)
    {
        var tiles = await page.EvaluateAsync("""
            Array.from(document.querySelectorAll('.metrics')).flatMap(g => Array.from(g.querySelectorAll('.metric[data-json]')).map(m => ({
              file: g.dataset.jsonFile, path: m.dataset.json, value: m.dataset.value, shown: m.querySelector('.value').textContent,
              low: m.querySelector('.ci') ? m.querySelector('.ci').dataset.low : null,
              high: m.querySelector('.ci') ? m.querySelector('.ci').dataset.high : null })))
            """);
        var files = new Dictionary<string, JsonNode>();
        int count = 0;
        foreach (var tile in tiles!.AsArray())
        {
            string file = tile!["file"]!.GetValue<string>(), path = tile["path"]!.GetValue<string>();
            if (!files.TryGetValue(file, out var json))
            {
                files[file] = json = JsonNode.Parse(await File.ReadAllBytesAsync(Path.Combine(pages.Dir(dir), file)))!;
            }

            var expected = Resolve(json, path, out bool found);
            Assert.True(found, $"{file} has no {path}");
            double value = double.Parse(tile["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            string shown = tile["shown"]!.GetValue<string>();
            if (expected is null)
            {
                Assert.True(double.IsNaN(value), $"{path}: {value}, {file} has null");
                Assert.Equal("–", shown);
            }
            else
            {
                double number = expected.GetValue<double>();
                Assert.True(number.Equals(value), $"{path}: the page has {R(value)}, {file} {R(number)}");
                // Shown to three decimals (counts whole), "–" for COCO's -1.
                if (number == -1)
                {
                    Assert.Equal("–", shown);
                }
                else
                {
                    double text = double.Parse(shown, NumberStyles.Float, CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(text - number) <= 0.0005 + 1e-12, $"{path}: shown {shown}, {file} has {R(number)}");
                }
            }

            if (tile["low"] is JsonNode low)
            {
                // COCO: intervals/NAME beside stats/NAME; a comparison: stats/NAME/interval beside stats/NAME/difference.
                string intervalPath = path.StartsWith("stats/", StringComparison.Ordinal) && path.Count(c => c == '/') == 1
                    ? "intervals/" + path["stats/".Length..]
                    : path[..path.LastIndexOf('/')] + "/interval";
                var interval = Resolve(json, intervalPath, out bool has)!.AsArray();
                Assert.True(has, $"{file} has no {intervalPath}");
                Assert.Equal(interval[0]!.GetValue<double>(), double.Parse(low.GetValue<string>(), CultureInfo.InvariantCulture));
                Assert.Equal(interval[1]!.GetValue<double>(), double.Parse(tile["high"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            }

            count++;
        }

        return count;
    }

    /// <summary>Every figure has a visible SVG with something drawn in it (a line of two points or more, a cell, a bar); returns their ids in page order.</summary>
    private static async Task<List<string>> AssertFiguresDrawn(BrowserPage page)
    {
        var figures = await page.EvaluateAsync("""
            Array.from(document.querySelectorAll('figure')).map(f => {
              const svg = f.querySelector('svg');
              const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
              const lines = svg ? Array.from(svg.querySelectorAll('polyline')).filter(p => p.points.numberOfItems >= 2).length : 0;
              const marks = svg ? svg.querySelectorAll('rect.cell, rect.bar').length : 0;
              return { id: f.dataset.figure, width: box.width, height: box.height, drawn: lines + marks };
            })
            """);
        var ids = new List<string>();
        foreach (var f in figures!.AsArray())
        {
            string id = f!["id"]!.GetValue<string>();
            Assert.True(f["width"]!.GetValue<double>() > 100 && f["height"]!.GetValue<double>() > 40, $"figure {id} is {f["width"]} x {f["height"]}");
            Assert.True(f["drawn"]!.GetValue<int>() > 0, $"figure {id} draws nothing");
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>The class names of a table's rows in their current order (or the first cells' text).</summary>
    /// <summary>The values of the header's inputs list, in order.</summary>
    private static async Task<List<string>> Inputs(BrowserPage page) =>
        [.. (await page.EvaluateAsync("Array.from(document.querySelectorAll('dl.inputs dd')).map(d => d.textContent)"))!.AsArray().Select(n => n!.GetValue<string>())];

    private static async Task<List<string>> RowNames(BrowserPage page, string section, string what = "name")
    {
        string pick = what == "name" ? "r.dataset.name" : "r.cells[0].textContent";
        var names = await page.EvaluateAsync($"Array.from(document.querySelectorAll('#{section}-table tbody tr')).map(r => {pick})");
        return [.. names!.AsArray().Select(n => n!.GetValue<string>())];
    }

    private static JsonNode? Resolve(JsonNode json, string path, out bool found)
    {
        JsonNode? node = json;
        foreach (string key in path.Split('/'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(key, out node))
            {
                found = false;
                return null;
            }
        }

        found = true;
        return node;
    }
}
