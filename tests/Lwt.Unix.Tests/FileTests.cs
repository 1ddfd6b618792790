// FileTests.cs: Lwt_unix's calls on files (LwtUnix and FileDescriptor.Files.cs): open, positioned
// I/O, seek, truncate, sync, stat, access, links, permissions, times, dup. Real files in a
// folder each test removes (LWT-SEMANTICS 6.4: every call is a job on a worker thread).

using System;
using System.IO;
using System.Text;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FileTests
{
    private const int ENOENT = 2;
    private const int EBADF = 9;
    private const int EACCES = 13;
    private const int EEXIST = 17;
    private const int EINVAL = 22;
    private const int ESPIPE = 29;
    private const int ENOTEMPTY = 39;
    private const int FD_CLOEXEC = 1;
    private const UnixFileMode Mode644 = (UnixFileMode)0x1A4;
    private const UnixFileMode Mode600 = (UnixFileMode)0x180;
    private const UnixFileMode Mode755 = (UnixFileMode)0x1ED;

    [Fact]
    public void A_created_file_reads_back_what_was_written() =>
        TempFolder.Run(async dir =>
        {
            FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create, Mode644);
            try
            {
                Assert.True(fd.IsBlocking); // regular files run their I/O on workers
                Assert.Equal(5, await fd.WriteAsync(Encoding.ASCII.GetBytes("hello")));
                Assert.Equal(0, await fd.LseekAsync(0, SeekOrigin.Begin));
                var buffer = new byte[16];
                int n = await fd.ReadAsync(buffer);
                Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, n));
            }
            finally
            {
                fd.Close();
            }
            Assert.Equal("hello", File.ReadAllText(dir["f"]));
        });

    // Not in Lwt (its file reads are always jobs): a read whose bytes are in the page cache is done
    // at once on the loop thread (preadv2 with RWF_NOWAIT), and reads on from the same position.
    [Fact]
    public void A_cached_file_read_completes_at_once_and_advances_the_position() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "0123456789");
            FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly, Mode644);
            try
            {
                var buffer = new byte[4];
                Promise<int> first = fd.ReadAsync(buffer);
                Assert.True(first.IsFulfilled, "a read of cached bytes should not go to a worker");
                Assert.Equal("0123", Encoding.ASCII.GetString(buffer, 0, await first));
                Assert.Equal(4, await fd.ReadAsync(buffer));
                Assert.Equal("4567", Encoding.ASCII.GetString(buffer));
                Assert.Equal(2, await fd.ReadAsync(buffer));
                Assert.Equal(0, await fd.ReadAsync(buffer));
                Assert.Equal(10, await fd.LseekAsync(0, SeekOrigin.Current));
            }
            finally
            {
                fd.Close();
            }
        });

    // A descriptor the no-wait path refuses (a directory: EISDIR) still gets the plain call's error.
    [Fact]
    public void Reading_a_directory_rejects_with_EISDIR_from_the_plain_call() =>
        TempFolder.Run(async dir =>
        {
            FileDescriptor fd = await LwtUnix.OpenFile(dir.Path, OpenFlags.ReadOnly, Mode644);
            try
            {
                var e = await Assert.ThrowsAsync<UnixException>(async () => await fd.ReadAsync(new byte[4]));
                Assert.Equal(21, e.Errno);
                Assert.Equal("read", e.Call);
            }
            finally
            {
                fd.Close();
            }
        });

    // Lwt: "openfile: O_CLOEXEC", "openfile: O_KEEPEXEC", "openfile: O_CLOEXEC, O_KEEPEXEC" (by the flag, not a child).
    [Fact]
    public void Opened_files_are_close_on_exec_unless_KeepExec_is_given() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "x");
            using FileDescriptor byDefault = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly);
            using FileDescriptor keep = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly | OpenFlags.KeepExec);
            using FileDescriptor both = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly | OpenFlags.KeepExec | OpenFlags.CloseOnExec);
            Assert.Equal(FD_CLOEXEC, TestLibc.fcntl_getfd(byDefault.Fd) & FD_CLOEXEC);
            Assert.Equal(0, TestLibc.fcntl_getfd(keep.Fd) & FD_CLOEXEC);
            Assert.Equal(FD_CLOEXEC, TestLibc.fcntl_getfd(both.Fd) & FD_CLOEXEC);
        });

    // tmpfs keeps any 64-bit second; Lwt's float times read them all. Ours stand at the ends of
    // DateTimeOffset's range rather than failing the whole stat.
    [Fact]
    public void Stat_of_a_file_dated_beyond_the_years_DateTimeOffset_spans_reads_its_ends() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            string path = "/dev/shm/lwt-far-times-" + Environment.ProcessId;
            try
            {
                await System.IO.File.WriteAllTextAsync(path, "x", TestContext.Current.CancellationToken);
                Assert.Equal(ProcessStatus.Exited(0), await Lwt.Process.LwtProcess.Exec(Lwt.Process.Command.Of("touch", "-m", "-d", "@300000000000", path)));
                Assert.Equal(ProcessStatus.Exited(0), await Lwt.Process.LwtProcess.Exec(Lwt.Process.Command.Of("touch", "-a", "-d", "@-70000000000", path)));
                FileStatus status = await LwtUnix.Stat(path);
                Assert.Equal(DateTimeOffset.MaxValue, status.ModificationTime);
                Assert.Equal(DateTimeOffset.MinValue, status.AccessTime);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }));

    [Fact]
    public void Opening_a_missing_file_rejects_with_ENOENT_naming_the_path() =>
        TempFolder.Run(async dir =>
        {
            UnixException e = await Rejection.Unix(LwtUnix.OpenFile(dir["missing"], OpenFlags.ReadOnly), ENOENT, "open");
            Assert.Equal(dir["missing"], e.Argument);
            Assert.Contains(dir["missing"], e.Message, StringComparison.Ordinal);
        });

    [Fact]
    public void Exclusive_create_of_an_existing_file_rejects_with_EEXIST() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            await Rejection.Unix(LwtUnix.OpenFile(dir["f"], OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Exclusive), EEXIST, "open");
        });

    [Fact]
    public void Truncate_and_Append_flags_do_what_open_says() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "old contents");
            using (FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.WriteOnly | OpenFlags.Truncate))
            {
                await fd.WriteAsync("ab"u8.ToArray());
            }

            using (FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.WriteOnly | OpenFlags.Append))
            {
                await fd.WriteAsync("cd"u8.ToArray());
            }

            Assert.Equal("abcd", File.ReadAllText(dir["f"]));
        });

    [Fact]
    public void Pread_and_Pwrite_work_at_offsets_without_moving_the_position() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            await fd.WriteAsync("0123456789"u8.ToArray());
            Assert.Equal(2, await fd.LseekAsync(2, SeekOrigin.Begin));
            Assert.Equal(3, await fd.PwriteAsync("abc"u8.ToArray(), 5));
            var buffer = new byte[4];
            Assert.Equal(4, await fd.PreadAsync(buffer, 4));
            Assert.Equal("4abc", Encoding.ASCII.GetString(buffer));
            Assert.Equal(2, await fd.LseekAsync(0, SeekOrigin.Current));
            Assert.Equal(0, await fd.PreadAsync(buffer, 100)); // past the end
            Assert.Equal(10, await fd.LseekAsync(0, SeekOrigin.End));
        });

    [Fact]
    public void Pread_on_a_pipe_rejects_with_ESPIPE() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Main.Run(async () =>
                {
                    await Rejection.Unix(r.PreadAsync(new byte[1], 0), ESPIPE, "pread");
                    await Rejection.Unix(w.PwriteAsync(new byte[1], 0), ESPIPE, "pwrite");
                });
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Lseek_before_the_start_rejects_with_EINVAL() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            await Rejection.Unix(fd.LseekAsync(-1, SeekOrigin.Begin), EINVAL, "lseek");
        });

    [Fact]
    public void Truncate_and_Ftruncate_set_the_size() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "0123456789");
            await LwtUnix.Truncate(dir["f"], 4);
            Assert.Equal(4, (await LwtUnix.Stat(dir["f"])).Size);
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite);
            await fd.FtruncateAsync(100);
            Assert.Equal(100, (await fd.FstatAsync()).Size);
            await Rejection.Unix(LwtUnix.Truncate(dir["missing"], 0), ENOENT, "truncate");
        });

    [Fact]
    public void Fsync_and_Fdatasync_complete_on_a_file() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.WriteOnly | OpenFlags.Create);
            await fd.WriteAsync("data"u8.ToArray());
            await fd.FsyncAsync();
            await fd.FdatasyncAsync();
        });

    [Fact]
    public void Stat_reports_kind_size_permissions_owner_and_links() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "12345");
            File.SetUnixFileMode(dir["f"], Mode600);
            FileStatus s = await LwtUnix.Stat(dir["f"]);
            Assert.Equal(FileKind.Regular, s.Kind);
            Assert.Equal(5, s.Size);
            Assert.Equal(Mode600, s.Permissions);
            Assert.Equal(1, s.Links);
            Assert.Equal((int)Native.Libc.getuid(), s.UserId);
            Assert.Equal((int)Native.Libc.getgid(), s.GroupId);
            Assert.InRange(s.ModificationTime, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.Equal(File.GetLastWriteTimeUtc(dir["f"]), s.ModificationTime.UtcDateTime);

            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly);
            FileStatus f = await fd.FstatAsync();
            Assert.Equal((s.Inode, s.Device, s.Size), (f.Inode, f.Device, f.Size));

            Assert.Equal(FileKind.Directory, (await LwtUnix.Stat(dir.Path)).Kind);
            Assert.Equal(FileKind.CharacterDevice, (await LwtUnix.Stat("/dev/null")).Kind);
            await Rejection.Unix(LwtUnix.Stat(dir["missing"]), ENOENT, "stat");
        });

    [Fact]
    public void Lstat_sees_a_symbolic_link_and_Stat_follows_it() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["target"], "abc");
            await LwtUnix.Symlink("target", dir["link"]);
            Assert.Equal(FileKind.SymbolicLink, (await LwtUnix.Lstat(dir["link"])).Kind);
            FileStatus followed = await LwtUnix.Stat(dir["link"]);
            Assert.Equal((FileKind.Regular, 3L), (followed.Kind, followed.Size));
            Assert.Equal("target", await LwtUnix.Readlink(dir["link"]));
            await Rejection.Unix(LwtUnix.Readlink(dir["target"]), EINVAL, "readlink");
            await Rejection.Unix(LwtUnix.Lstat(dir["missing"]), ENOENT, "lstat");
        });

    [Fact]
    public void FileExists_is_false_for_missing_files_and_dangling_links() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            Assert.True(await LwtUnix.FileExists(dir["f"]));
            Assert.True(await LwtUnix.FileExists(dir.Path));
            Assert.False(await LwtUnix.FileExists(dir["missing"]));
            await LwtUnix.Symlink(dir["missing"], dir["dangling"]);
            Assert.False(await LwtUnix.FileExists(dir["dangling"]));
            Assert.False(await LwtUnix.FileExists(dir["f"] + "/below-a-file")); // ENOTDIR: false too, as Lwt
        });

    [Fact]
    public void Access_checks_permissions() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            File.SetUnixFileMode(dir["f"], Mode644);
            await LwtUnix.Access(dir["f"], AccessModes.Read | AccessModes.Write);
            await LwtUnix.Access(dir["f"], AccessModes.Exists);

            // Execute needs an x bit even for root, so this holds whoever runs the tests.
            await Rejection.Unix(LwtUnix.Access(dir["f"], AccessModes.Execute), EACCES, "access");
            await Rejection.Unix(LwtUnix.Access(dir["missing"], AccessModes.Exists), ENOENT, "access");
        });

    [Fact]
    public void Unlink_Rename_and_Link_change_names() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["a"], "abc");
            await LwtUnix.Rename(dir["a"], dir["b"]);
            Assert.False(File.Exists(dir["a"]));
            await LwtUnix.Link(dir["b"], dir["c"]);
            Assert.Equal(2, (await LwtUnix.Stat(dir["b"])).Links);
            await LwtUnix.Unlink(dir["b"]);
            Assert.Equal("abc", File.ReadAllText(dir["c"]));
            Assert.Equal(1, (await LwtUnix.Stat(dir["c"])).Links);
            await Rejection.Unix(LwtUnix.Unlink(dir["b"]), ENOENT, "unlink");
            await Rejection.Unix(LwtUnix.Rename(dir["b"], dir["d"]), ENOENT, "rename");
            await Rejection.Unix(LwtUnix.Link(dir["c"], dir["c"]), EEXIST, "link");
            await Rejection.Unix(LwtUnix.Symlink("x", dir["c"]), EEXIST, "symlink");
        });

    [Fact]
    public void Mkdir_and_Rmdir_make_and_remove_directories() =>
        TempFolder.Run(async dir =>
        {
            await LwtUnix.Mkdir(dir["d"], Mode755);
            FileStatus s = await LwtUnix.Stat(dir["d"]);
            Assert.Equal(FileKind.Directory, s.Kind);
            await Rejection.Unix(LwtUnix.Mkdir(dir["d"], Mode755), EEXIST, "mkdir");
            File.WriteAllText(Path.Combine(dir["d"], "f"), "");
            await Rejection.Unix(LwtUnix.Rmdir(dir["d"]), ENOTEMPTY, "rmdir");
            File.Delete(Path.Combine(dir["d"], "f"));
            await LwtUnix.Rmdir(dir["d"]);
            Assert.False(Directory.Exists(dir["d"]));
        });

    [Fact]
    public void Chmod_and_Fchmod_set_permissions() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            await LwtUnix.Chmod(dir["f"], Mode600);
            Assert.Equal(Mode600, File.GetUnixFileMode(dir["f"]));
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly);
            await fd.FchmodAsync(Mode755);
            Assert.Equal(Mode755, File.GetUnixFileMode(dir["f"]));
            await Rejection.Unix(LwtUnix.Chmod(dir["missing"], Mode600), ENOENT, "chmod");
        });

    [Fact]
    public void Chown_and_Fchown_to_the_current_owner_succeed() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            int uid = (int)Native.Libc.getuid();
            int gid = (int)Native.Libc.getgid();
            await LwtUnix.Chown(dir["f"], uid, gid);
            await LwtUnix.Chown(dir["f"], -1, -1);
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly);
            await fd.FchownAsync(uid, -1);
            FileStatus s = await LwtUnix.Stat(dir["f"]);
            Assert.Equal((uid, gid), (s.UserId, s.GroupId));
            await Rejection.Unix(LwtUnix.Chown(dir["missing"], uid, gid), ENOENT, "chown");
        });

    // Lwt: "utimes: basic"
    [Fact]
    public void Utimes_sets_access_and_modification_times() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            await LwtUnix.Utimes(dir["f"], DateTimeOffset.FromUnixTimeSeconds(1), DateTimeOffset.FromUnixTimeSeconds(2));
            FileStatus s = await LwtUnix.Stat(dir["f"]);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), s.AccessTime);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2), s.ModificationTime);
        });

    // Lwt: "utimes: current time"
    [Fact]
    public void Utimes_with_no_times_sets_both_to_now() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "");
            await LwtUnix.Utimes(dir["f"], DateTimeOffset.FromUnixTimeSeconds(1), DateTimeOffset.FromUnixTimeSeconds(2));
            await LwtUnix.Utimes(dir["f"], null, null);
            FileStatus s = await LwtUnix.Stat(dir["f"]);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            Assert.InRange(s.AccessTime, now.AddSeconds(-2), now.AddSeconds(2));
            Assert.InRange(s.ModificationTime, now.AddSeconds(-2), now.AddSeconds(2));
        });

    // Lwt: "utimes: missing file"
    [Fact]
    public void Utimes_on_a_missing_file_rejects_with_ENOENT() =>
        TempFolder.Run(async dir => await Rejection.Unix(LwtUnix.Utimes(dir["missing"], null, null), ENOENT, "utimes"));

    [Fact]
    public void Isatty_is_false_for_files_and_pipes() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.WriteOnly | OpenFlags.Create);
            Assert.False(await fd.IsattyAsync());
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Assert.False(await r.IsattyAsync());
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Dup_shares_the_file_position_and_is_close_on_exec() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            using FileDescriptor copy = fd.Dup();
            using FileDescriptor kept = fd.Dup(closeOnExec: false);
            Assert.NotEqual(fd.Fd, copy.Fd);
            Assert.Equal(FD_CLOEXEC, TestLibc.fcntl_getfd(copy.Fd) & FD_CLOEXEC);
            Assert.Equal(0, TestLibc.fcntl_getfd(kept.Fd) & FD_CLOEXEC);
            await fd.WriteAsync("abc"u8.ToArray());
            Assert.Equal(3, await copy.LseekAsync(0, SeekOrigin.Current));
            Assert.True(copy.IsBlocking);
        });

    [Fact]
    public void Dup2_redirects_a_descriptor_and_wakes_its_waiting_reads() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor file = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Promise<int> waiting = r.ReadAsync(new byte[4]);
                Assert.True(waiting.IsPending);
                file.Dup2(r);
                await Rejection.Unix(waiting, EBADF, "dup2");
                Assert.True(r.IsBlocking); // it now refers to the regular file
                await r.WriteAsync("xyz"u8.ToArray());
            }
            finally
            {
                r.Close();
                w.Close();
            }
            Assert.Equal("xyz", File.ReadAllText(dir["f"]));
        });

    [Fact]
    public void Calls_on_a_closed_descriptor_throw_EBADF_at_once() =>
        TempFolder.Run(async dir =>
        {
            FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            fd.Close();
            Assert.Equal(EBADF, Assert.Throws<UnixException>(() => fd.PreadAsync(new byte[1], 0)).Errno);
            Assert.Equal("pwrite", Assert.Throws<UnixException>(() => fd.PwriteAsync(new byte[1], 0)).Call);
            Assert.Equal("lseek", Assert.Throws<UnixException>(() => fd.LseekAsync(0, SeekOrigin.Begin)).Call);
            Assert.Equal("fstat", Assert.Throws<UnixException>(() => fd.FstatAsync()).Call);
            Assert.Equal("fsync", Assert.Throws<UnixException>(() => fd.FsyncAsync()).Call);
            Assert.Equal("dup", Assert.Throws<UnixException>(() => fd.Dup()).Call);
        });

    [Fact]
    public void Bad_arguments_throw_at_once() =>
        TempFolder.Run(async dir =>
        {
            Assert.Throws<ArgumentNullException>(() => LwtUnix.OpenFile(null!, OpenFlags.ReadOnly));
            Assert.Throws<ArgumentException>(() => LwtUnix.OpenFile("", OpenFlags.ReadOnly));
            Assert.Throws<ArgumentException>(() => LwtUnix.Stat("a\0b"));
            Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.OpenFile(dir["f"], (OpenFlags)0x2000_0000));
            Assert.Throws<ArgumentException>(() => LwtUnix.Rename(dir["f"], ""));
            Assert.Throws<ArgumentException>(() => LwtUnix.Symlink("", dir["f"]));
            Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.Truncate(dir["f"], -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.Access(dir["f"], (AccessModes)8));
            Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.Chown(dir["f"], -2, 0));
            Assert.Throws<ArgumentNullException>(() => LwtUnix.Unlink(null!));
            Assert.Throws<ArgumentException>(() => LwtUnix.Mkdir("", Mode755));
            Assert.Throws<ArgumentException>(() => LwtUnix.Utimes("", null, null));
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            Assert.Throws<ArgumentOutOfRangeException>(() => fd.PreadAsync(new byte[1], -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => fd.PwriteAsync(new byte[1], -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => fd.FtruncateAsync(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => fd.LseekAsync(0, (SeekOrigin)7));
            Assert.Throws<ArgumentOutOfRangeException>(() => fd.FchownAsync(0, -5));
            Assert.Throws<ArgumentNullException>(() => fd.Dup2(null!));
        });

    [Fact]
    public void A_named_pipe_opens_in_non_blocking_mode() =>
        TempFolder.Run(async dir =>
        {
            await LwtUnix.Mkfifo(dir["p"], Mode600);
            Assert.Equal(FileKind.Fifo, (await LwtUnix.Stat(dir["p"])).Kind);
            using FileDescriptor r = await LwtUnix.OpenFile(dir["p"], OpenFlags.ReadOnly | OpenFlags.NonBlocking);
            using FileDescriptor w = await LwtUnix.OpenFile(dir["p"], OpenFlags.WriteOnly);
            Assert.False(r.IsBlocking);
            Assert.False(w.IsBlocking);
            Promise<int> reading = r.ReadAsync(new byte[4]);
            Assert.True(reading.IsPending); // waits on the loop, not on a worker
            await w.WriteAsync("hi"u8.ToArray());
            Assert.Equal(2, await reading);
            await Rejection.Unix(LwtUnix.Mkfifo(dir["p"], Mode600), EEXIST, "mkfifo");
        });

    [Fact]
    public void Close_on_exec_can_be_set_and_cleared() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.WriteOnly | OpenFlags.Create);
            try
            {
                fd.ClearCloseOnExec();
                Assert.Equal(0, TestLibc.fcntl_getfd(fd.Fd) & FD_CLOEXEC);
                fd.SetCloseOnExec();
                Assert.Equal(FD_CLOEXEC, TestLibc.fcntl_getfd(fd.Fd) & FD_CLOEXEC);
            }
            finally
            {
                fd.Close();
            }
            Assert.Equal("set_close_on_exec", Assert.Throws<UnixException>(fd.SetCloseOnExec).Call);
        });

    [Fact]
    public void Lockf_locks_tests_and_unlocks_a_region() =>
        TempFolder.Run(async dir =>
        {
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadWrite | OpenFlags.Create);
            await fd.WriteAsync(new byte[100]);
            await fd.LseekAsync(0, SeekOrigin.Begin);
            await fd.LockfAsync(LockCommand.Lock, 10);
            await fd.LockfAsync(LockCommand.TryLock, 0);
            await fd.LockfAsync(LockCommand.Test, 0); // our own locks never conflict
            await fd.LockfAsync(LockCommand.TryReadLock, 0);
            await fd.LockfAsync(LockCommand.ReadLock, -0); // zero: to the end
            await fd.LseekAsync(50, SeekOrigin.Begin);
            await fd.LockfAsync(LockCommand.Unlock, -50); // the 50 bytes before the position
            await fd.LockfAsync(LockCommand.Unlock, 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => fd.LockfAsync((LockCommand)42, 0));
        });

    [Fact]
    public void Lockf_write_lock_on_a_read_only_descriptor_rejects_with_EBADF() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["f"], "x");
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["f"], OpenFlags.ReadOnly);
            await Rejection.Unix(fd.LockfAsync(LockCommand.TryLock, 0), EBADF, "lockf");
            await fd.LockfAsync(LockCommand.TryReadLock, 0);
        });

    // Lwt: "getcwd" and "getcwd and Unix.getcwd"
    [Fact]
    public void Getcwd_is_the_process_working_directory() =>
        LoopThread.Run(() => Assert.Equal(Environment.CurrentDirectory, Main.Run(LwtUnix.Getcwd)));
}
