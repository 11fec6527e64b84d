using System.Runtime.InteropServices;

namespace PyRevolveNet.Kernels;

/// <summary>
/// Sets the calling thread's SSE/AVX control register (MXCSR) to flush subnormal results to zero (FTZ) and
/// read subnormal inputs as zero (DAZ) until disposed, then restores what the thread had. A wavefield's
/// leading edge decays through the subnormal range, and on Intel cores every vector operation that meets a
/// subnormal takes a microcode assist (about 6x slower 3D steps measured here); Devito sets both flags in
/// every operator it generates, and gcc's <c>-ffast-math</c> (the C reference) sets them at start-up.
/// .NET exposes no MXCSR intrinsic, so this goes through C99's <c>fegetenv</c>/<c>fesetenv</c> (glibc's libm), whose
/// x86-64 <c>fenv_t</c> is the 28-byte x87 environment followed by MXCSR.
/// Best effort: on other systems and architectures it does nothing (<see cref="IsSupported"/> is false).
/// Scoped, because the flags are per thread and the caller's thread (a Python interpreter, say) must get
/// its IEEE behaviour back; both calls together cost well under a microsecond.
/// </summary>
internal readonly unsafe partial struct FlushToZeroScope : IDisposable
{
    private const uint FlushToZero = 1u << 15;
    private const uint DenormalsAreZero = 1u << 6;

    private readonly uint _savedMxcsr;
    private readonly bool _changed;

    private FlushToZeroScope(uint savedMxcsr)
    {
        _savedMxcsr = savedMxcsr;
        _changed = true;
    }

    /// <summary>True where the flags can be set (Linux on x86-64 with glibc's libm.so.6).</summary>
    public static bool IsSupported { get; } = Probe();

    /// <summary>Sets FTZ and DAZ on this thread; disposing restores the previous register.</summary>
    public static FlushToZeroScope Enter()
    {
        if (!IsSupported)
        {
            return default;
        }

        FloatEnvironment env;
        _ = FeGetEnv(&env);
        uint saved = env.Mxcsr;
        env.Mxcsr = saved | FlushToZero | DenormalsAreZero;
        if (env.Mxcsr == saved)
        {
            return default;
        }

        _ = FeSetEnv(&env);
        return new FlushToZeroScope(saved);
    }

    public void Dispose()
    {
        if (_changed)
        {
            WriteMxcsr(_savedMxcsr);
        }
    }

    /// <summary>This thread's MXCSR (tests check that a scope leaves it as it found it).</summary>
    internal static uint ReadMxcsr()
    {
        FloatEnvironment env;
        _ = FeGetEnv(&env);
        return env.Mxcsr;
    }

    private static void WriteMxcsr(uint value)
    {
        FloatEnvironment env;
        _ = FeGetEnv(&env);
        env.Mxcsr = value;
        _ = FeSetEnv(&env);
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return false;
        }

        try
        {
            FloatEnvironment env;
            return FeGetEnv(&env) == 0 && (env.Mxcsr & 0x1F80) != 0;   // the exception masks are set by default
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libm.so.6", EntryPoint = "fegetenv")]
    private static partial int FeGetEnv(FloatEnvironment* env);

    [LibraryImport("libm.so.6", EntryPoint = "fesetenv")]
    private static partial int FeSetEnv(FloatEnvironment* env);

    // x86-64 fenv_t: fnstenv's 28 bytes, then MXCSR.
    [StructLayout(LayoutKind.Explicit, Size = 32)]
    private struct FloatEnvironment
    {
        [FieldOffset(28)]
        public uint Mxcsr;
    }
}
