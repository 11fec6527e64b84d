using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using PyRevolveNet.Kernels;

namespace PyRevolveNet.Benchmarks;

/// <summary>
/// The 3D row kernels alone, on one row (or row pair) whose stencil neighbours all stay in L1: the core-bound
/// ceiling of the kernel, to set against the whole-grid figures (which add the cost of bringing planes in).
///   Benchmarks incache SO NZ [WIDTH]      (WIDTH 128|256|512, default the widest; undamped rows, one thread)
/// </summary>
internal static class InCacheKernel
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        int so = int.Parse(args[1], inv), nz = int.Parse(args[2], inv);
        var width = args.Length > 3 ? (SimdWidth)int.Parse(args[3], inv) : SimdSupport.Best;
        switch (so)
        {
            case 2: Measure<SpaceOrder2>(nz, width); break;
            case 4: Measure<SpaceOrder4>(nz, width); break;
            case 8: Measure<SpaceOrder8>(nz, width); break;
            case 12: Measure<SpaceOrder12>(nz, width); break;
            default: Measure<SpaceOrder16>(nz, width); break;
        }
    }

    private static void Measure<TSo>(int nz, SimdWidth width)
        where TSo : struct, ISpaceOrder
    {
        var grid = new GridShape([4 * TSo.Radius, 4 * TSo.Radius, nz], [10.0, 10.0, 10.0], 2 * TSo.Radius);
        using var u = new FieldBuffer(grid);
        using var p = new FieldBuffer(grid);
        using var a = new FieldBuffer(grid);
        using var e = new FieldBuffer(grid);
        var rng = new Random(1);
        for (int i = 0; i < grid.Length; i++)
        {
            u.Span[i] = (float)rng.NextDouble();
            a.Span[i] = 1e-3f;
        }

        var weights = new float[(3 * TSo.Radius) + 1];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = -1e-3f * (i + 1);
        }

        int offset = grid.Index(TSo.Radius, TSo.Radius, 0);
        const int Calls = 200_000;
        foreach (string kernel in new[] { "pair", "row" })
        {
            double best = double.PositiveInfinity;
            for (int round = 0; round < 3; round++)
            {
                p.Clear();
                var clock = Stopwatch.StartNew();
                for (int c = 0; c < Calls; c++)
                {
                    var r = new RowArgs
                    {
                        Current = ref u.Span[offset],
                        PrevNext = ref p.Span[offset],
                        A = ref a.Span[offset],
                        E = ref e.Span[offset],
                        Forward = ref Unsafe.NullRef<float>(),
                        Gradient = ref Unsafe.NullRef<float>(),
                        Weights = ref weights[0],
                        StrideOuter = grid.Strides[0],
                        StrideMiddle = grid.Strides[1],
                        ForwardStrideOuter = grid.Strides[0],
                        InvDt2 = 1,
                    };
                    if (kernel == "pair")
                    {
                        AcousticPairKernel.Run<TSo, Dimensions3, FlagOff, FlagOff>(in r, 0, nz, width);
                    }
                    else
                    {
                        AcousticRowKernel.Run<TSo, Dimensions3, FlagOff, FlagOff>(in r, 0, nz, width);
                    }
                }

                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            double points = (double)Calls * nz * (kernel == "pair" ? 2 : 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT impl=incache so={2 * TSo.Radius} nz={nz} simd={width} kernel={kernel} ns_per_pt={best * 1e9 / points:F3} gpts={points / best / 1e9:F3} check={p.Span[offset + 5]:E6}"));
        }
    }
}
