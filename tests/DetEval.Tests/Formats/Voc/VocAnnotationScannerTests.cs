using System.Text;
using DetEval.Formats.Voc;

namespace DetEval.Tests.Formats.Voc;

/// <summary>
/// The annotation fast path against the XML reader it stands in for: whenever <see cref="VocAnnotationScanner"/> gives an
/// annotation, <see cref="VocReader.ParseAnnotation"/> gives the same one, bit for bit; everything else is left to it.
/// </summary>
public sealed class VocAnnotationScannerTests
{
    private const string Object = "<object><name>cat</name><difficult>0</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object>";

    public static TheoryData<string> ValidFiles()
    {
        var files = new TheoryData<string>();
        foreach (string dir in new[] { TestData.Path("reference", "small", "voc", "Annotations"), TestData.Path("bad", "companions", "voc", "Annotations") })
        {
            foreach (string file in Directory.GetFiles(dir, "*.xml").Order(StringComparer.Ordinal))
            {
                files.Add(Path.GetRelativePath(TestData.Path(), file));
            }
        }

        return files;
    }

    public static TheoryData<string> BadFiles() =>
        [.. Directory.GetFiles(TestData.Path("bad", "voc", "Annotations"), "*.xml").Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(TestData.Path(), f))];

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Scan_TestdataAnnotation_EqualsXmlReader(string file)
    {
        byte[] data = File.ReadAllBytes(TestData.Path(file));
        foreach (var convention in new[] { PixelConvention.Inclusive, PixelConvention.Continuous })
        {
            var scanned = VocAnnotationScanner.TryRead(data, convention);
            Assert.NotNull(scanned);
            AssertSame(VocReader.ParseAnnotation(data, file, convention), scanned);
        }
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Scan_BadCaseAnnotation_AgreesWithXmlReader(string file)
    {
        string path = TestData.Path(file);
        byte[] data = File.ReadAllBytes(path);
        var scanned = VocAnnotationScanner.TryRead(data, PixelConvention.Inclusive);
        VocReader.VocAnnotation expected;
        try
        {
            expected = VocReader.ReadAnnotation(path, PixelConvention.Inclusive);
        }
        catch (DetEvalInputException e)
        {
            // A bad file is left to the XML reader, so the file reader reports exactly what it reports.
            Assert.Null(scanned);
            var actual = Assert.Throws<DetEvalInputException>(() => VocReader.ReadAnnotationFile(path, PixelConvention.Inclusive));
            Assert.Equal(e.Message, actual.Message);
            return;
        }

        // The folder's valid companions (the image of the duplicate-list case).
        AssertSame(expected, scanned);
    }

    [Fact]
    public void ReadAnnotationFile_MissingFile_IsNotFound()
    {
        string path = Path.Combine(Path.GetTempPath(), "deteval-missing-" + Guid.NewGuid().ToString("N"), "a.xml");
        var e = Assert.Throws<DetEvalInputException>(() => VocReader.ReadAnnotationFile(path, PixelConvention.Inclusive));
        Assert.Contains("a.xml: file not found", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<annotation>" + Object + "</annotation>")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?>\n<annotation>" + Object + "</annotation>\n")]
    [InlineData("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\r\n<annotation >\r\n" + Object + "\r\n</annotation >\r\n")]
    [InlineData("<!-- a comment --><annotation><!-- another --><size><width> 640.7 </width><height>+480</height></size>" + Object + "</annotation><!-- after -->\n")]
    [InlineData("<annotation><size/><object><name> traffic light </name><truncated>true</truncated><difficult>difficult</difficult><bndbox><xmin>1e1</xmin><ymin>-0</ymin><xmax>.5e2</xmax><ymax>40.</ymax></bndbox></object></annotation>")]
    [InlineData("<annotation><size><width>1</width><width>2</width></size><size><height>9</height></size>" + Object + "</annotation>")]
    [InlineData("<annotation><object><name>cat</name><name>dog</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax><xmin>x</xmin></bndbox><bndbox/></object></annotation>")]
    [InlineData("<annotation><folder><object><name/></object></folder>" + Object + "text > here" + Object + "</annotation>")]
    [InlineData("<annotation><object><part><name>hand</name></part><name>person</name><bndbox><xmin>0</xmin><ymin>0</ymin><xmax>-1</xmax><ymax>-1</ymax></bndbox></object></annotation>")]
    [InlineData("<annotation/>")]
    [InlineData("<annotation><object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox><difficult>00</difficult><truncated> 1 </truncated></object></annotation>")]
    public void Scan_SubsetDocument_EqualsXmlReader(string xml)
    {
        byte[] data = Encoding.UTF8.GetBytes(xml);
        var scanned = VocAnnotationScanner.TryRead(data, PixelConvention.Inclusive);
        Assert.NotNull(scanned);
        AssertSame(VocReader.ParseAnnotation(data, "a.xml", PixelConvention.Inclusive), scanned);
    }

    [Theory]
    [InlineData("<annotation verified=\"yes\">" + Object + "</annotation>")] // attribute
    [InlineData("<annotation xmlns=\"urn:x\">" + Object + "</annotation>")] // namespace
    [InlineData("<v:annotation xmlns:v=\"urn:x\">" + Object + "</v:annotation>")] // prefix
    [InlineData("<annotation><object><name>a&amp;b</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // entity
    [InlineData("<annotation><object><name><![CDATA[cat]]></name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // CDATA
    [InlineData("<annotation><object><name>ca<!-- x -->t</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // comment in a value
    [InlineData("<annotation><object><name><b>cat</b></name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // element in a value
    [InlineData("<annotation><object><name>chat noir \u00e9</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // non-ASCII
    [InlineData("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><annotation>" + Object + "</annotation>")] // other encoding
    [InlineData("<?xml-stylesheet href=\"a\"?><annotation>" + Object + "</annotation>")] // processing instruction
    [InlineData("<annotation><object><name>a\r\nb</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // line break in a name
    public void Scan_OutsideSubset_IsLeftToXmlReader(string xml)
    {
        byte[] data = Encoding.UTF8.GetBytes(xml);
        Assert.Null(VocAnnotationScanner.TryRead(data, PixelConvention.Inclusive));
        // The file is valid: the XML reader reads it (with a default namespace, <object> is another name and none is found).
        Assert.NotNull(VocReader.ParseAnnotation(data, "a.xml", PixelConvention.Inclusive));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<annotation>" + Object)] // truncated
    [InlineData("<annotation>" + Object + "</annotation><annotation/>")] // two roots
    [InlineData("<annotation>" + Object + "</annotation>text")] // text after the root
    [InlineData("text<annotation>" + Object + "</annotation>")] // text before the root
    [InlineData("<annotation>" + Object + "</Annotation>")] // mismatched end tag
    [InlineData("<annotation><object></annotation>")]
    [InlineData("<annotation><!-- a -- b -->" + Object + "</annotation>")] // "--" in a comment
    [InlineData("<annotation><!-- a --->" + Object + "</annotation>")]
    [InlineData("<annotation>]]>" + Object + "</annotation>")] // "]]>" in text
    [InlineData(" <?xml version=\"1.0\"?><annotation>" + Object + "</annotation>")] // declaration not first
    [InlineData("<?xml version=\"1.0\"?><?xml version=\"1.0\"?><annotation>" + Object + "</annotation>")]
    [InlineData("<?xml version=\"1.0\" standalone=\"maybe\"?><annotation>" + Object + "</annotation>")]
    [InlineData("<annotation><1object/>" + Object + "</annotation>")] // bad name
    [InlineData("< annotation>" + Object + "</annotation>")]
    [InlineData("<annotation>\0" + Object + "</annotation>")] // control character
    [InlineData("<foo>" + Object + "</foo>")] // not VOC
    [InlineData("<annotation><object><name>cat</name></object></annotation>")] // no bndbox
    [InlineData("<annotation><object><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // no name
    [InlineData("<annotation><object><name> </name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")] // empty name
    [InlineData("<annotation><object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax></bndbox></object></annotation>")] // no ymax
    [InlineData("<annotation><object><name>a</name><bndbox><xmin>NaN</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")]
    [InlineData("<annotation><object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>1e999</xmax><ymax>2</ymax></bndbox></object></annotation>")]
    [InlineData("<annotation><object><name>a</name><bndbox><xmin>5</xmin><ymin>1</ymin><xmax>3</xmax><ymax>2</ymax></bndbox></object></annotation>")] // inverted
    [InlineData("<annotation><object><name>a</name><difficult>2x</difficult><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")]
    [InlineData("<annotation><object><name>a</name><truncated/><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object></annotation>")]
    [InlineData("<annotation><size><width>-1</width></size></annotation>")]
    [InlineData("<annotation><size><height>3000000000</height></size></annotation>")]
    [InlineData("<annotation><object/></annotation>")]
    public void Scan_BadDocument_IsLeftToXmlReader(string xml)
    {
        byte[] data = Encoding.UTF8.GetBytes(xml);
        Assert.Null(VocAnnotationScanner.TryRead(data, PixelConvention.Inclusive));
        Assert.Throws<DetEvalInputException>(() => VocReader.ParseAnnotation(data, "a.xml", PixelConvention.Inclusive));
    }

    [Fact]
    public void Scan_EveryByteInText_AcceptedOnlyInTheAsciiSubset()
    {
        for (int b = 0; b < 256; b++)
        {
            byte[] data = [.. "<annotation><folder>"u8, (byte)b, .. "</folder>"u8, .. Encoding.UTF8.GetBytes(Object), .. "</annotation>"u8];
            bool subset = (b is '\t' or '\n' or '\r' || (b >= 0x20 && b <= 0x7F)) && b is not ('&' or '<');
            Assert.True(subset == VocAnnotationScanner.TryRead(data, PixelConvention.Inclusive) is not null, $"byte 0x{b:X2}");
        }
    }

    [Fact]
    public void Scan_DeepNesting_IsLeftToXmlReader()
    {
        string xml = "<annotation>" + string.Concat(Enumerable.Repeat("<a>", 100)) + string.Concat(Enumerable.Repeat("</a>", 100)) + Object + "</annotation>";
        byte[] data = Encoding.UTF8.GetBytes(xml);
        Assert.Null(VocAnnotationScanner.TryRead(data, PixelConvention.Inclusive));
        Assert.Single(VocReader.ParseAnnotation(data, "a.xml", PixelConvention.Inclusive).Objects);
    }

    /// <summary>Seeded mutations of real annotations: a scanned result always equals the XML reader's.</summary>
    [Theory]
    [InlineData("000032.xml", 0)]
    [InlineData("000032.xml", 1)]
    [InlineData("000209.xml", 2)]
    public void Scan_MutatedAnnotation_NeverDisagreesWithXmlReader(string file, int seed)
    {
        string[] snippets =
        [
            "<", ">", "/", "</", "/>", "<!--", "-->", "--", "&amp;", "&#65;", "<?xml version=\"1.0\"?>", "<?pi?>", " ", "\r\n", "\r", "\t",
            "<name>", "</name>", "<object>", "</object>", "<bndbox>", "</bndbox>", "<xmin>", "</xmin>", "<size>", "<width>", "</width>",
            "<difficult>", "</difficult>", "<truncated>", "</truncated>", "<annotation>", "</annotation>", "<xmlfoo>", "</xmlfoo>",
            "<xmlns>", "</xmlns>", "-1", "1e999", "NaN", "+", ".", "e", "0x10", "\u00e9", "\0", "\u000b", "]]>", "<![CDATA[x]]>", " a=\"1\"",
            "a:b", "<!DOCTYPE x>", "true", "difficult", "7", "\uFEFF", "'", "\"",
        ];
        byte[] original = File.ReadAllBytes(TestData.Path("reference", "small", "voc", "Annotations", file));
        var rng = new Random(seed);
        int scanned = 0;
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            var bytes = new List<byte>(original);
            int mutations = 1 + rng.Next(3);
            for (int m = 0; m < mutations; m++)
            {
                int at = rng.Next(bytes.Count + 1);
                switch (rng.Next(4))
                {
                    case 0:
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(snippets[rng.Next(snippets.Length)]));
                        break;
                    case 1:
                        bytes.RemoveRange(Math.Min(at, bytes.Count), Math.Min(rng.Next(1, 12), bytes.Count - Math.Min(at, bytes.Count)));
                        break;
                    case 2:
                        if (at < bytes.Count)
                        {
                            bytes[at] = (byte)rng.Next(0x20, 0x7F);
                        }

                        break;
                    default:
                        int from = rng.Next(bytes.Count);
                        bytes.InsertRange(at, bytes.GetRange(from, Math.Min(rng.Next(1, 40), bytes.Count - from)));
                        break;
                }
            }

            byte[] data = [.. bytes];
            var convention = rng.Next(2) == 0 ? PixelConvention.Inclusive : PixelConvention.Continuous;
            var fast = VocAnnotationScanner.TryRead(data, convention);
            if (fast is null)
            {
                continue;
            }

            scanned++;
            VocReader.VocAnnotation reference;
            try
            {
                reference = VocReader.ParseAnnotation(data, file, convention);
            }
            catch (DetEvalInputException e)
            {
                Assert.Fail($"seed {seed}, iteration {iteration}: scanned, but the XML reader says {e.Message}\n{Encoding.UTF8.GetString(data)}");
                return;
            }

            AssertSame(reference, fast);
        }

        // Not vacuous: many mutations stay in the subset (whitespace, values, ignored elements).
        Assert.True(scanned > 100, $"only {scanned} mutated files scanned");
    }

    private static void AssertSame(VocReader.VocAnnotation expected, VocReader.VocAnnotation? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        Assert.Equal(expected.Objects.Count, actual.Objects.Count);
        for (int i = 0; i < expected.Objects.Count; i++)
        {
            var e = expected.Objects[i];
            var a = actual.Objects[i];
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.Difficult, a.Difficult);
            Assert.Equal(e.Truncated, a.Truncated);
            double[] ec = [e.Corners.X1, e.Corners.Y1, e.Corners.X2, e.Corners.Y2];
            double[] ac = [a.Corners.X1, a.Corners.Y1, a.Corners.X2, a.Corners.Y2];
            Assert.Equal(ec.Select(BitConverter.DoubleToInt64Bits), ac.Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
