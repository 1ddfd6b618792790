// IOVectorsTests.cs: Lwt_unix.IO_vectors as a data structure: byte counts, drop, is_empty, the
// system limit, bad slices (test_lwt_unix.ml's io_vector_byte_count and writev drop tests).

using System;
using Xunit;

namespace Lwt.Unix.Tests;

public class IOVectorsTests
{
    // Lwt: test_lwt_unix.ml › "io_vector_byte_count: basic"
    [Fact]
    public void Byte_count_adds_up_the_slices()
    {
        var v = new IOVectors();
        v.Append(new byte[10], 0, 10);
        v.Append(new Memory<byte>(new byte[10]));
        Assert.Equal(20, v.ByteCount);
        Assert.Equal(2, v.Count);
    }

    // Lwt: test_lwt_unix.ml › "io_vector_byte_count: offsets, partials"
    [Fact]
    public void Byte_count_counts_only_the_slices_not_their_arrays()
    {
        var v = new IOVectors();
        v.Append(new byte[10], 5, 1);
        v.Append(new byte[10].AsMemory(1, 1));
        Assert.Equal(2, v.ByteCount);
    }

    // Lwt: test_lwt_unix.ml › "io_vector_byte_count: drops"
    [Fact]
    public void Drop_removes_bytes_from_the_front()
    {
        var v = new IOVectors();
        v.Append(new byte[10], 5, 1);
        v.Append(new byte[10].AsMemory(1, 1));
        v.Drop(1);
        Assert.Equal(1, v.ByteCount);
        Assert.Equal(1, v.Count);
    }

    // Lwt: test_lwt_unix.ml › "writev: drop, is_empty"
    [Fact]
    public void Is_empty_after_an_exact_or_excess_drop_but_not_a_partial_one()
    {
        var v = new IOVectors();
        v.Append("foo"u8.ToArray());
        v.Append((ReadOnlyMemory<byte>)"bar"u8.ToArray());
        v.Append("baz"u8.ToArray());
        Assert.False(v.IsEmpty);
        v.Drop(4);
        Assert.False(v.IsEmpty);
        Assert.Equal(5, v.ByteCount);
        v.Drop(5);
        Assert.True(v.IsEmpty);
        v.Drop(100);
        Assert.True(v.IsEmpty);
        Assert.Equal(0, v.Count);
    }

    // Lwt: test_lwt_unix.ml › "writev: degenerate vectors"
    [Fact]
    public void Empty_slices_make_an_empty_sequence()
    {
        var v = new IOVectors();
        Assert.True(v.IsEmpty);
        v.Append("foo"u8.ToArray(), 0, 0);
        v.Append(Memory<byte>.Empty);
        Assert.True(v.IsEmpty);
        Assert.Equal(2, v.Count);
    }

    [Fact]
    public void Drop_inside_a_slice_shortens_it_and_appending_afterwards_keeps_the_order()
    {
        var v = new IOVectors();
        for (int i = 0; i < 6; i++)
        {
            v.Append(new[] { (byte)i, (byte)i });
        }

        v.Drop(9); // four slices and a half gone
        for (int i = 6; i < 20; i++)
        {
            v.Append(new[] { (byte)i });
        }

        Assert.Equal(1 + 2 + 14, v.ByteCount);
        Assert.Equal(1 + 1 + 14, v.Count);
        v.Clear();
        Assert.True(v.IsEmpty);
        Assert.Equal(0, v.Count);
    }

    [Fact]
    public void The_system_limit_is_IOV_MAX() => Assert.Equal(1024, IOVectors.SystemLimit);

    // Lwt: test_lwt_unix.ml › "writev: bad iovec" (Lwt raises Invalid_argument at the writev)
    [Fact]
    public void Slices_outside_their_array_are_refused_at_once()
    {
        var v = new IOVectors();
        byte[] foo = "foo"u8.ToArray();
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => v.Append(foo, -1, 3)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => v.Append(foo, 0, -1)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => v.Append(foo, 1, 3)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => v.Append(foo, 4, 0)).ParamName);
        Assert.Equal("buffer", Assert.Throws<ArgumentNullException>(() => v.Append(null!, 0, 0)).ParamName);
        Assert.True(v.IsEmpty);
    }

    // Lwt: test_lwt_unix.ml › "writev: negative drop" (Lwt ignores it; we refuse it)
    [Fact]
    public void A_negative_drop_is_refused_and_changes_nothing()
    {
        var v = new IOVectors();
        v.Append("foo"u8.ToArray());
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => v.Drop(-1)).ParamName);
        Assert.Equal(3, v.ByteCount);
    }
}
