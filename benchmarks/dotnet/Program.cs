using System.Diagnostics;
using System.Globalization;
using PyRevolveNet.Kernels;

// Mirrors /work/shared/baselines/stencil/acoustic.c (same model, layer, dt, source, receivers, checksums) so
// the two print comparable RESULT lines:
//   Benchmarks DIM SO NX NY [NZ] NT [BY] [THREADS]
// or the 3D row kernels alone, in L1 (InCacheKernel):
//   Benchmarks incache SO NZ [WIDTH]
// Throughput counts interior points (absorbing layer included) per second, like acoustic.c.
if (args.Length > 0 && args[0] == "incache")
{
    PyRevolveNet.Benchmarks.InCacheKernel.Run(args);
    return;
}

var inv = CultureInfo.InvariantCulture;
int dim = int.Parse(args[0], inv), so = int.Parse(args[1], inv);
int nx = int.Parse(args[2], inv), ny = int.Parse(args[3], inv);
int nz = dim == 3 ? int.Parse(args[4], inv) : 1;
int rest = dim == 3 ? 5 : 4;
int nt = int.Parse(args[rest], inv);
int by = args.Length > rest + 1 ? int.Parse(args[rest + 1], inv) : 16;
int threads = args.Length > rest + 2 ? int.Parse(args[rest + 2], inv) : Environment.ProcessorCount;

const int Nbl = 40, NRec = 101;
const double H = 10.0, VMax = 4.5, F0 = 0.010;
double dt = 0.38 * H / (VMax * Math.Sqrt(dim));
var grid = dim == 3 ? new GridShape([nx, ny, nz], [H, H, H], so) : new GridShape([nx, ny], [H, H], so);

// Velocity 1.5..4.5 km/s increasing with depth (last axis in 3D, y in 2D), as acoustic.c.
var v = new float[grid.InteriorPoints];
for (long i = 0; i < v.Length; i++)
{
    long depthIndex = dim == 3 ? i % nz : i % ny;
    double depth = (double)depthIndex / (dim == 3 ? nz : ny);
    double vel = 1.5 + (3.0 * depth) + (depth > 0.5 ? 0.5 : 0.0);
    v[i] = (float)vel;
}

// As the solver: the layer's per-axis profiles, e formed in the kernels (KERNEL_DAMP=array: e read from its field; A/B runs).
using var coefficients = new AcousticCoefficients(grid, v, DampingProfile.DevitoAxes(grid, Nbl), dt);
using var pool = new WorkerPool(threads);
var prop = new AcousticPropagator(coefficients, pool, by)
{
    // KERNEL_PAIRS=0 turns the two-row unroll-and-jam off (A/B runs); KERNEL_WIDTH=128|256|512 pins the vectors (no tuning).
    UsePairs = Environment.GetEnvironmentVariable("KERNEL_PAIRS") != "0",
    FormDampingInKernels = Environment.GetEnvironmentVariable("KERNEL_DAMP") != "array",

    // KERNEL_CHUNK=n: outer indices per claim of the converging sweeps (default: the propagator's choice).
    ClaimChunk = int.TryParse(Environment.GetEnvironmentVariable("KERNEL_CHUNK"), out int chunk) ? chunk : 0,
};
if (int.TryParse(Environment.GetEnvironmentVariable("KERNEL_WIDTH"), out int cap) && cap <= (int)prop.MaxWidth)
{
    prop.MaxWidth = (SimdWidth)cap;
}

// Two time steps per sweep (StepTwice); KERNEL_STEPS=1 runs single steps (A/B runs).
bool twoSteps = Environment.GetEnvironmentVariable("KERNEL_STEPS") != "1";


double[] srcPos = dim == 3
    ? [(0.5 * (nx - 1) * H) + 3.3, (0.5 * (ny - 1) * H) + 2.1, (20 * H) + 1.7]
    : [(0.5 * (nx - 1) * H) + 3.3, (20 * H) + 1.7];
var recPos = new double[NRec * dim];
for (int r = 0; r < NRec; r++)
{
    recPos[r * dim] = (double)r * (nx - 1) / (NRec - 1) * 0.999 * H;
    recPos[(r * dim) + 1] = (dim == 3 ? 0.5 * (ny - 1) : 2.3) * H;
    if (dim == 3)
    {
        recPos[(r * dim) + 2] = 2.3 * H;
    }
}

var src = coefficients.SourceInjection(srcPos);
var rec = coefficients.ReceiverSampling(recPos);
var wavelet = new float[nt];
Ricker.Fill(wavelet, dt, F0, 1.5 / F0);
var traces = new float[nt * NRec];
using var b0 = new FieldBuffer(grid);
using var b1 = new FieldBuffer(grid);

// Warm-up on the same buffers (JIT tier-up, page faults, the width tuner's timed steps), then zero them again.
for (int s = 0; s < Math.Max(5, twoSteps ? prop.TwoStepTuningCalls : prop.TuningSteps); s++)
{
    if (twoSteps)
    {
        prop.StepTwice(b0.Span, b1.Span);
    }
    else
    {
        prop.Step(b0.Span, b1.Span);
    }
}

b0.Clear();
b1.Clear();

var cur = b0;
var prev = b1;
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
for (int t = 0; t < nt;)
{
    if (twoSteps && t + 1 < nt)
    {
        // u(t) is overwritten by u(t+2): sample it first; u(t+1) stays in prev, and the buffers keep their roles.
        rec.Sample(cur.Span, traces.AsSpan(t * NRec, NRec));
        prop.StepTwice(prev.Span, cur.Span, src, wavelet.AsSpan(t, 1));
        src.Inject(cur.Span, wavelet.AsSpan(t + 1, 1));
        rec.Sample(prev.Span, traces.AsSpan((t + 1) * NRec, NRec));
        t += 2;
        continue;
    }

    prop.Step(prev.Span, cur.Span);
    src.Inject(prev.Span, wavelet.AsSpan(t, 1));
    rec.Sample(cur.Span, traces.AsSpan(t * NRec, NRec));
    (prev, cur) = (cur, prev);
    t++;
}

double elapsed = clock.Elapsed.TotalSeconds;
double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
double points = (double)grid.InteriorPoints;
double gpts = points * nt / elapsed / 1e9;
double sum = 0, l2 = 0, recsum = 0;
foreach (float x in cur.Span)
{
    sum += x;
    l2 += (double)x * x;
}

foreach (float x in traces)
{
    recsum += Math.Abs(x);
}

string shape = dim == 3 ? $"{nx}x{ny}x{nz}" : $"{nx}x{ny}";
Console.WriteLine(string.Create(inv, $"RESULT impl=csharp dim={dim} so={so} shape={shape} by={(dim == 3 ? by : 0)} threads={threads} simd={(twoSteps ? prop.TwoStepWidth : prop.StepWidth)} pairs={prop.UsePairs} steps={(twoSteps ? 2 : 1)} nt={nt} time={elapsed:F4} gpts={gpts:F4} gbs16={gpts * 16:F2} cpu={cpu:F4} gpts_per_cpu_s={points * nt / cpu / 1e9:F4} dt={dt:G4} sum={sum:E6} l2={Math.Sqrt(l2):E6} recsum={recsum:E6}"));
