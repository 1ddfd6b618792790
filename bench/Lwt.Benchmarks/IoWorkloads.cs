// IoWorkloads.cs: the channel workloads of the Lwt_io issue, shared by IoBenchmarks.cs and --quick.
// read_lines reads every line of a 100 MB file (made once in the temp folder, removed at exit);
// write_small writes 10^6 small chunks to a file and flushes. Lines and chunks are ASCII, so
// every implementation decodes and counts the same characters.

using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Tasks;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Benchmarks;

/// <summary>The bodies of read_lines and write_small.</summary>
public static class IoWorkloads
{
    /// <summary>Lines in the read_lines file: 1 to 199 characters each, about 100 MB in all.</summary>
    public const int LinesInFile = 1_000_000;

    /// <summary>Writes per write_small operation.</summary>
    public const int SmallWrites = 1_000_000;

    private static readonly byte[] SmallChunk = "0123456789abcde\n"u8.ToArray();

    private static readonly Lazy<(string Path, long Bytes, long Chars)> LinesFile = new(MakeLinesFile);

    private static readonly Lazy<string> WritePath = new(() => Path.Combine(WorkFolder, "write_small.txt"));

    private static string? s_workFolder;

    /// <summary>Size of the read_lines file in bytes.</summary>
    public static long ReadLinesFileBytes => LinesFile.Value.Bytes;

    /// <summary>Bytes written by one write_small operation.</summary>
    public static long SmallBytes => (long)SmallWrites * SmallChunk.Length;

    private static string WorkFolder
    {
        get
        {
            if (s_workFolder is null)
            {
                s_workFolder = Directory.CreateTempSubdirectory("lwt-bench-").FullName;
                string folder = s_workFolder;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
            }

            return s_workFolder;
        }
    }

    // ---- read_lines: every line of the file, as strings; per line.

    /// <summary>Lwt: InputChannel.OpenFile and `await foreach` over ReadLinesAsync.</summary>
    /// <returns>The number of lines read.</returns>
    public static int LwtReadLines() => Main.Run(static () => LwtReadLinesAsync(LinesFile.Value.Path));

    /// <summary>Lwt: InputChannel.OpenFile and TryReadLine until the end (Lwt's read_line_opt loop: a promise per line).</summary>
    /// <returns>The number of lines read.</returns>
    public static int LwtTryReadLineLoop() => Main.Run(static () => LwtTryReadLineLoopAsync(LinesFile.Value.Path));

    /// <summary>.NET: StreamReader.ReadLineAsync over the file, as a user writes it.</summary>
    /// <returns>The number of lines read.</returns>
    public static int StreamReaderReadLines() => StreamReaderReadLinesAsync(LinesFile.Value.Path).GetAwaiter().GetResult();

    /// <summary>.NET: PipeReader over a FileStream, lines cut with SequenceReader and decoded to strings.</summary>
    /// <returns>The number of lines read.</returns>
    public static int PipeReaderReadLines() => PipeReaderReadLinesAsync(LinesFile.Value.Path).GetAwaiter().GetResult();

    // ---- write_small: SmallWrites writes of 16 bytes to a file, then flush; per write.

    /// <summary>Lwt: OutputChannel.OpenFile, WriteFromExactly per chunk, Flush, Close.</summary>
    /// <returns>1 when the file has the expected length.</returns>
    public static int LwtWriteSmall()
    {
        Main.Run(static () => LwtWriteSmallAsync(WritePath.Value));
        return new FileInfo(WritePath.Value).Length == SmallBytes ? 1 : 0;
    }

    /// <summary>.NET: BufferedStream (4096 bytes, as the channel's buffer) over a FileStream, WriteAsync per chunk, FlushAsync.</summary>
    /// <returns>1 when the file has the expected length.</returns>
    public static int BufferedStreamWriteSmall()
    {
        BufferedStreamWriteSmallAsync(WritePath.Value).GetAwaiter().GetResult();
        return new FileInfo(WritePath.Value).Length == SmallBytes ? 1 : 0;
    }

    private static async Promise<int> LwtReadLinesAsync(string path)
    {
        InputChannel input = await InputChannel.OpenFile(path);
        int lines = 0;
        long chars = 0;
        await foreach (string line in input.ReadLinesAsync())
        {
            lines++;
            chars += line.Length;
        }

        await input.Close();
        return chars == LinesFile.Value.Chars ? lines : -1;
    }

    private static async Promise<int> LwtTryReadLineLoopAsync(string path)
    {
        InputChannel input = await InputChannel.OpenFile(path);
        int lines = 0;
        long chars = 0;
        while (await input.TryReadLine() is string line)
        {
            lines++;
            chars += line.Length;
        }

        await input.Close();
        return chars == LinesFile.Value.Chars ? lines : -1;
    }

    private static async Task<int> StreamReaderReadLinesAsync(string path)
    {
        using var reader = new StreamReader(path);
        int lines = 0;
        long chars = 0;
        while (await reader.ReadLineAsync() is string line)
        {
            lines++;
            chars += line.Length;
        }

        return chars == LinesFile.Value.Chars ? lines : -1;
    }

    private static async Task<int> PipeReaderReadLinesAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
        PipeReader reader = PipeReader.Create(file);
        int lines = 0;
        long chars = 0;
        while (true)
        {
            ReadResult result = await reader.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            var sequence = new SequenceReader<byte>(buffer);
            while (sequence.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                lines++;
                chars += Encoding.UTF8.GetString(line).Length;
            }

            reader.AdvanceTo(sequence.Position, buffer.End);
            if (result.IsCompleted)
            {
                if (!sequence.End)
                {
                    lines++;
                    chars += Encoding.UTF8.GetString(sequence.UnreadSequence).Length;
                }

                break;
            }
        }

        await reader.CompleteAsync();
        return chars == LinesFile.Value.Chars ? lines : -1;
    }

    private static async Promise LwtWriteSmallAsync(string path)
    {
        OutputChannel output = await OutputChannel.OpenFile(path);
        ReadOnlyMemory<byte> chunk = SmallChunk;
        for (int i = 0; i < SmallWrites; i++)
        {
            await output.WriteFromExactly(chunk);
        }

        await output.Flush();
        await output.Close();
    }

    private static async Task BufferedStreamWriteSmallAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        await using var buffered = new BufferedStream(file, 4096);
        ReadOnlyMemory<byte> chunk = SmallChunk;
        for (int i = 0; i < SmallWrites; i++)
        {
            await buffered.WriteAsync(chunk);
        }

        await buffered.FlushAsync();
    }

    /// <summary>LinesInFile lines of 1 to 199 printable ASCII characters (about 100 on average).</summary>
    private static (string Path, long Bytes, long Chars) MakeLinesFile()
    {
        string path = Path.Combine(WorkFolder, "lines.txt");
        var random = new Random(42);
        long chars = 0;
        long written = 0;
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            byte[] line = new byte[201];
            for (int n = 0; n < LinesInFile; n++)
            {
                int length = random.Next(1, 200);
                for (int i = 0; i < length; i++)
                {
                    line[i] = (byte)(' ' + random.Next(95));
                }

                line[length] = (byte)'\n';
                file.Write(line, 0, length + 1);
                written += length + 1;
                chars += length;
            }
        }

        return (path, written, chars);
    }
}
