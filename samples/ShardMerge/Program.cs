// Bring your own transport: N workers (MPI ranks, a training job's data-parallel processes) each evaluate their
// shard of the images, turn their state into bytes, and one of them merges the byte arrays it received (an
// all-gather, files, a socket) into the report of the whole, bit-identical to one process on everything.
// Run from the repository root:
//   dotnet run -c Release --project samples/ShardMerge [-- testdata/reference/small 4]
using System.Globalization;
using DetEval;

string dataDir = args.Length > 0 ? args[0] : Path.Combine("testdata", "reference", "small");
int workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;

// Every worker reads the same ground truth and results (or gets its own images from its data loader).
var dataset = CocoReader.ReadGroundTruth(Path.Combine(dataDir, "gt.json"));
var results = CocoReader.ReadResults(Path.Combine(dataDir, "dt_bbox.json"), dataset);
var options = CocoOptions.Coco(IouType.Bbox);

// Worker `rank` evaluates shard rank of N (Shard.Select keeps the images whose id hashes to it) and sends bytes.
byte[] Work(int rank)
{
    var shard = new Shard(rank, workers);
    var evaluator = new CocoEvaluator(options, dataset.Categories);
    evaluator.Update(shard.Select(dataset), shard.Select(results));
    return evaluator.Snapshot().WithShard(shard).ToArray();
}

byte[][] received = [.. Enumerable.Range(0, workers).AsParallel().AsOrdered().Select(Work)];

// The receiving side: bytes -> states (each checked: magic, version, CRC-64, options) -> one evaluator -> result.
// The same three lines serve every protocol: MergeBytes<VocEvaluator, VocEvaluationState, VocResult>, and so on.
var merged = MergeBytes<CocoEvaluator, CocoEvaluationState, CocoResult>(received, workers);

// The same evaluation in one process.
var whole = new CocoEvaluator(options, dataset.Categories);
whole.Update(dataset, results);
var single = whole.Compute();

for (int rank = 0; rank < workers; rank++)
{
    var state = EvaluationState.FromBytes(received[rank], $"worker {rank}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{state.Source}: shard {state.Shard}, {state.ImageCount} images, {received[rank].Length} bytes"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged: mAP@[.50:.95] = {merged.Stats.AP:R}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"single: mAP@[.50:.95] = {single.Stats.AP:R}"));
bool same = merged.Stats.ToArray().Select(BitConverter.DoubleToInt64Bits).SequenceEqual(single.Stats.ToArray().Select(BitConverter.DoubleToInt64Bits));
Console.WriteLine(same ? "merged == single process, bit for bit" : "MISMATCH between merged and single process");
return same ? 0 : 1;

// Merges states received as bytes into one result, refusing a missing or duplicated shard of N.
static TResult MergeBytes<TEvaluator, TState, TResult>(IReadOnlyList<byte[]> received, int shards)
    where TEvaluator : class, IEvaluator<TEvaluator, TState, TResult>
    where TState : EvaluationState
    where TResult : class
{
    var states = received.Select((bytes, rank) => EvaluationState.FromBytes(bytes, $"worker {rank}")).Cast<TState>().ToArray();
    var indices = states.Select(s => s.Shard?.Index ?? -1).Order().ToArray();
    if (!indices.SequenceEqual(Enumerable.Range(0, shards)))
    {
        throw new InvalidOperationException($"expected shards 0..{shards - 1} once each, got {string.Join(", ", indices)}");
    }

    // FromStates merges exactly (an image in two states is refused) and checks options and dataset.
    return TEvaluator.FromStates(states).Compute();
}
