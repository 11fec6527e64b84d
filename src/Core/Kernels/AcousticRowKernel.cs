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
                var uc = Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i));
                var lap = uc * c0;
                for (int k = 1; k <= TSo.Radius; k++)
                {
                    nint oa = k * sa;
                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, k)), Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i + oa)) + Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i - oa)), lap);
                    if (TDim.Is3D)
                    {
                        nint ob = k * sb;
                        lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, TSo.Radius + k)), Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i + ob)) + Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i - ob)), lap);
                    }

                    lap = SimdMath.Madd(Vector512.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + k)), Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i + k)) + Vector512.LoadUnsafe(ref Unsafe.Add(ref u, i - k)), lap);
                }

                var up = Vector512.LoadUnsafe(ref Unsafe.Add(ref p, i));
                var d = uc - up;
                var t = uc + d;
                if (TDamp.Enabled)
                {
                    t = SimdMath.Nmadd(Vector512.LoadUnsafe(ref Unsafe.Add(ref e, i)), d, t);
                }

                var next = SimdMath.Madd(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, i)), lap, t);
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
                var uc = Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i));
                var lap = uc * c0;
                for (int k = 1; k <= TSo.Radius; k++)
                {
                    nint oa = k * sa;
                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, k)), Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i + oa)) + Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i - oa)), lap);
                    if (TDim.Is3D)
                    {
                        nint ob = k * sb;
                        lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, TSo.Radius + k)), Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i + ob)) + Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i - ob)), lap);
                    }

                    lap = SimdMath.Madd(Vector256.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + k)), Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i + k)) + Vector256.LoadUnsafe(ref Unsafe.Add(ref u, i - k)), lap);
                }

                var up = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, i));
                var d = uc - up;
                var t = uc + d;
                if (TDamp.Enabled)
                {
                    t = SimdMath.Nmadd(Vector256.LoadUnsafe(ref Unsafe.Add(ref e, i)), d, t);
                }

                var next = SimdMath.Madd(Vector256.LoadUnsafe(ref Unsafe.Add(ref a, i)), lap, t);
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
                var uc = Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i));
                var lap = uc * c0;
                for (int k = 1; k <= TSo.Radius; k++)
                {
                    nint oa = k * sa;
                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, k)), Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i + oa)) + Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i - oa)), lap);
                    if (TDim.Is3D)
                    {
                        nint ob = k * sb;
                        lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, TSo.Radius + k)), Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i + ob)) + Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i - ob)), lap);
                    }

                    lap = SimdMath.Madd(Vector128.Create(Unsafe.Add(ref w, (2 * TSo.Radius) + k)), Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i + k)) + Vector128.LoadUnsafe(ref Unsafe.Add(ref u, i - k)), lap);
                }

                var up = Vector128.LoadUnsafe(ref Unsafe.Add(ref p, i));
                var d = uc - up;
                var t = uc + d;
                if (TDamp.Enabled)
                {
                    t = SimdMath.Nmadd(Vector128.LoadUnsafe(ref Unsafe.Add(ref e, i)), d, t);
                }

                var next = SimdMath.Madd(Vector128.LoadUnsafe(ref Unsafe.Add(ref a, i)), lap, t);
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
            float d = uc - up;
            float t = uc + d;
            if (TDamp.Enabled)
            {
                t = SimdMath.Nmadd(Unsafe.Add(ref e, i), d, t);
            }

            float next = SimdMath.Madd(Unsafe.Add(ref a, i), lap, t);
            if (TImg.Enabled)
            {
                float d2 = ((next - uc) - d) * r.InvDt2;
                Unsafe.Add(ref g, i) = SimdMath.Nmadd(Unsafe.Add(ref f, i), d2, Unsafe.Add(ref g, i));
            }

            Unsafe.Add(ref p, i) = next;
        }
    }
}
