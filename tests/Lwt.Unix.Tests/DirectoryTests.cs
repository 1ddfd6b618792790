// DirectoryTests.cs: Lwt_unix's directory listing: opendir, readdir, readdir_n, rewinddir,
// closedir, files_of_directory (ports of test_lwt_unix.ml's "readdir" tests), and chdir.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class DirectoryTests
{
    private const int ENOENT = 2;
    private const int EBADF = 9;
    private const int ENOTDIR = 20;

    // Lwt: "readdir: basic"
    [Fact]
    public void Readdir_lists_every_name_with_dot_and_dot_dot() =>
        TempFolder.Run(async dir =>
        {
            string[] expected = Populate(dir, 5);
            DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            List<string> names = await ReadAll(d);
            await LwtUnix.Closedir(d);
            Assert.Equal(7, names.Count);
            Assert.Equal(expected.Order(), names.Order());
        });

    [Fact]
    public void Readdir_at_the_end_rejects_with_EndOfStreamException() =>
        TempFolder.Run(async dir =>
        {
            using DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            await LwtUnix.ReaddirN(d, 10);
            await Rejection.Of<EndOfStreamException>(LwtUnix.Readdir(d));
        });

    // Lwt: "readdir: rewinddir"
    [Fact]
    public void Rewinddir_starts_the_listing_again() =>
        TempFolder.Run(async dir =>
        {
            string[] expected = Populate(dir, 5);
            DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            var first = new List<string> { await LwtUnix.Readdir(d), await LwtUnix.Readdir(d), await LwtUnix.Readdir(d) };
            await LwtUnix.Rewinddir(d);
            List<string> all = await ReadAll(d);
            await LwtUnix.Closedir(d);
            Assert.Subset(expected.ToHashSet(), first.ToHashSet());
            Assert.Equal(expected.Order(), all.Order());
        });

    // Lwt: "readdir: readdir_n"
    [Fact]
    public void ReaddirN_reads_at_most_count_names() =>
        TempFolder.Run(async dir =>
        {
            string[] expected = Populate(dir, 5);
            DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            string[] a = await LwtUnix.ReaddirN(d, 3);
            string[] b = await LwtUnix.ReaddirN(d, 10);
            string[] c = await LwtUnix.ReaddirN(d, 0);
            await LwtUnix.Closedir(d);
            Assert.Equal((3, 4, 0), (a.Length, b.Length, c.Length));
            Assert.Equal(expected.Order(), a.Concat(b).Order());
        });

    // Lwt: "readdir: files_of_directory"
    [Fact]
    public void FilesOfDirectory_streams_every_name() =>
        TempFolder.Run(async dir =>
        {
            string[] expected = Populate(dir, 5);
            List<string> names = await LwtUnix.FilesOfDirectory(dir.Path).ToList();
            Assert.Equal(expected.Order(), names.Order());
        });

    [Fact]
    public void FilesOfDirectory_reads_large_directories_in_chunks() =>
        TempFolder.Run(async dir =>
        {
            string[] expected = Populate(dir, 2500);
            List<string> names = await LwtUnix.FilesOfDirectory(dir.Path).ToList();
            Assert.Equal(expected.Order(), names.Order());
        });

    [Fact]
    public void FilesOfDirectory_of_a_missing_directory_rejects_the_read() =>
        TempFolder.Run(async dir =>
        {
            Stream<string> names = LwtUnix.FilesOfDirectory(dir["missing"]);
            await Rejection.Unix(names.Next(), ENOENT, "opendir");
        });

    // Lwt: "readdir: already closed"
    [Fact]
    public void Calls_on_a_closed_directory_reject_with_EBADF() =>
        TempFolder.Run(async dir =>
        {
            DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            await LwtUnix.Closedir(d);
            Assert.True(d.IsClosed);
            await Rejection.Unix(LwtUnix.Readdir(d), EBADF, "readdir");
            await Rejection.Unix(LwtUnix.ReaddirN(d, 1), EBADF, "readdir_n");
            await Rejection.Unix(LwtUnix.Rewinddir(d), EBADF, "rewinddir");
            await Rejection.Unix(LwtUnix.Closedir(d), EBADF, "closedir");
        });

    [Fact]
    public void Opendir_on_a_missing_path_or_a_file_rejects() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            await Rejection.Unix(LwtUnix.Opendir(dir["missing"]), ENOENT, "opendir");
            await Rejection.Unix(LwtUnix.Opendir(dir["f"]), ENOTDIR, "opendir");
        });

    [Fact]
    public void Closing_while_a_read_runs_keeps_the_listing_valid_until_the_read_ends() =>
        TempFolder.Run(async dir =>
        {
            Populate(dir, 100);
            DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            Promise<string[]> reading = LwtUnix.ReaddirN(d, 1000);
            await LwtUnix.Closedir(d);
            // EBADF if the close came first, else the whole listing; anything else is a failure.
            string[] names = await Promise.Catch(
                () => reading,
                e => e is UnixException { Errno: EBADF } ? Promise.Return(Array.Empty<string>()) : Promise.Fail<string[]>(e));
            Assert.True(names.Length is 0 or 102);
        });

    [Fact]
    public void Directory_bad_arguments_throw_at_once() =>
        TempFolder.Run(async dir =>
        {
            Assert.Throws<ArgumentException>(() => LwtUnix.Opendir(""));
            Assert.Throws<ArgumentNullException>(() => LwtUnix.Readdir(null!));
            Assert.Throws<ArgumentNullException>(() => LwtUnix.Closedir(null!));
            Assert.Throws<ArgumentException>(() => LwtUnix.FilesOfDirectory(""));
            using DirectoryHandle d = await LwtUnix.Opendir(dir.Path);
            Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.ReaddirN(d, -1));
        });

    private static string[] Populate(TempFolder dir, int n)
    {
        var names = new List<string> { ".", ".." };
        for (int i = 0; i < n; i++)
        {
            string name = "file-" + i;
            File.WriteAllText(dir[name], "");
            names.Add(name);
        }

        return names.ToArray();
    }

    private static async Promise<List<string>> ReadAll(DirectoryHandle d)
    {
        var names = new List<string>();
        while (true)
        {
            try
            {
                names.Add(await LwtUnix.Readdir(d));
            }
            catch (EndOfStreamException)
            {
                return names;
            }
        }
    }
}

/// <summary>chdir changes the whole process: alone, in the non-parallel collection.</summary>
[Collection(nameof(LeakTests))]
public class WorkingDirectoryTests
{
    // Lwt: "getcwd and chdir"
    [Fact]
    public void Chdir_changes_what_Getcwd_reports() =>
        LoopThread.Run(() =>
        {
            using var dir = new TempFolder();
            string before = Environment.CurrentDirectory;
            try
            {
                string now = Main.Run(async () =>
                {
                    await LwtUnix.Chdir(dir.Path);
                    return await LwtUnix.Getcwd();
                });
                Assert.Equal(dir.Path, now);
                Main.Run(async () => await Rejection.Unix(LwtUnix.Chdir(dir["missing"]), 2, "chdir"));
            }
            finally
            {
                Environment.CurrentDirectory = before;
            }
        });
}
