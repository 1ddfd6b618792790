// MappedFileTests.cs: Lwt_bytes' memory-mapped files (test_lwt_bytes.ml's map_file, page_size,
// mincore and wait_mincore cases by intent), plus shared/private writes, unaligned positions,
// the mapping as a Memory<byte> for vector I/O, and bad input. The other Lwt_bytes values are
// .NET's own Span/Memory members (docs/lwt-mapping.md) and are not retested here.

using System;
using System.Buffers;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class MappedFileTests
{
    private static int Page => Environment.SystemPageSize;

    // Lwt: test_lwt_bytes.ml › "map_file"
    [Fact]
    public void Map_file_shows_the_file_bytes() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["data"], "abcdefghij");
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["data"], OpenFlags.ReadOnly);
            using MappedFile map = MappedFile.Map(fd, shared: false, size: 6);
            Assert.Equal(6, map.Length);
            Assert.Equal("abcdef", Encoding.ASCII.GetString(map.Memory.Span));
        });

    [Fact]
    public void A_private_mapping_keeps_its_changes_and_a_shared_one_writes_them() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["data"], "abcdef");
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["data"], OpenFlags.ReadWrite);
            using (MappedFile priv = MappedFile.Map(fd, shared: false))
            {
                priv.Memory.Span[0] = (byte)'X';
                Assert.Equal((byte)'X', priv.Memory.Span[0]);
            }

            Assert.Equal("abcdef", File.ReadAllText(dir["data"]));
            using (MappedFile shared = MappedFile.Map(fd, shared: true, position: 2, size: 8))
            {
                // The file grows to position + size, as Lwt's shared mappings make it.
                Assert.Equal(10, new FileInfo(dir["data"]).Length);
                "CDEFGHIJ"u8.CopyTo(shared.Memory.Span);
            }

            Assert.Equal("abCDEFGHIJ", File.ReadAllText(dir["data"]));
        });

    [Fact]
    public void A_position_off_a_page_boundary_maps_from_that_byte() =>
        TempFolder.Run(async dir =>
        {
            byte[] content = new byte[Page * 2];
            for (int i = 0; i < content.Length; i++)
            {
                content[i] = (byte)(i % 251);
            }

            File.WriteAllBytes(dir["data"], content);
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["data"], OpenFlags.ReadOnly);
            using MappedFile map = MappedFile.Map(fd, shared: false, position: Page + 5);
            Assert.Equal(Page - 5, map.Length);
            Assert.True(map.Memory.Span.SequenceEqual(content.AsSpan(Page + 5)));
        });

    [Fact]
    public void A_mapping_is_a_Memory_that_writev_can_send() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["data"], "mapped bytes");
            using FileDescriptor fd = await LwtUnix.OpenFile(dir["data"], OpenFlags.ReadOnly);
            using MappedFile map = MappedFile.Map(fd, shared: false);
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var v = new IOVectors();
                v.Append(map.Memory);
                Assert.Equal(12, await w.WritevAsync(v));
                byte[] buffer = new byte[12];
                Assert.Equal(12, await r.ReadAsync(buffer));
                Assert.Equal("mapped bytes", Encoding.ASCII.GetString(buffer));
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    // Lwt: test_lwt_bytes.ml › "page_size"
    [Fact]
    public void The_page_size_is_a_usual_one() => Assert.Contains(Environment.SystemPageSize, new[] { 4096, 16384, 65536 });

    // Lwt: test_lwt_bytes.ml › "mincore buffer length = page_size * 2, n_states = 1", "... + 1, n_states = 2", "... n_states = 0"
    [Fact]
    public void Mincore_reports_pages_that_start_inside_the_mapping() =>
        WithMapping(Page * 2 + 1, map =>
        {
            map.Memory.Span[0] = 1; // a private page just written is in RAM
            var one = new bool[1];
            map.Mincore(0, one);
            Assert.True(one[0]);
            map.Mincore(Page, new bool[2]);
            map.Mincore(Page, Span<bool>.Empty);
        });

    // Lwt: test_lwt_bytes.ml › "mincore buffer length = page_size * 2, n_states = 2"
    [Fact]
    public void Mincore_past_the_mapping_or_off_a_page_is_refused() =>
        WithMapping(Page * 2, map =>
        {
            Assert.Equal("states", Assert.Throws<ArgumentOutOfRangeException>(() => map.Mincore(Page, new bool[2])).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => map.Mincore(1, new bool[1])).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => map.Mincore(-Page, new bool[1])).ParamName);
        });

    // Lwt: test_lwt_bytes.ml › "wait_mincore correct bounds"
    [Fact]
    public void Wait_mincore_resolves_once_the_page_is_in() =>
        WithMapping(Page * 2 + 1, (map, path) =>
        {
            // The page must be out first, or the wait would return at once without bringing it in.
            map.Madvise(0, map.Length, MemoryAdvice.DontNeed);
            DropFromPageCache(path);
            var state = new bool[1];
            map.Mincore(Page, state);
            if (state[0])
            {
                Assert.Skip("The kernel kept the file's page in memory after POSIX_FADV_DONTNEED.");
            }

            Main.Run(() => map.WaitMincoreAsync(Page));
            map.Mincore(Page, state);
            Assert.True(state[0]);
        });

    // Lwt: test_lwt_bytes.ml › "wait_mincore offset < 0", "wait_mincore offset > buffer length"
    [Fact]
    public void Wait_mincore_outside_the_mapping_is_refused() =>
        WithMapping(Page * 2 + 1, map =>
        {
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => map.WaitMincoreAsync(-1)).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => map.WaitMincoreAsync(map.Length + 1)).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => map.WaitMincoreAsync(map.Length)).ParamName);
        });

    [Fact]
    public void Madvise_accepts_each_advice_and_refuses_bad_ranges() =>
        WithMapping(Page * 2, map =>
        {
            foreach (MemoryAdvice advice in new[] { MemoryAdvice.Normal, MemoryAdvice.Random, MemoryAdvice.Sequential, MemoryAdvice.WillNeed })
            {
                map.Madvise(0, Page, advice);
            }

            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => map.Madvise(Page, Page + 1, MemoryAdvice.Normal)).ParamName);
            Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => map.Madvise(-1, 1, MemoryAdvice.Normal)).ParamName);
            Assert.Equal("advice", Assert.Throws<ArgumentOutOfRangeException>(() => map.Madvise(0, 1, (MemoryAdvice)99)).ParamName);

            // An unaligned start is the kernel's EINVAL.
            Assert.Equal("madvise", Assert.Throws<UnixException>(() => map.Madvise(1, 1, MemoryAdvice.Normal)).Call);
        });

    [Fact]
    public void A_disposed_mapping_refuses_use_and_a_pin_keeps_it_mapped() =>
        WithMapping(16, map =>
        {
            map.Memory.Span[3] = 42;
            MemoryHandle pin = map.Memory.Pin();
            ((IDisposable)map).Dispose();
            Assert.Throws<ObjectDisposedException>(() => map.GetSpan());
            Assert.Throws<ObjectDisposedException>(() => map.Memory.Pin());
            unsafe
            {
                Assert.Equal(42, ((byte*)pin.Pointer)[3]); // still mapped while pinned
            }

            pin.Dispose();
        });

    [Fact]
    public void Bad_map_arguments_are_refused() =>
        TempFolder.Run(async dir =>
        {
            File.WriteAllText(dir["data"], "abc");
            FileDescriptor fd = await LwtUnix.OpenFile(dir["data"], OpenFlags.ReadOnly);
            try
            {
                Assert.Equal("fd", Assert.Throws<ArgumentNullException>(() => MappedFile.Map(null!, shared: false)).ParamName);
                Assert.Equal("position", Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Map(fd, false, position: -1)).ParamName);
                Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Map(fd, false, size: -1)).ParamName);
                Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Map(fd, false, size: 4)).ParamName);
                Assert.Equal("position", Assert.Throws<ArgumentOutOfRangeException>(() => MappedFile.Map(fd, false, position: 4)).ParamName);

                // A shared (writable) mapping of a read-only descriptor: mmap says EACCES.
                Assert.Equal("mmap", Assert.Throws<UnixException>(() => MappedFile.Map(fd, shared: true)).Call);
                using (MappedFile empty = MappedFile.Map(fd, false, position: 3))
                {
                    Assert.Equal(0, empty.Length);
                }
            }
            finally
            {
                fd.Close();
            }
            Assert.Equal("map_file", Assert.Throws<UnixException>(() => MappedFile.Map(fd, shared: false)).Call);
        });

    private static void WithMapping(int length, Action<MappedFile> body) => WithMapping(length, (map, _) => body(map));

    private static void WithMapping(int length, Action<MappedFile, string> body) =>
        LoopThread.Run(() =>
        {
            using var dir = new TempFolder();
            File.WriteAllBytes(dir["data"], new byte[length]);
            using FileDescriptor fd = Main.Run(() => LwtUnix.OpenFile(dir["data"], OpenFlags.ReadOnly));
            MappedFile map = MappedFile.Map(fd, shared: false);
            try
            {
                body(map, dir["data"]);
            }
            finally
            {
                ((IDisposable)map).Dispose();
            }
        });

    /// <summary>Writes the file's pages back and asks the kernel to drop them from the page cache.</summary>
    private static void DropFromPageCache(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Flush(flushToDisk: true);
        Assert.Equal(0, posix_fadvise((int)file.SafeFileHandle.DangerousGetHandle(), 0, 0, PosixFadvDontNeed));
    }

    private const int PosixFadvDontNeed = 4;

    [DllImport("libc")]
    private static extern int posix_fadvise(int fd, long offset, long length, int advice);
}
