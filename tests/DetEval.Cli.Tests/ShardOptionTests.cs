namespace DetEval.Cli.Tests;

/// <summary><c>--shard I/N</c> and <c>--shard auto/N</c> (SLURM_ARRAY_TASK_ID, then JOB_COMPLETION_INDEX).</summary>
public sealed class ShardOptionTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData("6/7", 6, 7)]
    public void TryParse_IndexOfCount_IsThatShard(string text, int index, int count)
    {
        Assert.True(ShardOption.TryParse(text, _ => null, out var shard, out string error), error);
        Assert.Equal(new Shard(index, count), shard);
    }

    [Fact]
    public void TryParse_Auto_TakesTheSlurmArrayTaskIdFirst()
    {
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "2", ["JOB_COMPLETION_INDEX"] = "1" };
        Assert.True(ShardOption.TryParse("auto/4", env.GetValueOrDefault, out var shard, out _));
        Assert.Equal(new Shard(2, 4), shard);
    }

    [Fact]
    public void TryParse_Auto_TakesTheJobCompletionIndexOfAKubernetesIndexedJob()
    {
        var env = new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "1" };
        Assert.True(ShardOption.TryParse("auto/4", env.GetValueOrDefault, out var shard, out _));
        Assert.Equal(new Shard(1, 4), shard);
    }

    [Fact]
    public void TryParse_AutoWithoutEitherVariable_NamesBoth()
    {
        Assert.False(ShardOption.TryParse("auto/4", _ => null, out _, out string error));
        Assert.Equal("auto/4: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set", error);
    }

    [Theory]
    [InlineData("SLURM_ARRAY_TASK_ID", "4")]
    [InlineData("SLURM_ARRAY_TASK_ID", "-1")]
    [InlineData("JOB_COMPLETION_INDEX", "x")]
    public void TryParse_AutoOutOfRange_NamesTheVariableAndItsValue(string variable, string value)
    {
        var env = new Dictionary<string, string> { [variable] = value };
        Assert.False(ShardOption.TryParse("auto/4", env.GetValueOrDefault, out _, out string error));
        Assert.StartsWith($"{variable}={value}: not a shard index of auto/4 (expected 0 to 3", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("1/0")]
    [InlineData("+1/4")]
    [InlineData(" 1/4")]
    [InlineData("1")]
    [InlineData("auto")]
    [InlineData("1/4/5")]
    public void TryParse_NotAShard_SaysWhatIsExpected(string text)
    {
        Assert.False(ShardOption.TryParse(text, _ => "0", out _, out string error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommandLine_GivesTheSettingsTheShard()
    {
        var parse = Program.BuildRoot().Parse(["coco", "--gt", "g.json", "--dt", "d.json", "--shard", "2/5"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(new Shard(2, 5), Cli.Commands.CocoCommand.Parse(parse).Shard);
    }
}
