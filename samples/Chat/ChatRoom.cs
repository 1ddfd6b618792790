// ChatRoom.cs: the chat's state and its connection handler. Each member has an outbox, a
// Lwt.Stream<string> that one writer loop drains into the member's output channel; broadcasting
// pushes a line into every other member's outbox, so a slow reader never holds up the others or
// the member who spoke. Everything runs on the loop's thread: no locks.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Samples.Chat;

/// <summary>A chat room: members, names, and the handler that serves one connection.</summary>
public sealed class ChatRoom
{
    private readonly List<Member> _members = [];
    private int _guests;

    /// <summary>How many members are connected.</summary>
    public int Count => _members.Count;

    /// <summary>Starts a server on <paramref name="address"/> whose connections join this room.</summary>
    /// <param name="address">Where to listen; port 0 picks a free one (see <see cref="Server.LocalEndPoint"/>).</param>
    /// <returns>The server, once listening.</returns>
    public Promise<Server> Listen(EndPoint address) => Server.EstablishWithClientAddress(address, Serve);

    private async Promise Serve(EndPoint peer, InputChannel input, OutputChannel output)
    {
        (Stream<string> outbox, StreamPusher<string> push) = Stream.Create<string>();
        var member = new Member("guest" + (++_guests).ToString(CultureInfo.InvariantCulture), push);
        Promise writer = outbox.IterSequential(output.WriteLine);
        _members.Add(member);
        push.Push("* welcome " + member.Name);
        Broadcast("* " + member.Name + " joined", member);
        try
        {
            while (await input.TryReadLine() is string line)
            {
                if (line == "/quit")
                {
                    break;
                }

                if (line.StartsWith("/nick ", StringComparison.Ordinal) && line.Length > 6)
                {
                    string old = member.Name;
                    member.Name = line[6..];
                    Broadcast("* " + old + " is now " + member.Name, except: null);
                    continue;
                }

                Broadcast(member.Name + ": " + line, member);
            }
        }
        catch (UnixException)
        {
            // The peer reset the connection: it left.
        }
        finally
        {
            _members.Remove(member);
            push.Close();
            Broadcast("* " + member.Name + " left", except: null);
        }

        try
        {
            await writer;
            await output.Flush();
        }
        catch (Exception e) when (e is UnixException or ChannelClosedException)
        {
            // The peer is gone; what was left in its outbox has nowhere to go.
        }
    }

    private void Broadcast(string line, Member? except)
    {
        foreach (Member m in _members)
        {
            if (m != except)
            {
                m.Outbox.Push(line);
            }
        }
    }

    private sealed class Member(string name, StreamPusher<string> outbox)
    {
        internal string Name { get; set; } = name;

        internal StreamPusher<string> Outbox { get; } = outbox;
    }
}
