// LwtUnix.Users.cs: getlogin, getpwnam, getpwuid, getgrnam, getgrgid as jobs. They may read
// /etc files or ask NSS services over the network, hence the worker pool. The reentrant _r
// calls fill a buffer we own; ERANGE means the buffer was too small, and we try a bigger one.

using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    // struct passwd and struct group on 64-bit glibc.
    private const int PasswdSize = 48;
    private const int GroupSize = 32;

    /// <summary>The name of the user logged in on the process's controlling terminal (Lwt's <c>Lwt_unix.getlogin</c>).</summary>
    /// <returns>The login name.</returns>
    /// <exception cref="UnixException">Rejects the promise when <c>getlogin_r(3)</c> fails, e.g. ENXIO or ENOTTY without a terminal (containers, services).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<string> Getlogin() => Job(static () =>
    {
        byte* buffer = stackalloc byte[256];
        int errno = Libc.getlogin_r(buffer, 256);
        return errno == 0 ? Marshal.PtrToStringUTF8((nint)buffer)! : throw new UnixException(errno, "getlogin", "");
    });

    /// <summary>The account of the user named <paramref name="name"/> (Lwt's <c>Lwt_unix.getpwnam</c>).</summary>
    /// <param name="name">The login name.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such user (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails (EIO, EMFILE...).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<PasswdEntry> Getpwnam(string name)
    {
        CheckPath(name, nameof(name));
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getpwnam_r(name, entry, buffer, size, result),
            PasswdSize,
            ReadPasswd,
            "getpwnam",
            name));
    }

    /// <summary>The account of the user with id <paramref name="userId"/> (Lwt's <c>Lwt_unix.getpwuid</c>).</summary>
    /// <param name="userId">The user id.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="userId"/> is negative.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such user (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<PasswdEntry> Getpwuid(int userId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(userId);
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getpwuid_r((uint)userId, entry, buffer, size, result),
            PasswdSize,
            ReadPasswd,
            "getpwuid",
            userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The group named <paramref name="name"/> (Lwt's <c>Lwt_unix.getgrnam</c>).</summary>
    /// <param name="name">The group name.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such group (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<GroupEntry> Getgrnam(string name)
    {
        CheckPath(name, nameof(name));
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getgrnam_r(name, entry, buffer, size, result),
            GroupSize,
            ReadGroup,
            "getgrnam",
            name));
    }

    /// <summary>The group with id <paramref name="groupId"/> (Lwt's <c>Lwt_unix.getgrgid</c>).</summary>
    /// <param name="groupId">The group id.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="groupId"/> is negative.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such group (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<GroupEntry> Getgrgid(int groupId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupId);
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getgrgid_r((uint)groupId, entry, buffer, size, result),
            GroupSize,
            ReadGroup,
            "getgrgid",
            groupId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private unsafe delegate int ReentrantLookup(byte* entry, byte* buffer, nuint size, byte** result);

    private unsafe delegate T EntryReader<T>(byte* entry);

    /// <summary>Runs a get*_r call with a growing buffer; null result means not found.</summary>
    private static unsafe T Lookup<T>(ReentrantLookup call, int entrySize, EntryReader<T> read, string name, string key)
    {
        byte* entry = stackalloc byte[entrySize];
        for (int size = 1024; size <= 1 << 24; size *= 4)
        {
            byte[] buffer = new byte[size];
            byte* result = null;
            int errno;
            fixed (byte* b = buffer)
            {
                errno = call(entry, b, (nuint)size, &result);
                if (errno == 0 && result != null)
                {
                    // Read while the buffer the strings point into is still pinned.
                    return read(entry);
                }
            }

            if (errno == 0 || errno == Libc.ENOENT)
            {
                throw new KeyNotFoundException($"{name}: no entry for '{key}'.");
            }

            if (errno != Libc.ERANGE)
            {
                throw new UnixException(errno, name, key);
            }
        }

        throw new UnixException(Libc.ERANGE, name, key);
    }

    private static unsafe string Str(byte* field) => Marshal.PtrToStringUTF8(*(nint*)field) ?? "";

    private static unsafe PasswdEntry ReadPasswd(byte* p) =>
        new(Str(p), Str(p + 8), (int)*(uint*)(p + 16), (int)*(uint*)(p + 20), Str(p + 24), Str(p + 32), Str(p + 40));

    private static unsafe GroupEntry ReadGroup(byte* g)
    {
        var members = new List<string>();
        for (byte** m = *(byte***)(g + 24); m != null && *m != null; m++)
        {
            members.Add(Marshal.PtrToStringUTF8((nint)(*m))!);
        }

        return new GroupEntry(Str(g), Str(g + 8), (int)*(uint*)(g + 16), members.ToArray());
    }
}
