// StreamAdapterTests.cs: channels over a System.IO.Stream (InputChannel.FromStream,
// OutputChannel.FromStream) and a Stream over channels (ChannelStream), including .NET streams
// that complete on other threads (NetworkStream) and a TLS round trip with SslStream at both ends.

using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class StreamAdapterTests
{
    private static readonly IPEndPoint Loopback = ServerTests.Loopback;

    [Fact]
    public void An_input_channel_reads_lines_from_a_stream_and_disposes_it_on_close() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var stream = new MemoryStream(Encoding.UTF8.GetBytes("one\r\ntwo\nthree"));
            var input = InputChannel.FromStream(stream, bufferSize: 16);
            Assert.Equal("one", await input.ReadLine());
            Assert.Equal("two", await input.ReadLine());
            Assert.Equal("three", await input.ReadLine());
            Assert.Null(await input.TryReadLine());
            await input.SetPosition(5);
            Assert.Equal("two", await input.ReadLine());
            await input.Close();
            Assert.False(stream.CanRead);
        }));

    [Fact]
    public void An_output_channel_writes_and_flushes_to_a_stream_left_open() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var stream = new MemoryStream();
            var output = OutputChannel.FromStream(stream, leaveOpen: true);
            await output.WriteLine("hello");
            Assert.Equal(0, stream.Length); // buffered in the channel
            await output.Flush();
            Assert.Equal("hello\n", Encoding.UTF8.GetString(stream.ToArray()));
            await output.Write("bye");
            await output.Close();
            Assert.True(stream.CanWrite);
            Assert.Equal("hello\nbye", Encoding.UTF8.GetString(stream.ToArray()));
        }));

    [Fact]
    public void FromStream_and_ChannelStream_check_their_arguments() =>
        LoopThread.Run(() =>
        {
            Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => InputChannel.FromStream(null!)).ParamName);
            Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => OutputChannel.FromStream(null!)).ParamName);
            using var writeOnly = new FileStream("/dev/null", FileMode.Open, FileAccess.Write);
            using var readOnly = new MemoryStream([], writable: false);
            Assert.Equal("stream", Assert.Throws<ArgumentException>(() => InputChannel.FromStream(writeOnly)).ParamName);
            Assert.Equal("stream", Assert.Throws<ArgumentException>(() => OutputChannel.FromStream(readOnly)).ParamName);
            Assert.Throws<ArgumentException>(() => new ChannelStream(null, null));

            var sink = new ChannelSources.Sink();
            var writeStream = new ChannelStream(null, sink.Channel);
            Assert.False(writeStream.CanRead);
            Assert.Throws<NotSupportedException>(() => { _ = writeStream.ReadAsync(new byte[1], TestContext.Current.CancellationToken).AsTask(); });
            Assert.Throws<NotSupportedException>(() => writeStream.Seek(0, SeekOrigin.Begin));
            writeStream.Dispose();
            Assert.Throws<ObjectDisposedException>(() => { _ = writeStream.WriteAsync(new byte[1], TestContext.Current.CancellationToken).AsTask(); });
        });

    [Fact]
    public void Channels_over_a_NetworkStream_talk_to_a_server_with_completions_from_other_threads() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, ServerTests.EchoLines);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.LocalEndPoint);
            var network = new NetworkStream(socket, ownsSocket: false);
            var input = InputChannel.FromStream(network, leaveOpen: true);
            var output = OutputChannel.FromStream(network);
            for (int i = 0; i < 20; i++)
            {
                await output.WriteLine($"line {i}");
                await output.Flush();
                Assert.Equal($"echo: line {i}", await input.ReadLine());
            }

            await input.Close();
            await output.Close();
        }));

    [Fact]
    public void Closing_an_input_channel_over_a_stream_rejects_its_waiting_read() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (Promise release, Resolver releaser) = Promise.Wait();
            await using Server server = await Server.EstablishWithClientAddress(Loopback, (_, _, _) => release);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.LocalEndPoint);
            var input = InputChannel.FromStream(new NetworkStream(socket, ownsSocket: false));
            Promise<string> read = input.ReadLine();
            Assert.True(read.IsPending);
            await input.Close();
            await Rejection.Of<ChannelClosedException>(read);
            releaser.Resolve();
        }));

    [Fact]
    public void A_ChannelStream_reads_and_writes_on_the_loop_and_refuses_blocking_calls_there() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using Server server = await Server.EstablishWithClientAddress(Loopback, ServerTests.EchoLines);
            (InputChannel input, OutputChannel output) = await Connection.Open(server.LocalEndPoint);
            await using var stream = new ChannelStream(input, output);
            Assert.True(stream.CanRead && stream.CanWrite && !stream.CanSeek);
            await stream.WriteAsync("on the loop\n"u8.ToArray());
            await stream.FlushAsync();
            byte[] buffer = new byte[64];
            Assert.Equal("echo: on the loop\n", Encoding.UTF8.GetString(buffer, 0, await ReadLineBytes(stream, buffer)));

            var blocked = Assert.Throws<NotSupportedException>(() => stream.Read(buffer, 0, 1));
            Assert.Contains("ReadAsync", blocked.Message, StringComparison.Ordinal);
            Assert.Throws<NotSupportedException>(() => stream.Write(buffer, 0, 1));

            // From another thread the synchronous calls wait for the loop, which keeps running.
            string echoed = await Promise.FromTask(Task.Run(() =>
            {
                stream.Write("from a pool thread\n"u8);
                stream.Flush();
                int n = 0;
                while (n == 0 || buffer[n - 1] != (byte)'\n')
                {
                    n += stream.Read(buffer, n, buffer.Length - n);
                }

                return Encoding.UTF8.GetString(buffer, 0, n);
            }));
            Assert.Equal("echo: from a pool thread\n", echoed);
        }));

    [Fact]
    public void Disposing_a_ChannelStream_after_its_loop_is_gone_does_nothing_either_way() =>
        LoopThread.Run(() =>
        {
            InputChannel[] inputs = [InputChannel.FromBytes([1, 2, 3]), InputChannel.FromBytes([1, 2, 3])];
            OutputChannel[] outputs = [OutputChannel.FromBytes(new byte[8]), OutputChannel.FromBytes(new byte[8])];
            var stream = new ChannelStream(inputs[0], outputs[0]);
            var other = new ChannelStream(inputs[1], outputs[1]);
            EventLoop.Current.Dispose();
            Task.Run(async () => await stream.DisposeAsync()).Wait();
            Task.Run(other.Dispose).Wait();

            // Nothing can run for a loop that is gone: the channels stay open.
            Assert.All(inputs, i => Assert.False(i.IsClosed));
            Assert.All(outputs, o => Assert.False(o.IsClosed));
        });

    [Fact]
    public void A_canceled_token_cancels_a_waiting_ChannelStream_read() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (InputChannel input, OutputChannel output) = Channel.Pipe();
            await using var stream = new ChannelStream(input, output);
            using var cts = new CancellationTokenSource();
            ValueTask<int> read = stream.ReadAsync(new byte[8], cts.Token);
            Assert.False(read.IsCompleted);
            cts.Cancel();
            OperationCanceledException e = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await read);
            Assert.Equal(cts.Token, e.CancellationToken);
        }));

    [Fact]
    public void A_canceled_token_cancels_a_waiting_ChannelStream_read_called_from_another_thread_with_that_token() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (InputChannel input, OutputChannel output) = Channel.Pipe();
            await using var stream = new ChannelStream(input, output);
            using var cts = new CancellationTokenSource();
            Task<OperationCanceledException> canceled = Task.Run(async () =>
            {
                ValueTask<int> read = stream.ReadAsync(new byte[8], cts.Token);
                await Task.Delay(50);
                Assert.False(read.IsCompleted);
                cts.Cancel();
                return await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await read);
            });
            OperationCanceledException e = await Promise.FromTask(canceled);
            Assert.Equal(cts.Token, e.CancellationToken);
        }));

    [Fact]
    public void ChannelStream_calls_with_a_token_already_canceled_are_canceled_and_move_no_bytes() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            byte[] written = new byte[8];
            var output = OutputChannel.FromBytes(written);
            await using var stream = new ChannelStream(InputChannel.FromBytes([1, 2, 3, 4]), output);
            using var cts = new CancellationTokenSource();
            cts.Cancel();

            async Task CheckCanceled(Func<Task> call)
            {
                OperationCanceledException e = await Assert.ThrowsAnyAsync<OperationCanceledException>(call);
                Assert.Equal(cts.Token, e.CancellationToken);
            }

            // On the loop's thread, where the bytes are at hand in the buffers.
            await CheckCanceled(() => stream.ReadAsync(new byte[2], cts.Token).AsTask());
            await CheckCanceled(() => stream.WriteAsync(new byte[] { 9 }, cts.Token).AsTask());
            await CheckCanceled(() => stream.FlushAsync(cts.Token));

            // From another thread.
            await Promise.FromTask(Task.Run(async () =>
            {
                await CheckCanceled(() => stream.ReadAsync(new byte[2], cts.Token).AsTask());
                await CheckCanceled(() => stream.WriteAsync(new byte[] { 9 }, cts.Token).AsTask());
                await CheckCanceled(() => stream.FlushAsync(cts.Token));
            }));

            byte[] buffer = new byte[8];
            Assert.Equal(4, await stream.ReadAsync(buffer));
            Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer[..4]);
            Assert.Equal(0, output.Position);
        }));

    [Fact]
    public void TLS_round_trip_with_SslStream_at_both_ends_over_our_channels() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            using X509Certificate2 certificate = SelfSigned();
            await using Server server = await Server.EstablishWithClientAddress(Loopback, async (_, input, output) =>
            {
                await using var ssl = new SslStream(new ChannelStream(input, output, leaveOpen: true));
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
                byte[] buffer = new byte[256];
                int n = await ReadLineBytes(ssl, buffer);
                string request = Encoding.UTF8.GetString(buffer, 0, n);
                await ssl.WriteAsync(Encoding.UTF8.GetBytes("secure " + request.ToUpperInvariant()));
                await ssl.FlushAsync();
                await ssl.ShutdownAsync();
            });

            (InputChannel clientIn, OutputChannel clientOut) = await Connection.Open(server.LocalEndPoint);
            await using var client = new SslStream(new ChannelStream(clientIn, clientOut));
            await client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certificate.GetCertHashString(),
            });
            Assert.NotEqual(SslProtocols.None, client.SslProtocol);
            await client.WriteAsync("hello over tls\n"u8.ToArray());
            await client.FlushAsync();
            byte[] reply = new byte[256];
            int length = await ReadLineBytes(client, reply);
            Assert.Equal("secure HELLO OVER TLS\n", Encoding.UTF8.GetString(reply, 0, length));
        }));

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // A PKCS#12 round trip gives the certificate a private key that every TLS backend can use.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Reads from a .NET stream until a "\n" (or end of input); returns the count.</summary>
    private static async Promise<int> ReadLineBytes(System.IO.Stream stream, byte[] buffer)
    {
        int n = 0;
        while (n == 0 || buffer[n - 1] != (byte)'\n')
        {
            int got = await stream.ReadAsync(buffer.AsMemory(n));
            if (got == 0)
            {
                break;
            }

            n += got;
        }

        return n;
    }
}
