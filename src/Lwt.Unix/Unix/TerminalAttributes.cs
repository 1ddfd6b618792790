// TerminalAttributes.cs: OCaml's Unix.terminal_io over a copy of the kernel's struct termios.
// Keeping the whole struct (rather than only OCaml's fields) means tcsetattr writes back every bit
// this type does not name exactly as tcgetattr read it. Layout: glibc on Linux (60 bytes).

using System;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// The attributes of a terminal (OCaml's <c>Unix.terminal_io</c>), read by
/// <see cref="FileDescriptor.TcgetattrAsync"/> and written by <see cref="FileDescriptor.TcsetattrAsync"/>.
/// Each property reads or changes this copy only; nothing reaches the terminal until <c>TcsetattrAsync</c>.
/// Property names follow the C flags they stand for (<c>ECHO</c> is <see cref="Echo"/>...).
/// </summary>
public sealed class TerminalAttributes
{
    private const int Size = 60;
    private const int IFlag = 0;
    private const int OFlag = 4;
    private const int CFlag = 8;
    private const int LFlag = 12;
    private const int ControlCharacters = 17;

    // Baud rates and their B* codes (asm-generic/termbits.h).
    private static readonly (int Baud, uint Code)[] s_speeds =
    [
        (0, 0), (50, 1), (75, 2), (110, 3), (134, 4), (150, 5), (200, 6), (300, 7), (600, 8), (1200, 9),
        (1800, 10), (2400, 11), (4800, 12), (9600, 13), (19200, 14), (38400, 15), (57600, 0x1001),
        (115200, 0x1002), (230400, 0x1003), (460800, 0x1004), (500000, 0x1005), (576000, 0x1006),
        (921600, 0x1007), (1000000, 0x1008), (1152000, 0x1009), (1500000, 0x100A), (2000000, 0x100B),
        (2500000, 0x100C), (3000000, 0x100D), (3500000, 0x100E), (4000000, 0x100F),
    ];

    private readonly byte[] _termios = new byte[Size];

    internal TerminalAttributes()
    {
    }

    /// <summary>Ignore the break condition on input (<c>IGNBRK</c>; OCaml's <c>c_ignbrk</c>).</summary>
    public bool IgnoreBreak { get => Get(IFlag, 0x1); set => Set(IFlag, 0x1, value); }

    /// <summary>Signal interrupt on break (<c>BRKINT</c>).</summary>
    public bool BreakInterrupt { get => Get(IFlag, 0x2); set => Set(IFlag, 0x2, value); }

    /// <summary>Ignore characters with parity errors (<c>IGNPAR</c>).</summary>
    public bool IgnoreParityErrors { get => Get(IFlag, 0x4); set => Set(IFlag, 0x4, value); }

    /// <summary>Mark parity errors (<c>PARMRK</c>).</summary>
    public bool MarkParityErrors { get => Get(IFlag, 0x8); set => Set(IFlag, 0x8, value); }

    /// <summary>Enable parity check on input (<c>INPCK</c>).</summary>
    public bool InputParityCheck { get => Get(IFlag, 0x10); set => Set(IFlag, 0x10, value); }

    /// <summary>Strip the 8th bit of input characters (<c>ISTRIP</c>).</summary>
    public bool StripInput { get => Get(IFlag, 0x20); set => Set(IFlag, 0x20, value); }

    /// <summary>Map NL to CR on input (<c>INLCR</c>).</summary>
    public bool MapNewlineToReturn { get => Get(IFlag, 0x40); set => Set(IFlag, 0x40, value); }

    /// <summary>Ignore CR on input (<c>IGNCR</c>).</summary>
    public bool IgnoreReturn { get => Get(IFlag, 0x80); set => Set(IFlag, 0x80, value); }

    /// <summary>Map CR to NL on input (<c>ICRNL</c>).</summary>
    public bool MapReturnToNewline { get => Get(IFlag, 0x100); set => Set(IFlag, 0x100, value); }

    /// <summary>Recognise XON/XOFF on output (<c>IXON</c>).</summary>
    public bool OutputFlowControl { get => Get(IFlag, 0x400); set => Set(IFlag, 0x400, value); }

    /// <summary>Emit XON/XOFF to control input (<c>IXOFF</c>).</summary>
    public bool InputFlowControl { get => Get(IFlag, 0x1000); set => Set(IFlag, 0x1000, value); }

    /// <summary>Enable output processing (<c>OPOST</c>).</summary>
    public bool OutputProcessing { get => Get(OFlag, 0x1); set => Set(OFlag, 0x1, value); }

    /// <summary>Bits per character, 5 to 8 (<c>CSIZE</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [5, 8].</exception>
    public int CharacterSize
    {
        get => 5 + (int)((Read(CFlag) & 0x30) >> 4);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 5);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 8);
            Write(CFlag, (Read(CFlag) & ~0x30u) | ((uint)(value - 5) << 4));
        }
    }

    /// <summary>Two stop bits instead of one (<c>CSTOPB</c>; OCaml's <c>c_cstopb</c> counts them).</summary>
    public bool TwoStopBits { get => Get(CFlag, 0x40); set => Set(CFlag, 0x40, value); }

    /// <summary>Enable the receiver (<c>CREAD</c>).</summary>
    public bool Receive { get => Get(CFlag, 0x80); set => Set(CFlag, 0x80, value); }

    /// <summary>Enable parity generation and detection (<c>PARENB</c>).</summary>
    public bool ParityEnabled { get => Get(CFlag, 0x100); set => Set(CFlag, 0x100, value); }

    /// <summary>Odd parity instead of even (<c>PARODD</c>).</summary>
    public bool OddParity { get => Get(CFlag, 0x200); set => Set(CFlag, 0x200, value); }

    /// <summary>Hang up on last close (<c>HUPCL</c>).</summary>
    public bool HangUpOnClose { get => Get(CFlag, 0x400); set => Set(CFlag, 0x400, value); }

    /// <summary>Ignore modem status lines (<c>CLOCAL</c>).</summary>
    public bool Local { get => Get(CFlag, 0x800); set => Set(CFlag, 0x800, value); }

    /// <summary>Generate signals on INTR, QUIT, SUSP (<c>ISIG</c>).</summary>
    public bool Signals { get => Get(LFlag, 0x1); set => Set(LFlag, 0x1, value); }

    /// <summary>Canonical mode: input comes by lines, with editing (<c>ICANON</c>).</summary>
    public bool Canonical { get => Get(LFlag, 0x2); set => Set(LFlag, 0x2, value); }

    /// <summary>Echo input characters (<c>ECHO</c>).</summary>
    public bool Echo { get => Get(LFlag, 0x8); set => Set(LFlag, 0x8, value); }

    /// <summary>Echo ERASE as an error-correcting backspace (<c>ECHOE</c>).</summary>
    public bool EchoErase { get => Get(LFlag, 0x10); set => Set(LFlag, 0x10, value); }

    /// <summary>Echo KILL (<c>ECHOK</c>).</summary>
    public bool EchoKill { get => Get(LFlag, 0x20); set => Set(LFlag, 0x20, value); }

    /// <summary>Echo NL even if <see cref="Echo"/> is off (<c>ECHONL</c>).</summary>
    public bool EchoNewline { get => Get(LFlag, 0x40); set => Set(LFlag, 0x40, value); }

    /// <summary>Do not flush the queues after INTR, QUIT, SUSP (<c>NOFLSH</c>).</summary>
    public bool NoFlush { get => Get(LFlag, 0x80); set => Set(LFlag, 0x80, value); }

    /// <summary>The interrupt character (<c>VINTR</c>), usually Ctrl-C.</summary>
    public byte InterruptCharacter { get => Cc(0); set => SetCc(0, value); }

    /// <summary>The quit character (<c>VQUIT</c>).</summary>
    public byte QuitCharacter { get => Cc(1); set => SetCc(1, value); }

    /// <summary>The erase character (<c>VERASE</c>).</summary>
    public byte EraseCharacter { get => Cc(2); set => SetCc(2, value); }

    /// <summary>The kill-line character (<c>VKILL</c>).</summary>
    public byte KillCharacter { get => Cc(3); set => SetCc(3, value); }

    /// <summary>The end-of-file character (<c>VEOF</c>), usually Ctrl-D.</summary>
    public byte EndOfFileCharacter { get => Cc(4); set => SetCc(4, value); }

    /// <summary>The additional end-of-line character (<c>VEOL</c>).</summary>
    public byte EndOfLineCharacter { get => Cc(11); set => SetCc(11, value); }

    /// <summary>In non-canonical mode, the least number of characters a read waits for (<c>VMIN</c>).</summary>
    public byte MinimumCharacters { get => Cc(6); set => SetCc(6, value); }

    /// <summary>In non-canonical mode, the read timeout in tenths of a second (<c>VTIME</c>).</summary>
    public byte TimeoutTenths { get => Cc(5); set => SetCc(5, value); }

    /// <summary>The start character, XON (<c>VSTART</c>).</summary>
    public byte StartCharacter { get => Cc(8); set => SetCc(8, value); }

    /// <summary>The stop character, XOFF (<c>VSTOP</c>).</summary>
    public byte StopCharacter { get => Cc(9); set => SetCc(9, value); }

    /// <summary>The input baud rate, e.g. 38400 (OCaml's <c>c_ibaud</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a rate Linux has no code for.</exception>
    public unsafe int InputSpeed
    {
        get
        {
            fixed (byte* t = _termios)
            {
                return BaudOf(Libc.cfgetispeed(t));
            }
        }

        set
        {
            uint code = CodeOf(value);
            fixed (byte* t = _termios)
            {
                Libc.cfsetispeed(t, code);
            }
        }
    }

    /// <summary>The output baud rate (OCaml's <c>c_obaud</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a rate Linux has no code for.</exception>
    public unsafe int OutputSpeed
    {
        get
        {
            fixed (byte* t = _termios)
            {
                return BaudOf(Libc.cfgetospeed(t));
            }
        }

        set
        {
            uint code = CodeOf(value);
            fixed (byte* t = _termios)
            {
                Libc.cfsetospeed(t, code);
            }
        }
    }

    /// <summary>A copy that can be changed without changing this one.</summary>
    /// <returns>The copy.</returns>
    public TerminalAttributes Clone()
    {
        var copy = new TerminalAttributes();
        _termios.CopyTo(copy._termios, 0);
        return copy;
    }

    /// <summary>The struct termios, to pin for tcgetattr and tcsetattr.</summary>
    internal byte[] Raw => _termios;

    private static int BaudOf(uint code)
    {
        foreach ((int baud, uint c) in s_speeds)
        {
            if (c == code)
            {
                return baud;
            }
        }

        return -1;
    }

    private static uint CodeOf(int baud)
    {
        foreach ((int b, uint code) in s_speeds)
        {
            if (b == baud)
            {
                return code;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(baud), baud, "Not a baud rate Linux knows (0, 50, ..., 9600, 19200, 38400, 57600, 115200, ... 4000000).");
    }

    private uint Read(int offset) => BitConverter.ToUInt32(_termios, offset);

    private void Write(int offset, uint value) => BitConverter.TryWriteBytes(_termios.AsSpan(offset), value);

    private bool Get(int offset, uint bit) => (Read(offset) & bit) != 0;

    private void Set(int offset, uint bit, bool on) => Write(offset, on ? Read(offset) | bit : Read(offset) & ~bit);

    private byte Cc(int index) => _termios[ControlCharacters + index];

    private void SetCc(int index, byte value) => _termios[ControlCharacters + index] = value;
}
