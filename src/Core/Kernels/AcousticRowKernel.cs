// The three vector loops are written out per width (as TensorPrimitives does) so each is a straight loop the
// JIT can register-allocate; they are kept textually identical apart from the vector type.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Kernels;

/// <summary>
/// The update of one contiguous run [start, end) of a row, in place (the new value overwrites the previous
/// one at the same point, after it was read), for
/// <c>u_next = 2u - u_prev - e (u - u_prev) + a lap(u)</c> with <c>a = 1/(m/dt^2 + damp/(2dt))</c> and
/// <c>e = a damp/dt</c> (the division-free form of Devito's OT2 update; <c>e</c> is only read when
/// <typeparamref name="TDamp"/> is on, i.e. inside the absorbing layer), optionally fused with the imaging
/// condition <c>grad -= u_fwd * (u_next - 2u + u_prev)/dt^2</c> (<typeparamref name="TImg"/>).
/// Widest path first (512 -> 256 -> 128 -> scalar), each taken only while a whole vector fits; a row tail
/// never re-processes points, because in-place points must not be updated twice.
/// All paths perform the same IEEE operations in the same order, so they agree bitwise with the scalar path.
/// </summary>
internal static class AcousticRowKernel
{
    // Optimised at first call: the loop is the whole cost of a time step, and a solver's first steps would
    // otherwise run tier-0 code until tiering (and OSR) catch up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TSo, TDim, TDamp, TImg>(scoped in RowArgs r, nint start, nint end, SimdWidth width)
        where TSo : struct, ISpaceOrder
        where TDim : struct, IDimensionality
        where TDamp : struct, IKernelFlag
        where TImg : struct, IKernelFlag
    {
        ref float u = ref r.Current;
        ref float p = ref r.PrevNext;
        ref float a = ref r.A;
        ref float e = ref r.E;
        ref float dl = ref r.DampLast;
        ref float f = ref r.Forward;
        ref float g = ref r.Gradient;
        ref float w = ref r.Weights;
        nint sa = r.StrideOuter;
        nint sb = r.StrideMiddle;
        nint i = start;

        if (width >= SimdWidth.Vector512 && Vector512.IsHardwareAccelerated)
        {
            var c0 = Vector512.Create(Unsafe.Add(ref w, 0));
            for (; i + 16 <= end; i += 16)
            {
                // Taps unrolled up to radius 8; the TSo.Radius guards are JIT-time constants.
                ref float c = ref Unsafe.Add(ref u, i);
                ref float ap = ref c;
                ref float am = ref c;
                ref float bp = ref c;
                ref float bm = ref c;
                var uc = Vector512.LoadUnsafe(ref c);
                var lap = uc * c0;
                if (TSo.Radius >= 1)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 1)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 1)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 1)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 1)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 1)), lap);
                }

                if (TSo.Radius >= 2)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 2)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 2)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 2)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 2)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 2)), lap);
                }

                if (TSo.Radius >= 3)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 3)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 3)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 3)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 3)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 3)), lap);
                }

                if (TSo.Radius >= 4)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 4)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 4)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 4)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 4)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 4)), lap);
                }

                if (TSo.Radius >= 5)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 5)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 5)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 5)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 5)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 5)), lap);
                }

                if (TSo.Radius >= 6)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 6)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 6)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 6)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 6)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 6)), lap);
                }

                if (TSo.Radius >= 7)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 7)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 7)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 7)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 7)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 7)), lap);
                }

                if (TSo.Radius >= 8)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, 8)), Vector512.LoadUnsafe(ref ap) + Vector512.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + 8)), Vector512.LoadUnsafe(ref bp) + Vector512.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 8)), Vector512.LoadUnsafe(ref Unsafe.Add(ref c, 8)) + Vector512.LoadUnsafe(ref Unsafe.Subtract(ref c, 8)), lap);
                }

                var up = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i));
                var d = uc - up;
                var t = uc + d;
                var ai = Vector512.LoadUnsafe(ref Unsafe.Add(ref a, i));
                if (TDamp.Enabled)
                {
                    var ei = TDamp.Separable ? ai * (Vector512.Create(r.DampRow) + Vector512.LoadUnsafe(ref Unsafe.Add(ref dl, i))) : Vector512.LoadUnsafe(ref Unsafe.Add(ref e, i));
                    t = SimdMath.Nmadd(ei, d, t);
                }

                var next = SimdMath.Madd(ai, lap, t);
                if (TImg.Enabled)
                {
                    var d2 = ((next - uc) - d) * Vector512.Create(r.InvDt2);
                    SimdMath.Nmadd(Vector512.LoadUnsafe(ref Unsafe.Add(ref f, i)), d2, Vector512.LoadUnsafe(ref Unsafe.Add(ref g, i))).StoreUnsafe(ref Unsafe.Add(ref g, i));
                }

                next.StoreUnsafe(ref Unsafe.Add(ref p, i));
            }
        }

        if (width >= SimdWidth.Vector256 && Vector256.IsHardwareAccelerated)
        {
            var c0 = Vector256.Create(Unsafe.Add(ref w, 0));
            for (; i + 8 <= end; i += 8)
            {
                // Taps unrolled up to radius 8; the TSo.Radius guards are JIT-time constants.
                ref float c = ref Unsafe.Add(ref u, i);
                ref float ap = ref c;
                ref float am = ref c;
                ref float bp = ref c;
                ref float bm = ref c;
                var uc = Vector256.LoadUnsafe(ref c);
                var lap = uc * c0;
                if (TSo.Radius >= 1)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 1)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 1)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 1)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 1)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 1)), lap);
                }

                if (TSo.Radius >= 2)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 2)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 2)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 2)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 2)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 2)), lap);
                }

                if (TSo.Radius >= 3)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 3)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 3)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 3)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 3)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 3)), lap);
                }

                if (TSo.Radius >= 4)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 4)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 4)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 4)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 4)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 4)), lap);
                }

                if (TSo.Radius >= 5)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 5)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 5)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 5)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 5)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 5)), lap);
                }

                if (TSo.Radius >= 6)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 6)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 6)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 6)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 6)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 6)), lap);
                }

                if (TSo.Radius >= 7)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 7)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 7)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 7)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 7)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 7)), lap);
                }

                if (TSo.Radius >= 8)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, 8)), Vector256.LoadUnsafe(ref ap) + Vector256.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + 8)), Vector256.LoadUnsafe(ref bp) + Vector256.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 8)), Vector256.LoadUnsafe(ref Unsafe.Add(ref c, 8)) + Vector256.LoadUnsafe(ref Unsafe.Subtract(ref c, 8)), lap);
                }

                var up = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i));
                var d = uc - up;
                var t = uc + d;
                var ai = Vector256.LoadUnsafe(ref Unsafe.Add(ref a, i));
                if (TDamp.Enabled)
                {
                    var ei = TDamp.Separable ? ai * (Vector256.Create(r.DampRow) + Vector256.LoadUnsafe(ref Unsafe.Add(ref dl, i))) : Vector256.LoadUnsafe(ref Unsafe.Add(ref e, i));
                    t = SimdMath.Nmadd(ei, d, t);
                }

                var next = SimdMath.Madd(ai, lap, t);
                if (TImg.Enabled)
                {
                    var d2 = ((next - uc) - d) * Vector256.Create(r.InvDt2);
                    SimdMath.Nmadd(Vector256.LoadUnsafe(ref Unsafe.Add(ref f, i)), d2, Vector256.LoadUnsafe(ref Unsafe.Add(ref g, i))).StoreUnsafe(ref Unsafe.Add(ref g, i));
                }

                next.StoreUnsafe(ref Unsafe.Add(ref p, i));
            }
        }

        if (width >= SimdWidth.Vector128 && Vector128.IsHardwareAccelerated)
        {
            var c0 = Vector128.Create(Unsafe.Add(ref w, 0));
            for (; i + 4 <= end; i += 4)
            {
                // Taps unrolled up to radius 8; the TSo.Radius guards are JIT-time constants.
                ref float c = ref Unsafe.Add(ref u, i);
                ref float ap = ref c;
                ref float am = ref c;
                ref float bp = ref c;
                ref float bm = ref c;
                var uc = Vector128.LoadUnsafe(ref c);
                var lap = uc * c0;
                if (TSo.Radius >= 1)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 1)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 1)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 1)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 1)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 1)), lap);
                }

                if (TSo.Radius >= 2)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 2)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 2)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 2)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 2)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 2)), lap);
                }

                if (TSo.Radius >= 3)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 3)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 3)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 3)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 3)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 3)), lap);
                }

                if (TSo.Radius >= 4)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 4)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 4)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 4)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 4)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 4)), lap);
                }

                if (TSo.Radius >= 5)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 5)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 5)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 5)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 5)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 5)), lap);
                }

                if (TSo.Radius >= 6)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 6)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 6)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 6)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 6)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 6)), lap);
                }

                if (TSo.Radius >= 7)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 7)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 7)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 7)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 7)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 7)), lap);
                }

                if (TSo.Radius >= 8)
                {
                    ap = ref Unsafe.Add(ref ap, sa);
                    am = ref Unsafe.Subtract(ref am, sa);
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, 8)), Vector128.LoadUnsafe(ref ap) + Vector128.LoadUnsafe(ref am), lap);
                    if (TDim.Is3D)
                    {
                        bp = ref Unsafe.Add(ref bp, sb);
                        bm = ref Unsafe.Subtract(ref bm, sb);
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + 8)), Vector128.LoadUnsafe(ref bp) + Vector128.LoadUnsafe(ref bm), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + 8)), Vector128.LoadUnsafe(ref Unsafe.Add(ref c, 8)) + Vector128.LoadUnsafe(ref Unsafe.Subtract(ref c, 8)), lap);
                }

                var up = Vector128.LoadUnsafe(ref Unsafe.Add(ref p, i));
                var d = uc - up;
                var t = uc + d;
                var ai = Vector128.LoadUnsafe(ref Unsafe.Add(ref a, i));
                if (TDamp.Enabled)
                {
                    var ei = TDamp.Separable ? ai * (Vector128.Create(r.DampRow) + Vector128.LoadUnsafe(ref Unsafe.Add(ref dl, i))) : Vector128.LoadUnsafe(ref Unsafe.Add(ref e, i));
                    t = SimdMath.Nmadd(ei, d, t);
                }

                var next = SimdMath.Madd(ai, lap, t);
                if (TImg.Enabled)
                {
                    var d2 = ((next - uc) - d) * Vector128.Create(r.InvDt2);
                    SimdMath.Nmadd(Vector128.LoadUnsafe(ref Unsafe.Add(ref f, i)), d2, Vector128.LoadUnsafe(ref Unsafe.Add(ref g, i))).StoreUnsafe(ref Unsafe.Add(ref g, i));
                }

                next.StoreUnsafe(ref Unsafe.Add(ref p, i));
            }
        }

        for (; i < end; i++)
        {
            float uc = Unsafe.Add(ref u, i);
            float lap = uc * Unsafe.Add(ref w, 0);
            for (int k = 1; k <= TSo.Radius; k++)
            {
                nint oa = k * sa;
                lap = SimdMath.Madd(Unsafe.Add(ref w, k), Unsafe.Add(ref u, i + oa) + Unsafe.Add(ref u, i - oa), lap);
                if (TDim.Is3D)
                {
                    nint ob = k * sb;
                    lap = SimdMath.Madd(Unsafe.Add(ref w, TSo.Radius + k), Unsafe.Add(ref u, i + ob) + Unsafe.Add(ref u, i - ob), lap);
                }

                lap = SimdMath.Madd(Unsafe.Add(ref w, (2 * TSo.Radius) + k), Unsafe.Add(ref u, i + k) + Unsafe.Add(ref u, i - k), lap);
            }

            float up = Unsafe.Add(ref p, i);

            // u_prev enters only through d = u - u_prev (not as one fused 2u - u_prev): a checkpoint of the pair
            // stored as (u, d) and restored as u_prev' = u - d (CompressingCodec.SecondOrderPair) then gives back
            // the very same d, so a lossless codec stays bitwise exact.
            float d = uc - up;
            float t = uc + d;
            float ai = Unsafe.Add(ref a, i);
            if (TDamp.Enabled)
            {
                float ei = TDamp.Separable ? ai * (r.DampRow + Unsafe.Add(ref dl, i)) : Unsafe.Add(ref e, i);
                t = SimdMath.Nmadd(ei, d, t);
            }

            float next = SimdMath.Madd(ai, lap, t);
            if (TImg.Enabled)
            {
                float d2 = ((next - uc) - d) * r.InvDt2;
                Unsafe.Add(ref g, i) = SimdMath.Nmadd(Unsafe.Add(ref f, i), d2, Unsafe.Add(ref g, i));
            }

            Unsafe.Add(ref p, i) = next;
        }
    }
}
