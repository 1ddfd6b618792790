// ChrootTests.cs: Lwt_unix.chroot. Changing the root would change it for the whole test process,
// so the tests check the call's errors only: EPERM without the privilege, ENOENT and ENOTDIR
// with it (the tests may run as root).

using System;
using System.IO;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class ChrootTests
{
    [Fact]
    public void Chroot_to_a_missing_directory_rejects_naming_the_call_and_the_path() =>
        TempFolder.Run(async dir =>
        {
            string missing = dir["missing"];
            UnixException e = await Rejection.Of<UnixException>(LwtUnix.Chroot(missing));
            Assert.Equal(("chroot", missing), (e.Call, e.Argument));
            Assert.Equal(Libc.getuid() == 0 ? Libc.ENOENT : Libc.EPERM, e.Errno);
        });

    [Fact]
    public void Chroot_to_a_file_rejects_with_ENOTDIR_or_EPERM() =>
        TempFolder.Run(async dir =>
        {
            string file = dir["file"];
            File.WriteAllText(file, "x");
            UnixException e = await Rejection.Of<UnixException>(LwtUnix.Chroot(file));
            Assert.Equal("chroot", e.Call);
            Assert.Equal(Libc.getuid() == 0 ? Libc.ENOTDIR : Libc.EPERM, e.Errno);
        });

    [Fact]
    public void Chroot_refuses_bad_paths_at_once() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentException>("path", () => LwtUnix.Chroot(""));
            Assert.Throws<ArgumentNullException>("path", () => LwtUnix.Chroot(null!));
            Assert.Throws<ArgumentException>("path", () => LwtUnix.Chroot("/tmp\0x"));
        });
}
