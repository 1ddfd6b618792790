// ChatSampleTests.cs: samples/Chat run in-process: two clients see each other's lines, joins,
// renames and departures.

using System.Net;
using Lwt.Io;
using Lwt.Samples.Chat;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

public class ChatSampleTests
{
    [Fact]
    public void Two_chat_clients_see_each_others_lines() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var room = new ChatRoom();
            await using Server server = await room.Listen(ServerTests.Loopback);
            (InputChannel aIn, OutputChannel aOut) = await Connection.Open(server.LocalEndPoint);
            Assert.Equal("* welcome guest1", await aIn.ReadLine());
            (InputChannel bIn, OutputChannel bOut) = await Connection.Open(server.LocalEndPoint);
            Assert.Equal("* welcome guest2", await bIn.ReadLine());
            Assert.Equal("* guest2 joined", await aIn.ReadLine());

            await aOut.WriteLine("hi, who is there?");
            await aOut.Flush();
            Assert.Equal("guest1: hi, who is there?", await bIn.ReadLine());

            await bOut.WriteLine("/nick bob");
            await bOut.WriteLine("bob here");
            await bOut.Flush();
            Assert.Equal("* guest2 is now bob", await aIn.ReadLine());
            Assert.Equal("bob: bob here", await aIn.ReadLine());
            Assert.Equal("* guest2 is now bob", await bIn.ReadLine());

            await bOut.Close();
            Assert.Null(await bIn.TryReadLine());
            await bIn.Close();
            Assert.Equal("* bob left", await aIn.ReadLine());
            Assert.Equal(1, room.Count);
            await Promise.Join(aIn.Close(), aOut.Close());
        }));
}
