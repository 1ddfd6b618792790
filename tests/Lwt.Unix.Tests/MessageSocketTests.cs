// MessageSocketTests.cs: Lwt_unix's recv, send, recvfrom, sendto, recv_msg/send_msg (descriptor
// passing over a Unix-domain socket pair), accept_n, get_credentials, the SO_LINGER and time
// options, and somaxconn, on socket pairs and 127.0.0.1 with port 0.

using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class MessageSocketTests
{
    private const int EBADF = 9;
    private const int ENOTSOCK = 88;

    // Lwt: test_lwt_bytes.ml › "bytes send", "bytes recv"
    [Fact]
    public void Send_and_recv_carry_bytes_over_a_socket_pair() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                byte[] buffer = new byte[16];
                int n = Main.Run(async () =>
                {
                    Assert.Equal(5, await a.SendAsync("hello"u8.ToArray()));
                    return await b.RecvAsync(buffer);
                });
                Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, n));
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Recv_waits_for_data_and_peek_leaves_it_queued() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Main.Run(async () =>
                {
                    byte[] peeked = new byte[3];
                    Promise<int> waiting = b.RecvAsync(peeked, MessageFlags.Peek);
                    Assert.True(waiting.IsPending);
                    await a.SendAsync("abc"u8.ToArray());
                    Assert.Equal(3, await waiting);
                    byte[] taken = new byte[3];
                    Assert.Equal(3, await b.RecvAsync(taken));
                    Assert.Equal(peeked, taken);
                });
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Send_waits_while_the_socket_is_full_and_completes_once_the_peer_reads() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Main.Run(async () =>
                {
                    byte[] chunk = new byte[65536];
                    long sent = 0;
                    Promise<int> send;
                    while ((send = a.SendAsync(chunk)).IsFulfilled)
                    {
                        sent += send.Result;
                    }

                    Assert.True(send.IsPending);
                    byte[] buffer = new byte[65536];
                    long received = 0;
                    while (send.IsPending)
                    {
                        received += await b.RecvAsync(buffer);
                    }

                    sent += await send;
                    while (received < sent)
                    {
                        received += await b.RecvAsync(buffer);
                    }

                    Assert.Equal(sent, received);
                });
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Recv_on_a_socket_in_blocking_mode_still_waits_on_the_loop() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                b.SetBlocking(true);
                Main.Run(async () =>
                {
                    byte[] buffer = new byte[4];
                    Promise<int> waiting = b.RecvAsync(buffer);
                    Assert.True(waiting.IsPending);
                    await a.SendAsync("ok"u8.ToArray());
                    Assert.Equal(2, await waiting);
                });
                Assert.True(b.IsBlocking);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Canceling_a_waiting_send_msg_sends_nothing_and_a_descriptor_closed_meanwhile_fails_it() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Main.Run(async () =>
                {
                    byte[] chunk = new byte[65536];
                    while (a.SendAsync(chunk).IsFulfilled)
                    {
                    }

                    var v = new IOVectors();
                    v.Append("x"u8.ToArray());
                    Promise<int> canceled = a.SendMsgAsync(v, [w]);
                    Assert.True(canceled.IsPending);
                    canceled.Cancel();
                    await Rejection.Of<CanceledException>(canceled);

                    Promise<int> failing = a.SendMsgAsync(v, [w]);
                    Assert.True(failing.IsPending);
                    w.Close();
                    byte[] buffer = new byte[65536];
                    while (failing.IsPending)
                    {
                        await b.RecvAsync(buffer);
                    }

                    await Rejection.Unix(failing, EBADF, "send_msg");
                });
            }
            finally
            {
                a.Close();
                b.Close();
                r.Close();
            }
        });

    [Fact]
    public void Accept_n_on_a_listener_in_blocking_mode_does_not_block_the_loop() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor listener = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(8);
            listener.SetBlocking(true);
            using FileDescriptor client = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            Main.Run(async () =>
            {
                Promise<((FileDescriptor Socket, EndPoint Address)[] Accepted, Exception? Error)> accept = listener.AcceptNAsync(5);
                Assert.True(accept.IsPending);
                await client.ConnectAsync(listener.GetSockName());
                ((FileDescriptor Socket, EndPoint Address)[] accepted, Exception? error) = await accept;
                Assert.Null(error);
                Assert.Single(accepted).Socket.Close();
            });
        });

    // Lwt: test_lwt_bytes.ml › "bytes sendto", "bytes recvfrom"
    [Fact]
    public void Sendto_and_recvfrom_carry_datagrams_with_the_sender_address() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor receiver = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            using FileDescriptor sender = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Main.Run(async () =>
            {
                byte[] buffer = new byte[64];
                Promise<(int Count, EndPoint Address)> received = receiver.RecvFromAsync(buffer);
                Assert.True(received.IsPending);
                Assert.Equal(4, await sender.SendToAsync("ping"u8.ToArray(), receiver.GetSockName()));
                (int count, EndPoint from) = await received;
                Assert.Equal("ping", Encoding.ASCII.GetString(buffer, 0, count));
                Assert.Equal(sender.GetSockName(), from);
            });
        });

    [Fact]
    public void Recvfrom_on_a_socket_pair_gives_an_unnamed_Unix_address() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair(AddressFamily.Unix, SocketType.Dgram);
            try
            {
                (int count, EndPoint from) = Main.Run(async () =>
                {
                    await a.SendAsync("dgram"u8.ToArray());
                    return await b.RecvFromAsync(new byte[16]);
                });
                Assert.Equal(5, count);
                Assert.Equal(AddressFamily.Unix, from.AddressFamily);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void A_datagram_longer_than_the_buffer_is_cut() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor receiver = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            using FileDescriptor sender = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Main.Run(async () =>
            {
                await sender.SendToAsync("0123456789"u8.ToArray(), receiver.GetSockName());
                byte[] small = new byte[4];
                (int count, _) = await receiver.RecvFromAsync(small);
                Assert.Equal(4, count);
                Assert.Equal("0123", Encoding.ASCII.GetString(small));
            });
        });

    [Fact]
    public void Recv_on_a_pipe_is_rejected_with_ENOTSOCK_naming_the_call() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                Main.Run(async () =>
                {
                    await Rejection.Unix(r.RecvAsync(new byte[1]), ENOTSOCK, "recv");
                    await Rejection.Unix(r.RecvFromAsync(new byte[1]), ENOTSOCK, "recvfrom");
                    await Rejection.Unix(w.SendAsync(new byte[1]), ENOTSOCK, "send");
                    await Rejection.Unix(w.SendToAsync(new byte[1], new IPEndPoint(IPAddress.Loopback, 9)), ENOTSOCK, "sendto");
                    var v = new IOVectors();
                    v.Append(new byte[1]);
                    await Rejection.Unix(r.RecvMsgAsync(v), ENOTSOCK, "recv_msg");
                    await Rejection.Unix(w.SendMsgAsync(v), ENOTSOCK, "send_msg");
                });
                Assert.Equal(ENOTSOCK, Assert.Throws<UnixException>(() => r.GetCredentials()).Errno);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Calls_on_a_closed_socket_throw_EBADF_and_waiting_ones_are_rejected_on_close() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Main.Run(async () =>
                {
                    Promise<int> recv = a.RecvAsync(new byte[1]);
                    Promise<(int Count, EndPoint Address)> recvFrom = a.RecvFromAsync(new byte[1]);
                    var v = new IOVectors();
                    v.Append(new byte[1]);
                    Promise<(int Count, FileDescriptor[] Descriptors)> recvMsg = a.RecvMsgAsync(v);
                    a.Close();
                    await Rejection.Unix(recv, EBADF, "recv");
                    await Rejection.Unix(recvFrom, EBADF, "recvfrom");
                    await Rejection.Unix(recvMsg, EBADF, "recv_msg");
                });
                Assert.Equal("recv", Assert.Throws<UnixException>(() => a.RecvAsync(new byte[1])).Call);
                Assert.Equal("send", Assert.Throws<UnixException>(() => a.SendAsync(new byte[1])).Call);
                Assert.Equal("accept", Assert.Throws<UnixException>(() => a.AcceptNAsync(2)).Call);
                Assert.Equal("get_credentials", Assert.Throws<UnixException>(() => a.GetCredentials()).Call);
                var vectors = new IOVectors();
                Assert.Equal("send_msg", Assert.Throws<UnixException>(() => b.SendMsgAsync(vectors, [a])).Call);
            }
            finally
            {
                b.Close();
            }
        });

    [Fact]
    public void Bad_arguments_throw_naming_them() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Assert.Equal("flags", Assert.Throws<ArgumentOutOfRangeException>(() => a.RecvAsync(new byte[1], (MessageFlags)0x40)).ParamName);
                Assert.Equal("flags", Assert.Throws<ArgumentOutOfRangeException>(() => a.SendAsync(new byte[1], (MessageFlags)0x100)).ParamName);
                Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => a.SendToAsync(new byte[1], null!)).ParamName);
                Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => a.AcceptNAsync(0)).ParamName);
                Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => a.AcceptNAsync(-3)).ParamName);
                Assert.Equal("vectors", Assert.Throws<ArgumentNullException>(() => a.RecvMsgAsync(null!)).ParamName);
                Assert.Equal("vectors", Assert.Throws<ArgumentNullException>(() => a.SendMsgAsync(null!)).ParamName);
                Assert.Equal("destination", Assert.Throws<ArgumentNullException>(() => a.SendMsgToAsync(new IOVectors(), [], null!)).ParamName);
                var v = new IOVectors();
                Assert.Equal("descriptors", Assert.Throws<ArgumentOutOfRangeException>(() => a.SendMsgAsync(v, new FileDescriptor[254])).ParamName);
                Assert.Equal("descriptors", Assert.Throws<ArgumentNullException>(() => a.SendMsgAsync(v, new FileDescriptor[1])).ParamName);
                Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => a.SetSocketOption(SocketOptionalIntOption.Linger, -1)).ParamName);
                Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => a.SetSocketOption(SocketTimeOption.SendTimeout, TimeSpan.FromSeconds(-1))).ParamName);
                Assert.Equal("option", Assert.Throws<ArgumentOutOfRangeException>(() => a.GetSocketOption((SocketTimeOption)7)).ParamName);
                Assert.Equal("option", Assert.Throws<ArgumentOutOfRangeException>(() => a.GetSocketOption((SocketOptionalIntOption)7)).ParamName);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    // Lwt: test_lwt_unix.ml › "send_msg, recv_msg"
    [Fact]
    public void A_pipe_end_passed_with_send_msg_writes_into_the_original_pipe() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor s1, FileDescriptor s2) = FileDescriptor.SocketPair();
            (FileDescriptor pipeRead, FileDescriptor pipeWrite) = FileDescriptor.Pipe();
            try
            {
                Main.Run(async () =>
                {
                    byte[] source = "_foo_bar_"u8.ToArray();
                    var sent = new IOVectors();
                    sent.Append(source, 1, 3);
                    sent.Append(source, 5, 3);
                    Assert.Equal(6, await s1.SendMsgAsync(sent, [pipeWrite]));

                    byte[] destination = "_________"u8.ToArray();
                    var into = new IOVectors();
                    into.Append(destination, 5, 3);
                    into.Append(destination, 1, 3);
                    (int n, FileDescriptor[] fds) = await s2.RecvMsgAsync(into);
                    Assert.Equal(6, n);
                    Assert.Equal("_bar_foo_", Encoding.ASCII.GetString(destination));
                    FileDescriptor received = Assert.Single(fds);
                    try
                    {
                        Assert.NotEqual(pipeWrite.Fd, received.Fd);
                        Assert.Equal(1, TestLibc.fcntl_getfd(received.Fd) & 1); // close-on-exec

                        Assert.Equal(3, await received.WriteAsync("baz"u8.ToArray()));
                        byte[] buffer = new byte[3];
                        Assert.Equal(3, await pipeRead.ReadAsync(buffer));
                        Assert.Equal("baz", Encoding.ASCII.GetString(buffer));
                    }
                    finally
                    {
                        received.Close();
                    }
                });
            }
            finally
            {
                s1.Close();
                s2.Close();
                pipeRead.Close();
                pipeWrite.Close();
            }
        });

    [Fact]
    public void Recv_msg_without_descriptors_gives_an_empty_array_and_waits_for_data() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor s1, FileDescriptor s2) = FileDescriptor.SocketPair();
            try
            {
                Main.Run(async () =>
                {
                    byte[] buffer = new byte[8];
                    var into = new IOVectors();
                    into.Append(buffer);
                    Promise<(int Count, FileDescriptor[] Descriptors)> waiting = s2.RecvMsgAsync(into);
                    Assert.True(waiting.IsPending);
                    var sent = new IOVectors();
                    sent.Append((ReadOnlyMemory<byte>)"hi"u8.ToArray());
                    Assert.Equal(2, await s1.SendMsgAsync(sent));
                    (int n, FileDescriptor[] fds) = await waiting;
                    Assert.Equal(2, n);
                    Assert.Empty(fds);
                });
            }
            finally
            {
                s1.Close();
                s2.Close();
            }
        });

    // Lwt: test_lwt_bytes.ml › "send_msgto"
    [Fact]
    public void Send_msgto_sends_a_datagram_to_an_address() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor receiver = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            using FileDescriptor sender = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            Main.Run(async () =>
            {
                var v = new IOVectors();
                v.Append("abc"u8.ToArray());
                v.Append("de"u8.ToArray());
                Assert.Equal(5, await sender.SendMsgToAsync(v, [], receiver.GetSockName()));
                byte[] buffer = new byte[16];
                Assert.Equal(5, await receiver.RecvAsync(buffer));
                Assert.Equal("abcde", Encoding.ASCII.GetString(buffer, 0, 5));
            });
        });

    [Fact]
    public void Several_descriptors_pass_in_one_message() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor s1, FileDescriptor s2) = FileDescriptor.SocketPair();
            (FileDescriptor r1, FileDescriptor w1) = FileDescriptor.Pipe();
            (FileDescriptor r2, FileDescriptor w2) = FileDescriptor.Pipe();
            try
            {
                Main.Run(async () =>
                {
                    var v = new IOVectors();
                    v.Append("x"u8.ToArray());
                    await s1.SendMsgAsync(v, [w1, w2]);
                    var into = new IOVectors();
                    into.Append(new byte[1]);
                    (_, FileDescriptor[] fds) = await s2.RecvMsgAsync(into);
                    try
                    {
                        Assert.Equal(2, fds.Length);
                        await fds[1].WriteAsync("2"u8.ToArray());
                        await fds[0].WriteAsync("1"u8.ToArray());
                        byte[] b = new byte[1];
                        await r1.ReadAsync(b);
                        Assert.Equal((byte)'1', b[0]);
                        await r2.ReadAsync(b);
                        Assert.Equal((byte)'2', b[0]);
                    }
                    finally
                    {
                        foreach (FileDescriptor fd in fds)
                        {
                            fd.Close();
                        }
                    }
                });
            }
            finally
            {
                foreach (FileDescriptor fd in new[] { s1, s2, r1, w1, r2, w2 })
                {
                    fd.Close();
                }
            }
        });

    [Fact]
    public void Accept_n_takes_every_pending_connection_up_to_n() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor listener = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(16);
            var clients = new FileDescriptor[3];
            try
            {
                Main.Run(async () =>
                {
                    Promise<((FileDescriptor Socket, EndPoint Address)[] Accepted, Exception? Error)> first = listener.AcceptNAsync(2);
                    Assert.True(first.IsPending);
                    for (int i = 0; i < clients.Length; i++)
                    {
                        clients[i] = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
                        await clients[i].ConnectAsync(listener.GetSockName());
                    }

                    // The first wait wakes with at least one connection; with the others it takes at most 2.
                    ((FileDescriptor Socket, EndPoint Address)[] accepted, Exception? error) = await first;
                    Assert.Null(error);
                    Assert.InRange(accepted.Length, 1, 2);
                    int total = accepted.Length;
                    foreach ((FileDescriptor socket, EndPoint address) in accepted)
                    {
                        try
                        {
                            Assert.Equal(IPAddress.Loopback, Assert.IsType<IPEndPoint>(address).Address);
                            Assert.False(socket.IsBlocking);
                        }
                        finally
                        {
                            socket.Close();
                        }
                    }

                    while (total < clients.Length)
                    {
                        (accepted, error) = await listener.AcceptNAsync(10);
                        Assert.Null(error);
                        total += accepted.Length;
                        foreach ((FileDescriptor socket, _) in accepted)
                        {
                            socket.Close();
                        }
                    }

                    Assert.Equal(clients.Length, total);
                });
            }
            finally
            {
                foreach (FileDescriptor c in clients)
                {
                    c?.Close();
                }
            }
        });

    [Fact]
    public void Accept_n_returns_the_error_of_accept_in_the_pair() =>
        LoopThread.Run(() =>
        {
            // A socket that does not listen: accept4 fails with EINVAL at once.
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            ((FileDescriptor Socket, EndPoint Address)[] accepted, Exception? error) = Main.Run(() => s.AcceptNAsync(3));
            Assert.Empty(accepted);
            Assert.Equal("accept", Assert.IsType<UnixException>(error).Call);
        });

    // Lwt: get_credentials (SO_PEERCRED)
    [Fact]
    public void Peer_credentials_of_a_socket_pair_are_our_own() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                PeerCredentials credentials = b.GetCredentials();
                Assert.Equal(Environment.ProcessId, credentials.Pid);
                Assert.Equal((int)TestLibc.getuid(), credentials.Uid);
                Assert.Equal((int)TestLibc.getgid(), credentials.Gid);
            }
            finally
            {
                a.Close();
                b.Close();
            }
        });

    [Fact]
    public void Linger_round_trips_and_null_turns_it_off() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            Assert.Null(s.GetSocketOption(SocketOptionalIntOption.Linger));
            s.SetSocketOption(SocketOptionalIntOption.Linger, 5);
            Assert.Equal(5, s.GetSocketOption(SocketOptionalIntOption.Linger));
            s.SetSocketOption(SocketOptionalIntOption.Linger, null);
            Assert.Null(s.GetSocketOption(SocketOptionalIntOption.Linger));
        });

    [Fact]
    public void Receive_and_send_timeouts_round_trip() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream);
            Assert.Equal(TimeSpan.Zero, s.GetSocketOption(SocketTimeOption.ReceiveTimeout));

            // Whole seconds: the kernel keeps these in clock ticks, so other values come back rounded.
            s.SetSocketOption(SocketTimeOption.ReceiveTimeout, TimeSpan.FromSeconds(3));
            s.SetSocketOption(SocketTimeOption.SendTimeout, TimeSpan.FromSeconds(1));
            Assert.Equal(TimeSpan.FromSeconds(3), s.GetSocketOption(SocketTimeOption.ReceiveTimeout));
            Assert.Equal(TimeSpan.FromSeconds(1), s.GetSocketOption(SocketTimeOption.SendTimeout));
            s.SetSocketOption(SocketTimeOption.ReceiveTimeout, TimeSpan.Zero);
            Assert.Equal(TimeSpan.Zero, s.GetSocketOption(SocketTimeOption.ReceiveTimeout));
        });

    [Fact]
    public void Somaxconn_is_the_kernel_value() =>
        Assert.Equal(int.Parse(System.IO.File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), System.Globalization.CultureInfo.InvariantCulture), LwtUnix.Somaxconn());
}
