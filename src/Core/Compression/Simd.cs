using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Compression;

/// <summary>
/// Element-wise kernels of the codecs, each with Vector512, Vector256 and scalar paths that give bit-identical
/// results (same rounding, no fused multiply-add), so a stream never depends on the machine that wrote it.
/// </summary>
internal static class Simd
{
    [ThreadStatic]
    private static SimdLevel? t_force;

    public static SimdLevel Best { get; } = Vector512.IsHardwareAccelerated ? SimdLevel.Vector512
        : Vector256.IsHardwareAccelerated ? SimdLevel.Vector256 : SimdLevel.Scalar;

    /// <summary>The level used on this thread: the best available, unless a test forced a lower one.</summary>
    public static SimdLevel Level
    {
        get => t_force is { } f && f < Best ? f : Best;
        set => t_force = value;
    }

    public static bool Use512 => Level >= SimdLevel.Vector512;

    public static bool Use256 => Level >= SimdLevel.Vector256;

    /// <summary>Min, max and the largest |x| bit pattern (at least 0x7F800000 when a NaN or infinity is present).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Range(ReadOnlySpan<float> x, out float min, out float max, out uint maxAbsBits)
    {
        ref var r = ref MemoryMarshal.GetReference(x);
        var n = x.Length;
        var i = 0;
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        uint abs = 0;
        if (Use512 && n >= 16)
        {
            var vlo = Vector512.Create(float.PositiveInfinity);
            var vhi = Vector512.Create(float.NegativeInfinity);
            var vabs = Vector512<uint>.Zero;
            var mask = Vector512.Create(0x7FFFFFFFu);
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref r, (nuint)i);
                vlo = Vector512.MinNative(vlo, v);
                vhi = Vector512.MaxNative(vhi, v);
                vabs = Vector512.Max(vabs, v.AsUInt32() & mask);
            }

            for (var k = 0; k < 16; k++)
            {
                lo = Math.Min(lo, vlo[k]);
                hi = Math.Max(hi, vhi[k]);
                abs = Math.Max(abs, vabs[k]);
            }
        }
        else if (Use256 && n >= 8)
        {
            var vlo = Vector256.Create(float.PositiveInfinity);
            var vhi = Vector256.Create(float.NegativeInfinity);
            var vabs = Vector256<uint>.Zero;
            var mask = Vector256.Create(0x7FFFFFFFu);
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref r, (nuint)i);
                vlo = Vector256.MinNative(vlo, v);
                vhi = Vector256.MaxNative(vhi, v);
                vabs = Vector256.Max(vabs, v.AsUInt32() & mask);
            }

            for (var k = 0; k < 8; k++)
            {
                lo = Math.Min(lo, vlo[k]);
                hi = Math.Max(hi, vhi[k]);
                abs = Math.Max(abs, vabs[k]);
            }
        }

        for (; i < n; i++)
        {
            var v = Unsafe.Add(ref r, i);
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
            abs = Math.Max(abs, BitConverter.SingleToUInt32Bits(v) & 0x7FFFFFFFu);
        }

        min = lo;
        max = hi;
        maxAbsBits = abs;
    }

    /// <summary>q = clamp(round((x - offset) * scale), lo, hi) + add, rounding half to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(ReadOnlySpan<float> x, float offset, float scale, float lo, float hi, int add, Span<int> q)
    {
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rq = ref MemoryMarshal.GetReference(q);
        var n = Math.Min(x.Length, q.Length);
        var i = 0;
        if (Use512)
        {
            var o = Vector512.Create(offset);
            var s = Vector512.Create(scale);
            var l = Vector512.Create(lo);
            var h = Vector512.Create(hi);
            var a = Vector512.Create(add);
            for (; i <= n - 16; i += 16)
            {
                var t = Vector512.Round((Vector512.LoadUnsafe(ref rx, (nuint)i) - o) * s);
                t = Vector512.Min(Vector512.Max(t, l), h);
                (Vector512.ConvertToInt32(t) + a).StoreUnsafe(ref rq, (nuint)i);
            }
        }
        else if (Use256)
        {
            var o = Vector256.Create(offset);
            var s = Vector256.Create(scale);
            var l = Vector256.Create(lo);
            var h = Vector256.Create(hi);
            var a = Vector256.Create(add);
            for (; i <= n - 8; i += 8)
            {
                var t = Vector256.Round((Vector256.LoadUnsafe(ref rx, (nuint)i) - o) * s);
                t = Vector256.Min(Vector256.Max(t, l), h);
                (Vector256.ConvertToInt32(t) + a).StoreUnsafe(ref rq, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var t = MathF.Round((Unsafe.Add(ref rx, i) - offset) * scale, MidpointRounding.ToEven);
            t = Math.Min(Math.Max(t, lo), hi);
            Unsafe.Add(ref rq, i) = (int)t + add;
        }
    }

    /// <summary>x = (float)(q + add) * scale + offset (multiply then add, never fused). q and x may alias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize(ReadOnlySpan<int> q, int add, float scale, float offset, Span<float> x)
    {
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var rx = ref MemoryMarshal.GetReference(x);
        var n = Math.Min(x.Length, q.Length);
        var i = 0;
        if (Use512)
        {
            var a = Vector512.Create(add);
            var s = Vector512.Create(scale);
            var o = Vector512.Create(offset);
            for (; i <= n - 16; i += 16)
            {
                var f = Vector512.ConvertToSingle(Vector512.LoadUnsafe(ref rq, (nuint)i) + a);
                ((f * s) + o).StoreUnsafe(ref rx, (nuint)i);
            }
        }
        else if (Use256)
        {
            var a = Vector256.Create(add);
            var s = Vector256.Create(scale);
            var o = Vector256.Create(offset);
            for (; i <= n - 8; i += 8)
            {
                var f = Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref rq, (nuint)i) + a);
                ((f * s) + o).StoreUnsafe(ref rx, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var f = (float)(Unsafe.Add(ref rq, i) + add);
            Unsafe.Add(ref rx, i) = (f * scale) + offset;
        }
    }

    /// <summary>dst = a - b (wrapping). dst may alias a or b element for element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Subtract(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> dst)
    {
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rd = ref MemoryMarshal.GetReference(dst);
        var n = dst.Length;
        var i = 0;
        if (Use512)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512.LoadUnsafe(ref ra, (nuint)i) - Vector512.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }
        }
        else if (Use256)
        {
            for (; i <= n - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref ra, (nuint)i) - Vector256.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = Unsafe.Add(ref ra, i) - Unsafe.Add(ref rb, i);
        }
    }

    /// <summary>acc += b (wrapping).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddInPlace(Span<int> acc, ReadOnlySpan<int> b)
    {
        ref var ra = ref MemoryMarshal.GetReference(acc);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var n = acc.Length;
        var i = 0;
        if (Use512)
        {
            for (; i <= n - 16; i += 16)
            {
                (Vector512.LoadUnsafe(ref ra, (nuint)i) + Vector512.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref ra, (nuint)i);
            }
        }
        else if (Use256)
        {
            for (; i <= n - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref ra, (nuint)i) + Vector256.LoadUnsafe(ref rb, (nuint)i)).StoreUnsafe(ref ra, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ra, i) += Unsafe.Add(ref rb, i);
        }
    }

    /// <summary>v = (v &lt;&lt; 1) ^ (v &gt;&gt; 31): small magnitudes of either sign become small unsigned values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ZigZag(Span<int> v)
    {
        ref var r = ref MemoryMarshal.GetReference(v);
        var n = v.Length;
        var i = 0;
        if (Use512)
        {
            for (; i <= n - 16; i += 16)
            {
                var x = Vector512.LoadUnsafe(ref r, (nuint)i);
                (Vector512.ShiftLeft(x, 1) ^ Vector512.ShiftRightArithmetic(x, 31)).StoreUnsafe(ref r, (nuint)i);
            }
        }
        else if (Use256)
        {
            for (; i <= n - 8; i += 8)
            {
                var x = Vector256.LoadUnsafe(ref r, (nuint)i);
                (Vector256.ShiftLeft(x, 1) ^ Vector256.ShiftRightArithmetic(x, 31)).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref r, i);
            Unsafe.Add(ref r, i) = (x << 1) ^ (x >> 31);
        }
    }

    /// <summary>Inverse of <see cref="ZigZag"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UnZigZag(Span<int> v)
    {
        ref var r = ref MemoryMarshal.GetReference(v);
        var n = v.Length;
        var i = 0;
        if (Use512)
        {
            var one = Vector512.Create(1);
            for (; i <= n - 16; i += 16)
            {
                var x = Vector512.LoadUnsafe(ref r, (nuint)i);
                (Vector512.ShiftRightLogical(x, 1) ^ -(x & one)).StoreUnsafe(ref r, (nuint)i);
            }
        }
        else if (Use256)
        {
            var one = Vector256.Create(1);
            for (; i <= n - 8; i += 8)
            {
                var x = Vector256.LoadUnsafe(ref r, (nuint)i);
                (Vector256.ShiftRightLogical(x, 1) ^ -(x & one)).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref r, i);
            Unsafe.Add(ref r, i) = (int)((uint)x >> 1) ^ -(x & 1);
        }
    }

    /// <summary>
    /// Float bits to a monotone integer order (and back: the map is its own kind of inverse, see
    /// <see cref="FromOrdered"/>), so that nearby floats of either sign are nearby integers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToOrdered(ReadOnlySpan<float> x, Span<int> o)
    {
        var bits = MemoryMarshal.Cast<float, int>(x);
        ref var rb = ref MemoryMarshal.GetReference(bits);
        ref var ro = ref MemoryMarshal.GetReference(o);
        var n = o.Length;
        var i = 0;
        if (Use512)
        {
            var top = Vector512.Create(int.MinValue);
            for (; i <= n - 16; i += 16)
            {
                var b = Vector512.LoadUnsafe(ref rb, (nuint)i);
                (b ^ (Vector512.ShiftRightArithmetic(b, 31) | top)).StoreUnsafe(ref ro, (nuint)i);
            }
        }
        else if (Use256)
        {
            var top = Vector256.Create(int.MinValue);
            for (; i <= n - 8; i += 8)
            {
                var b = Vector256.LoadUnsafe(ref rb, (nuint)i);
                (b ^ (Vector256.ShiftRightArithmetic(b, 31) | top)).StoreUnsafe(ref ro, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var b = Unsafe.Add(ref rb, i);
            Unsafe.Add(ref ro, i) = b ^ ((b >> 31) | int.MinValue);
        }
    }

    /// <summary>Inverse of <see cref="ToOrdered"/>, in place (the span then holds float bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromOrdered(Span<int> o)
    {
        ref var r = ref MemoryMarshal.GetReference(o);
        var n = o.Length;
        var i = 0;
        if (Use512)
        {
            var top = Vector512.Create(int.MinValue);
            for (; i <= n - 16; i += 16)
            {
                var b = Vector512.LoadUnsafe(ref r, (nuint)i);
                (b ^ (~Vector512.ShiftRightArithmetic(b, 31) | top)).StoreUnsafe(ref r, (nuint)i);
            }
        }
        else if (Use256)
        {
            var top = Vector256.Create(int.MinValue);
            for (; i <= n - 8; i += 8)
            {
                var b = Vector256.LoadUnsafe(ref r, (nuint)i);
                (b ^ (~Vector256.ShiftRightArithmetic(b, 31) | top)).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            var b = Unsafe.Add(ref r, i);
            Unsafe.Add(ref r, i) = b ^ (~(b >> 31) | int.MinValue);
        }
    }

    /// <summary>x += w · (a + b) (multiply then add, never fused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaledSum(Span<float> x, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float w)
    {
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var n = x.Length;
        var i = 0;
        if (Use512)
        {
            var vw = Vector512.Create(w);
            for (; i <= n - 16; i += 16)
            {
                var s = Vector512.LoadUnsafe(ref ra, (nuint)i) + Vector512.LoadUnsafe(ref rb, (nuint)i);
                (Vector512.LoadUnsafe(ref rx, (nuint)i) + (vw * s)).StoreUnsafe(ref rx, (nuint)i);
            }
        }

        if (Use256)
        {
            var vw = Vector256.Create(w);
            for (; i <= n - 8; i += 8)
            {
                var s = Vector256.LoadUnsafe(ref ra, (nuint)i) + Vector256.LoadUnsafe(ref rb, (nuint)i);
                (Vector256.LoadUnsafe(ref rx, (nuint)i) + (vw * s)).StoreUnsafe(ref rx, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rx, i) += w * (Unsafe.Add(ref ra, i) + Unsafe.Add(ref rb, i));
        }
    }

    /// <summary>dst = src · s.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(ReadOnlySpan<float> src, float s, Span<float> dst)
    {
        ref var rs = ref MemoryMarshal.GetReference(src);
        ref var rd = ref MemoryMarshal.GetReference(dst);
        var n = dst.Length;
        var i = 0;
        if (Use512)
        {
            var v = Vector512.Create(s);
            for (; i <= n - 16; i += 16)
            {
                (Vector512.LoadUnsafe(ref rs, (nuint)i) * v).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        if (Use256)
        {
            var v = Vector256.Create(s);
            for (; i <= n - 8; i += 8)
            {
                (Vector256.LoadUnsafe(ref rs, (nuint)i) * v).StoreUnsafe(ref rd, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref rd, i) = Unsafe.Add(ref rs, i) * s;
        }
    }
}
