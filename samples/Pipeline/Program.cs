// samples/Pipeline: `seq 1 100000 | grep 7 | wc -l`, with this program as the pipes. The lines of
// `seq` stream through our channels into `grep`, and grep's output streams back and is counted,
// both at once on one loop thread. Usage: dotnet run --project samples/Pipeline [-- N PATTERN]

using System;
using System.Globalization;
using Lwt;
using Lwt.Process;
using Lwt.Unix;

int last = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
string pattern = args.Length > 1 ? args[1] : "7";

(int Count, string? First, string? Last, ProcessStatus Seq, ProcessStatus Grep) result = Main.Run(() => Pipeline(last, pattern));
Console.WriteLine($"seq 1 {last} | grep {pattern}: {result.Count} lines (first {result.First}, last {result.Last})");
Console.WriteLine($"seq: {result.Seq}, grep: {result.Grep}");
return result.Seq.IsSuccess && result.Grep.Kind == ProcessStatusKind.Exited && result.Grep.Code <= 1 ? 0 : 1;

static async Promise<(int, string?, string?, ProcessStatus, ProcessStatus)> Pipeline(int last, string pattern)
{
    await using ProcessIn seq = LwtProcess.OpenProcessIn(Command.Of("seq", "1", last.ToString(CultureInfo.InvariantCulture)));
    await using ProcessInOut grep = LwtProcess.OpenProcess(Command.Of("grep", pattern));

    // Feed grep while reading it: neither side waits for the other to finish.
    Promise feeding = grep.Stdin.WriteLines(seq.Stdout.ReadLines()).Finalize(() => grep.Stdin.Close());

    int count = 0;
    string? first = null;
    string? lastLine = null;
    await grep.Stdout.ReadLines().Iter(line =>
    {
        count++;
        first ??= line;
        lastLine = line;
    });
    await feeding;
    return (count, first, lastLine, await seq.Close(), await grep.Close());
}
