using System.Runtime.InteropServices;

namespace PyRevolveNet.Tests.Support;

/// <summary>
/// Bytes that end right before an inaccessible page (Linux: mmap + mprotect), so that a decoder reading or
/// writing even one byte past a span cut from its end faults at once instead of silently touching a neighbour.
/// Elsewhere it is a plain array (no guard).
/// </summary>
public sealed unsafe partial class GuardedBuffer : IDisposable
{
    private const int Page = 4096;
    private readonly byte* _base;
    private readonly nuint _mapped;
    private readonly byte[]? _fallback;

    public GuardedBuffer(int capacity)
    {
        Capacity = capacity;
        if (!OperatingSystem.IsLinux())
        {
            _fallback = new byte[capacity];
            return;
        }

        var dataPages = (nuint)((capacity + Page - 1) / Page);
        _mapped = (dataPages + 1) * Page;
        _base = (byte*)Mmap(null, _mapped, 3, 0x22, -1, 0);   // PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS
        if (_base == (byte*)-1 || Mprotect(_base + (dataPages * Page), Page, 0) != 0)
        {
            throw new InvalidOperationException("mmap/mprotect failed");
        }

        Guarded = true;
        _start = _base + (dataPages * Page) - capacity;
    }

    private readonly byte* _start;

    public int Capacity { get; }

    /// <summary>Whether the page after the buffer really faults (false off Linux).</summary>
    public bool Guarded { get; }

    /// <summary>The last <paramref name="length"/> bytes: the span ends at the guard page.</summary>
    public Span<byte> Tail(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        return _fallback is { } f ? f.AsSpan(Capacity - length, length) : new Span<byte>(_start + (Capacity - length), length);
    }

    /// <summary>A copy of <paramref name="source"/> that ends at the guard page.</summary>
    public ReadOnlySpan<byte> Place(ReadOnlySpan<byte> source)
    {
        var t = Tail(source.Length);
        source.CopyTo(t);
        return t;
    }

    /// <summary>The last <paramref name="count"/> floats (the capacity must be a multiple of 4).</summary>
    public Span<float> Floats(int count) => MemoryMarshal.Cast<byte, float>(Tail(count * 4));

    public void Dispose()
    {
        if (_base != null)
        {
            _ = Munmap(_base, _mapped);
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Mmap(void* addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Mprotect(void* addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* addr, nuint length);
}
