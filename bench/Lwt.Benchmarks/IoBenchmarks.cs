// IoBenchmarks.cs: the channel workloads under BenchmarkDotNet, each with its .NET baseline.
// Bodies in IoWorkloads.cs, shared with --quick. OperationsPerInvoke makes the reported time and
// allocation per line (read_lines) and per write (write_small).

using BenchmarkDotNet.Attributes;

namespace Lwt.Benchmarks;

/// <summary>read_lines: every line of a 100 MB file, per line.</summary>
[MemoryDiagnoser]
public class ReadLines
{
    /// <summary>Lwt: await foreach over InputChannel.ReadLinesAsync.</summary>
    /// <returns>The line count.</returns>
    [Benchmark(OperationsPerInvoke = IoWorkloads.LinesInFile)]
    public int Lwt() => IoWorkloads.LwtReadLines();

    /// <summary>Lwt: a loop of InputChannel.TryReadLine, a promise per line.</summary>
    /// <returns>The line count.</returns>
    [Benchmark(OperationsPerInvoke = IoWorkloads.LinesInFile)]
    public int LwtTryReadLine() => IoWorkloads.LwtTryReadLineLoop();

    /// <summary>StreamReader.ReadLineAsync.</summary>
    /// <returns>The line count.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = IoWorkloads.LinesInFile)]
    public int StreamReader() => IoWorkloads.StreamReaderReadLines();

    /// <summary>PipeReader + SequenceReader.</summary>
    /// <returns>The line count.</returns>
    [Benchmark(OperationsPerInvoke = IoWorkloads.LinesInFile)]
    public int PipeReader() => IoWorkloads.PipeReaderReadLines();
}

/// <summary>write_small: 10^6 writes of 16 bytes to a file, then flush; per write.</summary>
[MemoryDiagnoser]
public class WriteSmall
{
    /// <summary>Lwt: OutputChannel.WriteFromExactly.</summary>
    /// <returns>1 when the file is right.</returns>
    [Benchmark(OperationsPerInvoke = IoWorkloads.SmallWrites)]
    public int Lwt() => IoWorkloads.LwtWriteSmall();

    /// <summary>BufferedStream.WriteAsync over a FileStream.</summary>
    /// <returns>1 when the file is right.</returns>
    [Benchmark(Baseline = true, OperationsPerInvoke = IoWorkloads.SmallWrites)]
    public int BufferedStream() => IoWorkloads.BufferedStreamWriteSmall();
}
