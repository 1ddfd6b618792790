// ChannelFileTests.cs: Lwt_io's file functions on real files in a temp folder that each test
// removes: OpenFile/WithFile (Lwt test_lwt_io_non_block.ml "create file"/"read file"), FileLength
// ("file_length on directory"), LinesOfFile/LinesToFile, CharsOfFile/CharsToFile, temp files
// ("open_temp_file", "with_temp_filename", "with_temp_filename close handle"), temp directories
// ("create_temp_dir", "with_temp_dir"), DeleteRecursively, and bad arguments.

using System;
using System.IO;
using System.Linq;
using System.Text;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public sealed class ChannelFileTests
{
    private sealed class DummyException : Exception
    {
    }

    [Fact]
    public void OpenFile_writes_then_reads_a_file() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["test_file"];
            OutputChannel oc = await OutputChannel.OpenFile(path);
            await oc.Write("abcd\nefgh");
            await oc.Close();
            Assert.Equal("abcd\nefgh", File.ReadAllText(path));

            InputChannel ic = await InputChannel.OpenFile(path, bufferSize: 16);
            Assert.Equal(16, ic.BufferSize);
            Assert.Equal(9, await ic.Length());
            Assert.Equal("abcd\nefgh", await ic.ReadAll());
            await ic.Close();
        });

    [Fact]
    public void OpenFile_output_truncates_by_default_and_appends_with_flags() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["f"];
            File.WriteAllText(path, "old contents");
            await OutputChannel.WithFile(path, oc => oc.Write("new").Map(() => 0));
            Assert.Equal("new", File.ReadAllText(path));
            await OutputChannel.WithFile(path, oc => oc.Write("+more").Map(() => 0), OpenFlags.WriteOnly | OpenFlags.Append);
            Assert.Equal("new+more", File.ReadAllText(path));
        });

    [Fact]
    public void OpenFile_uses_the_permissions_for_a_new_file() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["private"];
            await OutputChannel.WithFile(path, _ => Promise.Return(0), permissions: UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, (await LwtUnix.Stat(path)).Permissions);
        });

    [Fact]
    public void An_input_channel_that_creates_its_file_gives_it_no_permissions_by_default() =>
        TempFolder.Run(async dir =>
        {
            // Lwt's open_file: perm defaults to 0 for ~mode:input and 0o666 for ~mode:output.
            string path = dir["created"];
            await InputChannel.WithFile(path, _ => Promise.Return(0), OpenFlags.ReadOnly | OpenFlags.Create | OpenFlags.NonBlocking);
            Assert.Equal(UnixFileMode.None, (await LwtUnix.Stat(path)).Permissions);
        });

    [Fact]
    public void OpenFile_on_a_missing_file_rejects_with_ENOENT() =>
        TempFolder.Run(async dir =>
        {
            await Rejection.Unix(InputChannel.OpenFile(dir["missing"]), 2, "open");
            await Rejection.Unix(InputChannel.WithFile(dir["missing"], _ => Promise.Return(0)), 2, "open");
        });

    [Fact]
    public void WithFile_closes_the_channel_when_f_fulfills_or_fails() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["f"];
            File.WriteAllText(path, "line1\nline2\n");
            InputChannel? seen = null;
            string line = await InputChannel.WithFile(path, ic =>
            {
                seen = ic;
                return ic.ReadLine();
            });
            Assert.Equal("line1", line);
            Assert.True(seen!.IsClosed);

            await Rejection.Of<DummyException>(InputChannel.WithFile<int>(path, ic =>
            {
                seen = ic;
                return Promise.Fail<int>(new DummyException());
            }));
            Assert.True(seen.IsClosed);

            await Rejection.Of<DummyException>(OutputChannel.WithFile<int>(path, oc =>
            {
                throw new DummyException();
            }));
        });

    [Fact]
    public void WithFile_flushes_what_f_wrote_even_when_f_fails() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["f"];
            await Rejection.Of<DummyException>(OutputChannel.WithFile(path, async oc =>
            {
                await oc.Write("kept");
                throw new DummyException();
#pragma warning disable CS0162
                return 0;
#pragma warning restore CS0162
            }));
            Assert.Equal("kept", File.ReadAllText(path));
        });

    [Fact]
    public void WithFile_lets_f_close_the_channel_itself() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["f"];
            await OutputChannel.WithFile(path, async oc =>
            {
                await oc.Write("x");
                await oc.Close();
                return 0;
            });
            Assert.Equal("x", File.ReadAllText(path));
        });

    [Fact]
    public void Canceling_WithFile_or_WithTempFile_while_f_waits_still_cleans_up() =>
        TempFolder.Run(async dir =>
        {
            OutputChannel? seen = null;
            Promise<int> result = OutputChannel.WithFile(dir["f"], oc =>
            {
                seen = oc;
                _ = oc.Write("buffered"); // fits in the buffer: the close must flush it
                return Promise.Cancelable<int>().Promise; // Lwt.task: cancelable
            });
            while (seen is null)
            {
                await Time.Sleep(TimeSpan.FromMilliseconds(5));
            }

            result.Cancel();
            await Rejection.Of<CanceledException>(result);
            Assert.True(seen.IsClosed);
            Assert.Equal("buffered", File.ReadAllText(dir["f"]));

            string? temp = null;
            Promise<int> withTemp = OutputChannel.WithTempFile((path, _) =>
            {
                temp = path;
                return Promise.Cancelable<int>().Promise; // Lwt.task: cancelable
            }, dir.Path);
            while (temp is null)
            {
                await Time.Sleep(TimeSpan.FromMilliseconds(5));
            }

            Assert.True(File.Exists(temp));
            withTemp.Cancel();
            await Rejection.Of<CanceledException>(withTemp);
            Assert.False(File.Exists(temp));
        });

    [Fact]
    public void FileLength_gives_the_size_of_a_file() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllBytes(dir["f"], new byte[12345]);
            Assert.Equal(12345, await Channel.FileLength(dir["f"]));
            File.WriteAllBytes(dir["empty"], Array.Empty<byte>());
            Assert.Equal(0, await Channel.FileLength(dir["empty"]));
            await Rejection.Unix(Channel.FileLength(dir["missing"]), 2, "stat");
        });

    [Fact]
    public void FileLength_opens_the_file_and_seeks_to_its_end_so_a_fifo_rejects_with_ESPIPE() =>
        TempFolder.Run(async dir =>
        {
            // Lwt's file_length is stat (for EISDIR), then with_file ~mode:input and length.
            await LwtUnix.Mkfifo(dir["fifo"], UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await Rejection.Unix(Channel.FileLength(dir["fifo"]), 29, "lseek");
            Assert.Equal(0, await Channel.FileLength("/dev/null"));
        });

    [Fact]
    public void FileLength_on_a_directory_rejects_with_EISDIR_naming_it() =>
        TempFolder.Run(async dir =>
        {
            UnixException e = await Rejection.Unix(Channel.FileLength(dir.Path), 21, "file_length");
            Assert.Equal(dir.Path, e.Argument);
        });

    [Fact]
    public void LinesToFile_then_LinesOfFile_round_trip() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["lines"];
            string[] lines = { "first", string.Empty, "third ü" };
            await OutputChannel.LinesToFile(path, Stream.OfArray(lines));
            Assert.Equal("first\n\nthird ü\n", File.ReadAllText(path, Encoding.UTF8));
            Assert.Equal(lines, (await InputChannel.LinesOfFile(path).ToList()).ToArray());
        });

    [Fact]
    public void LinesOfFile_opens_lazily_and_reports_a_missing_file_on_read() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["later"];
            Stream<string> s = InputChannel.LinesOfFile(path); // nothing opened yet
            File.WriteAllText(path, "a\nb");
            Assert.Equal(new[] { "a", "b" }, (await s.ToList()).ToArray());

            await Rejection.Unix(InputChannel.LinesOfFile(dir["missing"]).ToList(), 2, "open");
        });

    [Fact]
    public void CharsToFile_then_CharsOfFile_round_trip() =>
        TempFolder.Run(async dir =>
        {
            string path = dir["chars"];
            byte[] bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
            await OutputChannel.CharsToFile(path, Stream.OfArray(bytes));
            Assert.Equal(bytes, File.ReadAllBytes(path));
            Assert.Equal(bytes, (await InputChannel.CharsOfFile(path).ToList()).ToArray());
            File.WriteAllBytes(dir["empty"], Array.Empty<byte>());
            Assert.Empty(await InputChannel.CharsOfFile(dir["empty"]).ToList());
        });

    [Fact]
    public void OpenTempFile_creates_a_new_file_in_the_directory() =>
        TempFolder.Run(async dir =>
        {
            (string path, OutputChannel oc) = await OutputChannel.OpenTempFile(dir.Path, "pre_", ".txt");
            await oc.Write("test file content");
            await oc.Close();
            Assert.Equal(dir.Path, Path.GetDirectoryName(path));
            string name = Path.GetFileName(path);
            Assert.StartsWith("pre_", name, StringComparison.Ordinal);
            Assert.EndsWith(".txt", name, StringComparison.Ordinal);
            Assert.Equal("test file content", File.ReadAllText(path));
            File.Delete(path);
        });

    [Fact]
    public void OpenTempFile_defaults_to_the_system_temp_folder() =>
        TempFolder.Run(async dir =>
        {
            (string path, OutputChannel oc) = await OutputChannel.OpenTempFile();
            try
            {
                await oc.Close();
                Assert.StartsWith("lwt_io_temp_file_", Path.GetFileName(path), StringComparison.Ordinal);
                Assert.True(File.Exists(path));
            }
            finally
            {
                File.Delete(path);
            }
        });

    [Fact]
    public void OpenTempFile_in_a_missing_directory_rejects_after_its_retries() =>
        TempFolder.Run(async dir =>
        {
            await Rejection.Unix(OutputChannel.OpenTempFile(dir["missing"]), 2, "open");
            await Rejection.Unix(Channel.CreateTempDirectory(dir["missing"]), 2, "mkdir");
        });

    [Fact]
    public void WithTempFile_deletes_the_file_when_f_fulfills_or_fails() =>
        TempFolder.Run(async dir =>
        {
            string? seen = null;
            await OutputChannel.WithTempFile(async (path, oc) =>
            {
                seen = path;
                await oc.Write("test file content");
                await oc.Flush();
                Assert.Equal("test file content", File.ReadAllText(path));
                return 0;
            }, dir.Path, "test_tempfile");
            Assert.False(File.Exists(seen));

            await Rejection.Of<DummyException>(OutputChannel.WithTempFile<int>((path, _) =>
            {
                seen = path;
                return Promise.Fail<int>(new DummyException());
            }, dir.Path));
            Assert.False(File.Exists(seen));
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        });

    [Fact]
    public void WithTempFile_lets_f_close_the_channel_itself() =>
        TempFolder.Run(async dir =>
        {
            await OutputChannel.WithTempFile(async (_, oc) =>
            {
                await oc.Write("test file content");
                await oc.Close();
                return 0;
            }, dir.Path);
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        });

    [Fact]
    public void CreateTempDirectory_makes_a_directory_with_prefix_and_suffix() =>
        TempFolder.Run(async dir =>
        {
            string path = await Channel.CreateTempDirectory(dir.Path, "temp_dir", "_foo");
            string name = Path.GetFileName(path);
            Assert.StartsWith("temp_dir", name, StringComparison.Ordinal);
            Assert.EndsWith("_foo", name, StringComparison.Ordinal);
            Assert.True(Directory.Exists(path));
            FileStatus status = await LwtUnix.Stat(path);
            Assert.Equal(FileKind.Directory, status.Kind);
            Assert.Equal((UnixFileMode)0x1C0, status.Permissions & (UnixFileMode)0x1C0); // 0755 minus the umask keeps rwx for the user
            Assert.Equal((UnixFileMode)0, status.Permissions & (UnixFileMode)0x12); // and never gives group/other write
            await LwtUnix.Rmdir(path);
        });

    [Fact]
    public void WithTempDirectory_removes_the_directory_and_its_contents() =>
        TempFolder.Run(async dir =>
        {
            string? seen = null;
            await Channel.WithTempDirectory(path =>
            {
                seen = path;
                Assert.True(Directory.Exists(path));
                File.WriteAllText(Path.Combine(path, "foo"), string.Empty);
                File.WriteAllText(Path.Combine(path, "bar"), string.Empty);
                Assert.Equal(2, Directory.GetFileSystemEntries(path).Length);
                return Promise.Return(0);
            }, dir.Path, "temp_dir");
            Assert.False(Directory.Exists(seen));

            await Rejection.Of<DummyException>(Channel.WithTempDirectory<int>(path =>
            {
                seen = path;
                throw new DummyException();
            }, dir.Path));
            Assert.False(Directory.Exists(seen));
        });

    [Fact]
    public void DeleteRecursively_removes_a_tree_without_following_links() =>
        TempFolder.Run(async dir =>
        {
            string outside = dir["outside"];
            Directory.CreateDirectory(outside);
            File.WriteAllText(Path.Combine(outside, "keep"), "k");
            string root = dir["root"];
            Directory.CreateDirectory(Path.Combine(root, "a", "b", "c"));
            File.WriteAllText(Path.Combine(root, "a", "b", "c", "deep"), "d");
            File.WriteAllText(Path.Combine(root, "top"), "t");
            Directory.CreateDirectory(Path.Combine(root, "empty"));
            File.CreateSymbolicLink(Path.Combine(root, "link"), outside);

            await Channel.DeleteRecursively(root);
            Assert.False(Directory.Exists(root));
            Assert.True(File.Exists(Path.Combine(outside, "keep")));

            await Rejection.Unix(Channel.DeleteRecursively(dir["missing"]), 2, "opendir");
        });

    [Fact]
    public void Bad_paths_throw_ArgumentException() =>
        LoopThread.Run(() =>
        {
            Assert.ThrowsAny<ArgumentException>(() => InputChannel.OpenFile(null!));
            Assert.ThrowsAny<ArgumentException>(() => InputChannel.OpenFile(string.Empty));
            Assert.ThrowsAny<ArgumentException>(() => OutputChannel.OpenFile(string.Empty));
            Assert.ThrowsAny<ArgumentException>(() => InputChannel.WithFile(string.Empty, _ => Promise.Return(0)));
            Assert.ThrowsAny<ArgumentException>(() => OutputChannel.WithFile(null!, _ => Promise.Return(0)));
            Assert.Throws<ArgumentNullException>(() => InputChannel.WithFile<int>("x", null!));
            Assert.ThrowsAny<ArgumentException>(() => Channel.FileLength(string.Empty));
            Assert.ThrowsAny<ArgumentException>(() => InputChannel.LinesOfFile(null!));
            Assert.ThrowsAny<ArgumentException>(() => InputChannel.CharsOfFile(string.Empty));
            Assert.ThrowsAny<ArgumentException>(() => OutputChannel.LinesToFile(string.Empty, Stream.OfArray(new[] { "a" })));
            Assert.Throws<ArgumentNullException>(() => OutputChannel.LinesToFile("x", null!));
            Assert.ThrowsAny<ArgumentException>(() => OutputChannel.CharsToFile(null!, Stream.OfArray(new byte[] { 1 })));
            Assert.ThrowsAny<ArgumentException>(() => OutputChannel.OpenTempFile(string.Empty));
            Assert.ThrowsAny<ArgumentException>(() => Channel.CreateTempDirectory(string.Empty));
            Assert.ThrowsAny<ArgumentException>(() => Channel.DeleteRecursively(string.Empty));
            Assert.ThrowsAny<ArgumentOutOfRangeException>(() => InputChannel.OpenFile("x", bufferSize: 1));
        });
}
