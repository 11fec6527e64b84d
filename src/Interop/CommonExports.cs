using System.Runtime.InteropServices;

namespace PyRevolveNet.Interop;

/// <summary>Exports shared by every kind of object: errors, handle release, version.</summary>
public static unsafe class CommonExports
{
    /// <summary>ABI version: Python refuses a native build whose version differs from its own.</summary>
    public const int AbiVersion = 1;

    [UnmanagedCallersOnly]
    public static int GetAbiVersion() => AbiVersion;

    /// <summary>UTF-8 last error of the calling thread into buffer; returns its full byte length.</summary>
    [UnmanagedCallersOnly]
    public static int GetLastError(byte* buffer, int capacity) => Errors.CopyLastError(buffer, capacity);

    /// <summary>Releases any handle; disposes the object when it is disposable. A second free is an error.</summary>
    [UnmanagedCallersOnly]
    public static int FreeHandle(long handle)
    {
        try
        {
            var value = HandleTable.Remove(handle);
            if (value is null)
            {
                return (int)Errors.Fail(Status.InvalidHandle, $"invalid handle {handle}: already freed or never created");
            }

            (value as IDisposable)?.Dispose();
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>Number of live handles (for leak tests).</summary>
    [UnmanagedCallersOnly]
    public static long LiveHandleCount() => HandleTable.Count;
}
