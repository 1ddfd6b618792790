// SocketAddressCodec.cs: System.Net endpoints to and from the kernel's sockaddr bytes. IPv4 and
// IPv6 are written by hand (fixed layouts, no allocation). Unix-domain paths go through .NET's
// own UnixDomainSocketEndPoint serialization, whose buffer is the native sockaddr_un on Linux;
// that keeps abstract names and .NET's path rules exactly as .NET has them.

using System;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>Converts endpoints to sockaddr bytes and back.</summary>
internal static class SocketAddressCodec
{
    /// <summary>Room for any sockaddr (sizeof(struct sockaddr_storage)).</summary>
    internal const int MaxSize = 128;

    private static readonly UnixDomainSocketEndPoint s_unixTemplate = new("/");

    /// <summary>Writes <paramref name="endPoint"/> into <paramref name="buffer"/>; returns its length.</summary>
    /// <exception cref="ArgumentException">The endpoint's family is not IPv4, IPv6 or Unix.</exception>
    internal static int Encode(EndPoint endPoint, Span<byte> buffer)
    {
        buffer[..MaxSize].Clear();
        if (endPoint is IPEndPoint ip)
        {
            if (ip.AddressFamily == AddressFamily.InterNetwork)
            {
                BitConverter.TryWriteBytes(buffer, (ushort)Libc.AF_INET);
                BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)ip.Port);
                ip.Address.TryWriteBytes(buffer[4..8], out _);
                return 16;
            }

            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                BitConverter.TryWriteBytes(buffer, (ushort)Libc.AF_INET6);
                BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)ip.Port);
                ip.Address.TryWriteBytes(buffer[8..24], out _);
                BitConverter.TryWriteBytes(buffer[24..], (uint)ip.Address.ScopeId);
                return 28;
            }
        }
        else if (endPoint is UnixDomainSocketEndPoint)
        {
            SocketAddress address = endPoint.Serialize();
            address.Buffer.Span[..address.Size].CopyTo(buffer);
            return address.Size;
        }

        throw new ArgumentException($"Unsupported endpoint {endPoint} ({endPoint.AddressFamily}): use an IPEndPoint (IPv4, IPv6) or a UnixDomainSocketEndPoint.", nameof(endPoint));
    }

    /// <summary>Reads the sockaddr of <paramref name="length"/> bytes the kernel wrote.</summary>
    internal static EndPoint Decode(ReadOnlySpan<byte> buffer, int length)
    {
        int family = length >= 2 ? BitConverter.ToUInt16(buffer) : Libc.AF_UNIX;
        switch (family)
        {
            case Libc.AF_INET:
                return new IPEndPoint(new IPAddress(buffer[4..8]), BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]));
            case Libc.AF_INET6:
                return new IPEndPoint(
                    new IPAddress(buffer[8..24], BitConverter.ToUInt32(buffer[24..])),
                    BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]));
            case Libc.AF_UNIX:
                // Create handles unnamed sockets (length 2), which the public constructor refuses.
                var address = new SocketAddress(AddressFamily.Unix, Math.Max(length, 2));
                buffer[..length].CopyTo(address.Buffer.Span);
                return s_unixTemplate.Create(address);
            default:
                throw new UnixException(Libc.EAFNOSUPPORT, "sockaddr", "family " + family);
        }
    }

    /// <summary>The kernel's AF_ constant for a .NET address family.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not IPv4, IPv6 or Unix.</exception>
    internal static int ToNative(AddressFamily family, string paramName) => family switch
    {
        AddressFamily.InterNetwork => Libc.AF_INET,
        AddressFamily.InterNetworkV6 => Libc.AF_INET6,
        AddressFamily.Unix => Libc.AF_UNIX,
        _ => throw new ArgumentOutOfRangeException(paramName, family, "Supported families: InterNetwork, InterNetworkV6, Unix."),
    };
}
