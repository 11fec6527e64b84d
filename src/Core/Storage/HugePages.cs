using System.Runtime.InteropServices;

namespace PyRevolveNet.Storage;

/// <summary>
/// Asks Linux for transparent huge pages on large buffers (THP is often in "madvise" mode): a 3D stencil
/// touches 2K+1 planes hundreds of KB apart for every vector, and 2 MB pages keep those in the TLB.
/// Best effort: any failure (other OS, THP disabled) leaves ordinary pages.
/// </summary>
internal static partial class HugePages
{
    /// <summary>Buffers at least this large get 2 MB alignment and the advice.</summary>
    public const nuint Threshold = 8u << 20;

    public const nuint PageSize = 2u << 20;

    private const int MadvHugePage = 14;

    public static unsafe void Advise(void* address, nuint bytes)
    {
        if (!OperatingSystem.IsLinux() || bytes < Threshold)
        {
            return;
        }

        try
        {
            _ = Madvise(address, bytes, MadvHugePage);
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static unsafe partial int Madvise(void* address, nuint length, int advice);
}
