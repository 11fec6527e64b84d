using System.Diagnostics;
using System.Runtime.CompilerServices;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Kernels;

/// <summary>
/// Time stepping of the acoustic wave equation on a <see cref="GridShape"/> with two field buffers: each call
/// overwrites the older buffer with the new time level, so a solver alternates the two buffers' roles.
/// Forward: <see cref="Step"/>. Adjoint: <see cref="AdjointStep(Span{float}, ReadOnlySpan{float})"/> runs the
/// exact transpose of the forward recurrence for the scaled adjoint field w = a lambda, which has the very same
/// stencil form run backwards in time; the overload with a gradient fuses Devito's imaging condition
/// <c>grad -= u_fwd * w.dt2</c> into the same sweep. No call allocates.
/// Work is split by rows (2D) or x-planes (3D, swept in y-blocks of <see cref="BlockY"/> rows so the
/// 2K+1 planes of a block stay in L2) over a <see cref="WorkerPool"/>, two workers sweeping from both ends of the
/// axis and meeting where the faster one has got to. Steps on one propagator are serialised
/// (a lock); separate propagators sharing a pool take turns on it.
/// </summary>
public sealed unsafe class AcousticPropagator : IParallelWork
{
    private readonly GridShape _grid;
    private readonly WorkerPool _pool;
    private readonly float[] _weights;
    private readonly Lock _stepLock = new();

    // Set for the duration of one step only (the spans are pinned by the caller's frame while the pool runs).
    private float* _current;
    private float* _prevNext;
    private float* _forward;
    private float* _gradient;
    private float* _a;
    private float* _e;
    private float* _forwardSecond;
    private float* _injectionValues;
    private int _injectionCount;
    private float* _saveCurrent;
    private float* _saveFirst;
    private PointOperator? _injection;
    private bool _imaging;
    private bool _forwardInterior;
    private bool _twoSteps;
    private SimdWidth _width;
    private SimdWidth _maxWidth;

    // One tuner per kind of sweep: forward and imaging, single steps and two steps in one sweep.
    private WidthTuner _forwardTuner;
    private WidthTuner _imagingTuner;
    private WidthTuner _twoStepTuner;
    private WidthTuner _twoStepImagingTuner;

    // Per y-block and segment, the outer indices claimed so far by its two converging workers (one counter per
    // cache line).
    private const int ClaimStride = 16;

    // Points a claim covers at least.
    private const int ClaimPoints = 32768;
    private readonly int[] _claims;

    /// <param name="coefficients">model coefficients (kept, not copied; must outlive the propagator's use)</param>
    /// <param name="pool">workers; null = <see cref="WorkerPool.Shared"/></param>
    /// <param name="blockY">3D y-block size in rows (cache blocking); 0 = no blocking</param>
    public AcousticPropagator(AcousticCoefficients coefficients, WorkerPool? pool = null, int blockY = 16)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentOutOfRangeException.ThrowIfNegative(blockY);
        Coefficients = coefficients;
        _grid = coefficients.Grid;
        _pool = pool ?? WorkerPool.Shared;
        _weights = coefficients.WeightArray;
        BlockY = blockY == 0 ? _grid.Shape[Math.Min(1, _grid.Rank - 1)] : blockY;
        _maxWidth = SimdSupport.Best;
        (_forwardTuner, _imagingTuner, _twoStepTuner, _twoStepImagingTuner) = Tuners(_maxWidth);
        _claims = new int[Blocks * Segments(_pool.WorkerCount) * ClaimStride];
    }

    public AcousticCoefficients Coefficients { get; }

    public GridShape Grid => _grid;

    /// <summary>3D cache-block height (rows of the middle axis).</summary>
    public int BlockY { get; }

    /// <summary>Update two x-planes (3D) or rows (2D) per pass (unroll-and-jam); internal switch for benchmarks and tests.</summary>
    internal bool UsePairs { get; set; } = true;

    /// <summary>
    /// With separable damping (<see cref="AcousticCoefficients.IsSeparable"/>), form e in the kernels instead of
    /// reading <see cref="AcousticCoefficients.E"/> (default true; bitwise the same); internal switch for tests and benchmarks.
    /// </summary>
    internal bool FormDampingInKernels { get; set; } = true;

    private bool SeparableKernels => FormDampingInKernels && Coefficients.IsSeparable;

    /// <summary>Outer indices per claim of the converging sweeps (0: enough for <see cref="ClaimPoints"/> points); tests set 1 to make the workers meet anywhere.</summary>
    internal int ClaimChunk { get; set; }

    /// <summary>
    /// Widest vector path used (default <see cref="SimdSupport.Best"/>). Setting it (tests compare every width
    /// with the scalar path; benchmarks pin one) uses exactly that width and turns <see cref="AutoTune"/> off.
    /// </summary>
    public SimdWidth MaxWidth
    {
        get => _maxWidth;
        internal set
        {
            _maxWidth = value;
            (_forwardTuner, _imagingTuner, _twoStepTuner, _twoStepImagingTuner) = Tuners(value);
            AutoTune = false;
        }
    }

    /// <summary>
    /// Let the first steps choose between the widest vectors and the next narrower ones by timing them
    /// (<see cref="WidthTuner.Rounds"/> steps each, forward and imaging steps separately); default true.
    /// Every width gives bitwise the same result, so this changes speed only.
    /// </summary>
    public bool AutoTune { get; set; } = true;

    /// <summary>
    /// The vector width forward steps use: the tuned one once chosen, <see cref="MaxWidth"/> without
    /// tuning, null while the tuner is still trying.
    /// </summary>
    public SimdWidth? StepWidth => AutoTune ? _forwardTuner.Chosen : _maxWidth;

    /// <summary>Forward steps the tuner times before it settles (0 when there is only one width to try).</summary>
    public int TuningSteps => AutoTune ? _forwardTuner.TrialSteps : 0;

    /// <summary>As <see cref="StepWidth"/>, for <see cref="StepTwice"/>, which is tuned on its own.</summary>
    public SimdWidth? TwoStepWidth => AutoTune ? _twoStepTuner.Chosen : _maxWidth;

    /// <summary>Calls of <see cref="StepTwice"/> its tuner times before it settles.</summary>
    public int TwoStepTuningCalls => AutoTune ? _twoStepTuner.TrialSteps : 0;

    /// <summary>
    /// One forward step: <paramref name="previousToNext"/> holds u(t-dt) on entry and u(t+dt) on return;
    /// <paramref name="current"/> holds u(t). Halo values are read (as zero boundary) and never written.
    /// </summary>
    public void Step(Span<float> previousToNext, ReadOnlySpan<float> current) =>
        Sweep(previousToNext, current, default, default, imaging: false);

    /// <summary>
    /// One adjoint step for w = a lambda (lambda the discrete adjoint state): <paramref name="nextToPrevious"/>
    /// holds w(t+2dt) on entry and w(t) on return; <paramref name="current"/> holds w(t+dt). Since
    /// w(t) = (2-e) w(t+dt) - (1-e) w(t+2dt) + a lap(w(t+dt)) is the forward update, this is the forward kernel
    /// run backwards in time; see <see cref="AcousticCoefficients.AdjointReceiverInjection"/>.
    /// </summary>
    public void AdjointStep(Span<float> nextToPrevious, ReadOnlySpan<float> current) =>
        Sweep(nextToPrevious, current, default, default, imaging: false);

    /// <summary>
    /// Adjoint step fused with the imaging condition (Devito's convention, <c>grad -= u * v.dt2</c>):
    /// <c>gradient -= forward * (w(t) - 2 w(t+dt) + w(t+2dt)) / dt^2</c> where <paramref name="forward"/> is
    /// the forward field at t+dt (the time level of <paramref name="current"/>). The gradient has field layout;
    /// its interior is the gradient with respect to m = 1/v^2 (halo entries stay untouched).
    /// </summary>
    public void AdjointStep(Span<float> nextToPrevious, ReadOnlySpan<float> current, ReadOnlySpan<float> forward, Span<float> gradient)
    {
        _grid.CheckField(forward.Length, nameof(forward));
        ImagingSweep(nextToPrevious, current, forward, gradient, forwardInterior: false);
    }

    /// <summary>
    /// As <see cref="AdjointStep(Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>, with the
    /// forward field given as the C-order interior array (<see cref="GridShape.InteriorPoints"/> floats, the layout
    /// of a saved wavefield): read in place, so a stored-wavefield gradient needs no copy into field layout.
    /// Bitwise the same result as scattering it into a field first.
    /// </summary>
    public void AdjointStepWithInteriorForward(Span<float> nextToPrevious, ReadOnlySpan<float> current, ReadOnlySpan<float> forwardInterior, Span<float> gradient)
    {
        CheckInterior(forwardInterior.Length, nameof(forwardInterior));
        ImagingSweep(nextToPrevious, current, forwardInterior, gradient, forwardInterior: true);
    }

    /// <summary>
    /// Two forward steps: <paramref name="previous"/> holds u(t-dt) on entry and u(t+dt) on return,
    /// <paramref name="current"/> holds u(t) on entry and u(t+2dt) on return, and <paramref name="injection"/>
    /// (a source; optional) adds <paramref name="injectionValues"/> to u(t+dt) between the two steps. Bitwise the
    /// same as <c>Step(previous, current); injection.Inject(previous, injectionValues); Step(current, previous)</c>;
    /// the second step's injection (into <paramref name="current"/>) is the caller's. The buffers keep their roles
    /// for the next call. The second step follows the first K rows (2D) or, inside each y-block, K planes and K rows
    /// (3D) behind in the same sweep (temporal blocking), so the fields cross the memory bus once for both steps.
    /// <paramref name="saveCurrent"/> and <paramref name="saveFirst"/> (optional, C-order interior arrays: two time
    /// steps of a saved wavefield) receive u(t) and u(t+dt) (with the injection); each row is copied by the
    /// worker that has it in cache, just before the second step overwrites it or just after the first produced it.
    /// </summary>
    public void StepTwice(Span<float> previous, Span<float> current, PointOperator? injection = null, ReadOnlySpan<float> injectionValues = default, Span<float> saveCurrent = default, Span<float> saveFirst = default)
    {
        if (!saveCurrent.IsEmpty || !saveFirst.IsEmpty)
        {
            CheckInterior(saveCurrent.Length, nameof(saveCurrent));
            CheckInterior(saveFirst.Length, nameof(saveFirst));
            if (saveCurrent.Overlaps(saveFirst) || saveCurrent.Overlaps(previous) || saveCurrent.Overlaps(current) || saveFirst.Overlaps(previous) || saveFirst.Overlaps(current))
            {
                ThrowHelper.Argument(nameof(saveFirst), "the saved steps must not overlap each other or the fields");
            }
        }

        TwoSteps(previous, current, default, default, default, imaging: false, forwardInterior: false, injection, injectionValues, saveCurrent, saveFirst);
    }

    /// <summary>
    /// Two adjoint steps with the imaging condition: <paramref name="next2ToPrevious"/> holds w(t+2dt) on entry and
    /// w(t) on return, <paramref name="next1ToPrevious2"/> holds w(t+dt) on entry and w(t-dt) on return;
    /// <paramref name="forwardFirst"/> is the forward field at t+dt, <paramref name="forwardSecond"/> at t; the
    /// optional <paramref name="injection"/> (the adjoint receivers) adds <paramref name="injectionValues"/> to w(t)
    /// between the steps. Bitwise the same as
    /// <c>AdjointStep(next2ToPrevious, next1ToPrevious2, forwardFirst, gradient); injection.Inject(next2ToPrevious,
    /// injectionValues); AdjointStep(next1ToPrevious2, next2ToPrevious, forwardSecond, gradient)</c>.
    /// </summary>
    public void AdjointStepTwice(Span<float> next2ToPrevious, Span<float> next1ToPrevious2, ReadOnlySpan<float> forwardFirst, ReadOnlySpan<float> forwardSecond, Span<float> gradient, PointOperator? injection = null, ReadOnlySpan<float> injectionValues = default)
    {
        _grid.CheckField(forwardFirst.Length, nameof(forwardFirst));
        _grid.CheckField(forwardSecond.Length, nameof(forwardSecond));
        TwoSteps(next2ToPrevious, next1ToPrevious2, forwardFirst, forwardSecond, gradient, imaging: true, forwardInterior: false, injection, injectionValues);
    }

    /// <summary>
    /// As <see cref="AdjointStepTwice"/>, with the forward fields as C-order interior arrays (a saved wavefield,
    /// read in place, as in <see cref="AdjointStepWithInteriorForward"/>).
    /// </summary>
    public void AdjointStepTwiceWithInteriorForward(Span<float> next2ToPrevious, Span<float> next1ToPrevious2, ReadOnlySpan<float> forwardFirst, ReadOnlySpan<float> forwardSecond, Span<float> gradient, PointOperator? injection = null, ReadOnlySpan<float> injectionValues = default)
    {
        CheckInterior(forwardFirst.Length, nameof(forwardFirst));
        CheckInterior(forwardSecond.Length, nameof(forwardSecond));
        TwoSteps(next2ToPrevious, next1ToPrevious2, forwardFirst, forwardSecond, gradient, imaging: true, forwardInterior: true, injection, injectionValues);
    }

    private static (WidthTuner Forward, WidthTuner Imaging, WidthTuner TwoSteps, WidthTuner TwoStepImaging) Tuners(SimdWidth widest) =>
        (new(widest), new(widest), new(widest), new(widest));

    private void CheckInterior(int length, string name)
    {
        if (length != _grid.InteriorPoints)
        {
            ThrowHelper.Argument(name, $"the interior of this grid has {_grid.InteriorPoints} points, not {length}");
        }
    }

    private void TwoSteps(Span<float> first, Span<float> second, ReadOnlySpan<float> forwardFirst, ReadOnlySpan<float> forwardSecond, Span<float> gradient, bool imaging, bool forwardInterior, PointOperator? injection, ReadOnlySpan<float> injectionValues, Span<float> saveCurrent = default, Span<float> saveFirst = default)
    {
        if (injection is not null)
        {
            // Grid indices depend on the shape and the halo only.
            if (!injection.Grid.Shape.SequenceEqual(_grid.Shape) || injection.Grid.SpaceOrder != _grid.SpaceOrder)
            {
                ThrowHelper.Argument(nameof(injection), "the injection was built for another grid");
            }

            injection.CheckValues(injectionValues.Length);
        }
        else if (!injectionValues.IsEmpty)
        {
            ThrowHelper.Argument(nameof(injectionValues), "values were given without an injection to apply them");
        }

        if (imaging)
        {
            CheckGradient(gradient, first, second, forwardFirst);
            CheckGradient(gradient, first, second, forwardSecond);
        }

        Sweep(first, second, forwardFirst, gradient, imaging, forwardInterior, twoSteps: true, forwardSecond, injection, injectionValues, saveCurrent, saveFirst);
    }

    private void ImagingSweep(Span<float> nextToPrevious, ReadOnlySpan<float> current, ReadOnlySpan<float> forward, Span<float> gradient, bool forwardInterior)
    {
        CheckGradient(gradient, nextToPrevious, current, forward);
        Sweep(nextToPrevious, current, forward, gradient, imaging: true, forwardInterior);
    }

    private void CheckGradient(ReadOnlySpan<float> gradient, ReadOnlySpan<float> prevNext, ReadOnlySpan<float> current, ReadOnlySpan<float> forward)
    {
        _grid.CheckField(gradient.Length, nameof(gradient));
        if (gradient.Overlaps(prevNext) || gradient.Overlaps(current) || gradient.Overlaps(forward))
        {
            ThrowHelper.Argument(nameof(gradient), "the gradient must not overlap the fields");
        }
    }

    /// <summary>
    /// Flush subnormal numbers to zero during a step (FTZ and DAZ on every thread of the sweep, restored
    /// afterwards), as Devito's operators and the -ffast-math C reference do; default true. Values below
    /// 1.2e-38 carry no physics, but on Intel cores every vector operation that meets one is several times
    /// slower. Does nothing where <see cref="FlushesDenormals"/> is false.
    /// </summary>
    public bool FlushDenormals { get; set; } = true;

    /// <summary>Whether this platform can flush (Linux x86-64); elsewhere subnormals are kept.</summary>
    public static bool FlushesDenormals => FlushToZeroScope.IsSupported;

    void IParallelWork.Execute(int worker, int workerCount)
    {
        using var flush = FlushDenormals ? FlushToZeroScope.Enter() : default;
        switch (_grid.SpaceOrder)
        {
            case 2: Dispatch<SpaceOrder2>(worker, workerCount); break;
            case 4: Dispatch<SpaceOrder4>(worker, workerCount); break;
            case 8: Dispatch<SpaceOrder8>(worker, workerCount); break;
            case 12: Dispatch<SpaceOrder12>(worker, workerCount); break;
            default: Dispatch<SpaceOrder16>(worker, workerCount); break;
        }
    }

    // twoSteps (TwoSteps): both steps in one sweep (one pool pass, a barrier per y-block); current is then written too (the
    // public two-step methods take it as a Span).
    private void Sweep(Span<float> prevNext, ReadOnlySpan<float> current, ReadOnlySpan<float> forward, Span<float> gradient, bool imaging, bool forwardInterior = false, bool twoSteps = false, ReadOnlySpan<float> forwardSecond = default, PointOperator? injection = null, ReadOnlySpan<float> injectionValues = default,
        Span<float> saveCurrent = default, Span<float> saveFirst = default)
    {
        _grid.CheckField(prevNext.Length, nameof(prevNext));
        _grid.CheckField(current.Length, nameof(current));
        if (prevNext.Overlaps(current))
        {
            ThrowHelper.Argument(nameof(current), "the two time levels must be distinct buffers");
        }

        // Pointers only carry the pinned spans across to the worker threads (spans cannot live in fields);
        // the kernels themselves work on refs. Every worker finishes before this frame unpins.
        lock (_stepLock)
        fixed (float* pn = prevNext)
        fixed (float* pc = current)
        fixed (float* pf = forward)
        fixed (float* pg = gradient)
        fixed (float* pa = Coefficients.A)
        fixed (float* pe = Coefficients.E)
        fixed (float* pf2 = forwardSecond)
        fixed (float* pv = injectionValues)
        fixed (float* ps0 = saveCurrent)
        fixed (float* ps1 = saveFirst)
        {
            _saveCurrent = ps0;
            _saveFirst = ps1;
            _prevNext = pn;
            _current = pc;
            _forward = pf;
            _gradient = pg;
            _a = pa;
            _e = pe;
            _forwardSecond = pf2;
            _injection = injection;
            _injectionValues = pv;
            _injectionCount = injectionValues.Length;
            _imaging = imaging;
            _forwardInterior = forwardInterior;
            var tuner = !AutoTune ? null
                : twoSteps ? (imaging ? _twoStepImagingTuner : _twoStepTuner)
                : imaging ? _imagingTuner : _forwardTuner;
            _width = tuner?.Next() ?? _maxWidth;
            _twoSteps = twoSteps;
            Array.Clear(_claims);

            long started = Stopwatch.GetTimestamp();
            try
            {
                _pool.Run(this);
                tuner?.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            finally
            {
                _prevNext = _current = _forward = _gradient = _a = _e = _forwardSecond = _injectionValues = _saveCurrent = _saveFirst = null;
                _injection = null;
                _twoSteps = false;
            }
        }
    }

    private void Dispatch<TSo>(int worker, int workerCount)
        where TSo : struct, ISpaceOrder
    {
        if (_imaging)
        {
            SweepRange<TSo, FlagOn>(worker, workerCount);
        }
        else
        {
            SweepRange<TSo, FlagOff>(worker, workerCount);
        }
    }

    // One worker's share of a pass (see SweepConverging).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SweepRange<TSo, TImg>(int worker, int workerCount)
        where TSo : struct, ISpaceOrder
        where TImg : struct, IKernelFlag
    {
        SweepConverging<TSo, TImg>(worker, workerCount);
        if (_twoSteps)
        {
            StreamingCopy.Fence();
        }
    }

    // Grid rows [row0, row1) (GridShape.RowStart's numbering) of a field into a C-order interior array (a saved
    // time step); the pass fences.
    private void SaveRows(float* field, float* interior, int row0, int row1) =>
        _grid.GatherRowsStreaming(new ReadOnlySpan<float>(field, _grid.Length), new Span<float>(interior, (int)_grid.InteriorPoints), row0, row1);

    // The sweeps walk outer-axis indices x, each the rows [y0, y1) of a y-block: x-planes of ny rows in 3D, swept in
    // blocks of BlockY rows (x-y tiling: a block's 2K+1 planes stay in L2 while x advances); single rows in 2D,
    // where the one block is [0, 1) and grid row x*1 + 0 is row x.
    private int RowsPerPlane => _grid.Rank == 3 ? _grid.Shape[1] : 1;

    private int RowsPerBlock => _grid.Rank == 3 ? BlockY : 1;

    private int Blocks => (RowsPerPlane + RowsPerBlock - 1) / RowsPerBlock;

    // The sweeps pair the workers up on segments of the outer axis (an odd one out alone on the last).
    private static int Segments(int workerCount) => (workerCount + 1) / 2;

    // Rows [y0, y1) of outer indices [x0, x1): one step, or the second of two.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpdateRange<TSo, TImg>(int x0, int x1, int y0, int y1, bool second)
        where TSo : struct, ISpaceOrder
        where TImg : struct, IKernelFlag
    {
        for (int x = x0; x < x1;)
        {
            x += UpdateOuter<TSo, TImg>(x, x1, y0, y1, second);
        }
    }

    // The first step on rows [yb, ye) of outer indices [x0, x1); each finished row gets its injection (and its saved
    // copy) at once, before any second-step stencil reads it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstStep<TSo, TImg>(int x0, int x1, int yb, int ye)
        where TSo : struct, ISpaceOrder
        where TImg : struct, IKernelFlag
    {
        int ny = RowsPerPlane;
        for (int x = x0; x < x1;)
        {
            int done = x + UpdateOuter<TSo, TImg>(x, x1, yb, ye, second: false);
            for (int p = x; p < done; p++)
            {
                _injection?.InjectRows(ref Unsafe.AsRef<float>(_prevNext), new ReadOnlySpan<float>(_injectionValues, _injectionCount), (p * ny) + yb, (p * ny) + ye);
                if (_saveFirst != null)
                {
                    SaveRows(_prevNext, _saveFirst, (p * ny) + yb, (p * ny) + ye);
                }
            }

            x = done;
        }
    }

    // One step, or both steps in one pass, y-block by y-block. The first step does the block's rows [yb, ye), and the second step
    // follows K outer indices behind on the rows shifted K back, [yb-K, ye-K) (the first block from row 0, the last to
    // the end; in 2D, [0, 1)). Second-step point (x, y) reads first-step points x-K..x+K, y-K..y+K and overwrites the
    // u(t) value they read, so it runs once first-step index x+K is done: the rows up to ye-1 are this block's, those
    // down to yb-2K the previous block's, and later blocks read u(t) only from row ye-K on. Both steps find the rows in
    // cache (3D: the block's planes in L2).
    // Load balance: the two workers of a segment sweep it from both ends towards each other, claiming chunks of
    // outer indices from one counter, so they meet wherever the faster one has got to (the two cores of a VM run at
    // different speeds from call to call), and each keeps a contiguous run of planes in its cache. A single step
    // has no dependencies between points: a worker done with its part of a block goes on to the next. Second-step indices within K of a meeting point or of an inner segment
    // edge read the other side's first step: they wait for the barrier that ends each block, and are done right
    // after it, still in cache (the outer ends, 0 and nx, wait for nothing). One barrier per block suffices: block
    // b's second step reads blocks up to b, all but b complete at earlier barriers, and writes u(t) rows below
    // ye-K, which no later block's first step reads.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SweepConverging<TSo, TImg>(int worker, int workerCount)
        where TSo : struct, ISpaceOrder
        where TImg : struct, IKernelFlag
    {
        int nx = _grid.Shape[0], ny = RowsPerPlane, by = RowsPerBlock, k = TSo.Radius;
        int segments = Segments(workerCount), segment = worker / 2;
        int start = (int)((long)nx * segment / segments), end = (int)((long)nx * (segment + 1) / segments);
        bool ascending = worker % 2 == 0, twoSteps = _twoSteps;

        // Chunks of at least ClaimPoints points (even, for row pairs) keep the counter's cache line cool.
        int chunk = ClaimChunk > 0 ? ClaimChunk : Math.Max(2, ((ClaimPoints / (Math.Min(by, ny) * _grid.Shape[_grid.Rank - 1])) + 1) & ~1);
        int lowWait = start == 0 ? 0 : k, highWait = end == nx ? 0 : k;
        for (int yb = 0, block = 0; yb < ny; yb += by, block++)
        {
            int ye = Math.Min(yb + by, ny);
            int sy0 = Math.Max(yb - k, 0), sy1 = ye == ny ? ny : Math.Max(ye - k, sy0);
            ref int claimed = ref _claims[((block * segments) + segment) * ClaimStride];
            if (ascending)
            {
                // First step upwards from start; second step on [start+lowWait, x-K).
                int x = start, s = start + lowWait;
                while (true)
                {
                    int n = Claim(ref claimed, chunk, end - start);
                    if (n <= 0)
                    {
                        break;
                    }

                    // Two indices at a time, the second step catching up after each: it stays K+2 behind
                    // whatever the claim size, and the block's planes in between stay in L2.
                    for (int claimEnd = x + n; x < claimEnd;)
                    {
                        int next = Math.Min(x + 2, claimEnd);
                        FirstStep<TSo, TImg>(x, next, yb, ye);
                        x = next;
                        if (twoSteps && s < x - k)
                        {
                            UpdateRange<TSo, TImg>(s, x - k, sy0, sy1, second: true);
                            s = x - k;
                        }
                    }
                }

                if (!twoSteps)
                {
                    continue;
                }

                int meet = x;
                FenceAndSync();
                UpdateRange<TSo, TImg>(start, Math.Min(start + lowWait, meet), sy0, sy1, second: true);
                UpdateRange<TSo, TImg>(s, meet, sy0, sy1, second: true);
            }
            else
            {
                // First step downwards from end; second step on [x+K, end-highWait).
                int x = end, s = end - highWait;
                while (true)
                {
                    int n = Claim(ref claimed, chunk, end - start);
                    if (n <= 0)
                    {
                        break;
                    }

                    for (int claimEnd = x - n; x > claimEnd;)
                    {
                        int next = Math.Max(x - 2, claimEnd);
                        FirstStep<TSo, TImg>(next, x, yb, ye);
                        x = next;
                        if (twoSteps && s > x + k)
                        {
                            UpdateRange<TSo, TImg>(x + k, s, sy0, sy1, second: true);
                            s = x + k;
                        }
                    }
                }

                if (!twoSteps)
                {
                    continue;
                }

                int meet = x;
                FenceAndSync();
                UpdateRange<TSo, TImg>(meet, s, sy0, sy1, second: true);
                UpdateRange<TSo, TImg>(Math.Max(end - highWait, meet), end, sy0, sy1, second: true);
            }
        }
    }

    // Up to `want` of a segment's `length` outer indices; 0 or less once its two sweeps have met.
    private static int Claim(ref int claimed, int want, int length) =>
        Math.Min(want, length - (Interlocked.Add(ref claimed, want) - want));

    // Saved rows (non-temporal stores) are complete, and every worker has reached this point.
    private void FenceAndSync()
    {
        StreamingCopy.Fence();
        _pool.SyncWorkers();
    }

    // Rows [y0, y1) of outer index x, or of x and x+1 where two remain and vectors are in use (AcousticPairKernel:
    // the outer-axis rows, 16 KB apart in 2D at 4000 points and whole planes apart in 3D, are then loaded once for
    // both). Returns the outer indices done.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int UpdateOuter<TSo, TImg>(int x, int end, int y0, int y1, bool second)
        where TSo : struct, ISpaceOrder
        where TImg : struct, IKernelFlag
    {
        int ny = RowsPerPlane;
        int planes = Pairs && x + 1 < end ? 2 : 1;
        if (second && _saveCurrent != null)
        {
            // u(t), just before the second step overwrites these rows.
            for (int p = x; p < x + planes; p++)
            {
                SaveRows(_current, _saveCurrent, (p * ny) + y0, (p * ny) + y1);
            }
        }

        if (_grid.Rank == 2)
        {
            if (planes == 2)
            {
                UpdatePair<TSo, Dimensions2, TImg>(x, x + 1, _grid.Index(x, 0), second);
            }
            else
            {
                UpdateRow<TSo, Dimensions2, TImg>(x, _grid.Index(x, 0), second);
            }

            return planes;
        }

        for (int y = y0; y < y1; y++)
        {
            if (planes == 2)
            {
                UpdatePair<TSo, Dimensions3, TImg>((x * ny) + y, ((x + 1) * ny) + y, _grid.Index(x, y, 0), second);
            }
            else
            {
                UpdateRow<TSo, Dimensions3, TImg>((x * ny) + y, _grid.Index(x, y, 0), second);
            }
        }

        return planes;
    }

    private bool Pairs => _width != SimdWidth.Scalar && UsePairs;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdatePair<TSo, TDim, TImg>(int row0, int row1, int offset, bool second)
        where TSo : struct, ISpaceOrder
        where TDim : struct, IDimensionality
        where TImg : struct, IKernelFlag
    {
        var args = Args<TImg>(row0, offset, second);

        // e is read (or formed) wherever either row is damped (e is zero in the other row there, so the result is the same).
        var (lo0, hi0) = Coefficients.UndampedRun(row0);
        var (lo1, hi1) = Coefficients.UndampedRun(row1);
        int lo = Math.Max(lo0, lo1), hi = Math.Min(hi0, hi1);
        if (hi <= lo)
        {
            lo = hi = 0;
        }

        args.DampRow1 = Coefficients.DampRow(row1);
        Runs<TSo, TDim, TImg>(in args, lo, hi, pair: true);
    }

    // A row (pair): damped [0, lo), undamped [lo, hi), damped [hi, n), the damping read or formed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Runs<TSo, TDim, TImg>(scoped in RowArgs args, int lo, int hi, bool pair)
        where TSo : struct, ISpaceOrder
        where TDim : struct, IDimensionality
        where TImg : struct, IKernelFlag
    {
        if (SeparableKernels)
        {
            Runs<TSo, TDim, FlagOnSeparable, TImg>(in args, lo, hi, pair);
        }
        else
        {
            Runs<TSo, TDim, FlagOn, TImg>(in args, lo, hi, pair);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Runs<TSo, TDim, TDamp, TImg>(scoped in RowArgs args, int lo, int hi, bool pair)
        where TSo : struct, ISpaceOrder
        where TDim : struct, IDimensionality
        where TDamp : struct, IKernelFlag
        where TImg : struct, IKernelFlag
    {
        int n = _grid.Shape[_grid.Rank - 1];
        Run<TSo, TDim, TDamp, TImg>(in args, 0, lo, pair);
        Run<TSo, TDim, FlagOff, TImg>(in args, lo, hi, pair);
        Run<TSo, TDim, TDamp, TImg>(in args, hi, n, pair);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Run<TSo, TDim, TDamp, TImg>(scoped in RowArgs args, int start, int end, bool pair)
        where TSo : struct, ISpaceOrder
        where TDim : struct, IDimensionality
        where TDamp : struct, IKernelFlag
        where TImg : struct, IKernelFlag
    {
        if (pair)
        {
            AcousticPairKernel.Run<TSo, TDim, TDamp, TImg>(in args, start, end, _width);
        }
        else
        {
            AcousticRowKernel.Run<TSo, TDim, TDamp, TImg>(in args, start, end, _width);
        }
    }

    // second: the second of two steps in one sweep, which swaps the two time levels' roles.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RowArgs Args<TImg>(int row, int offset, bool second)
        where TImg : struct, IKernelFlag =>
        new()
        {
            Current = ref Unsafe.AsRef<float>((second ? _prevNext : _current) + offset),
            PrevNext = ref Unsafe.AsRef<float>((second ? _current : _prevNext) + offset),
            A = ref Unsafe.AsRef<float>(_a + offset),
            E = ref Unsafe.AsRef<float>(_e + offset),
            Forward = ref !TImg.Enabled ? ref Unsafe.NullRef<float>()
                : ref Unsafe.AsRef<float>((second ? _forwardSecond : _forward) + (_forwardInterior ? (long)row * _grid.Shape[_grid.Rank - 1] : offset)),
            Gradient = ref TImg.Enabled ? ref Unsafe.AsRef<float>(_gradient + offset) : ref Unsafe.NullRef<float>(),
            Weights = ref _weights[0],
            DampLast = ref SeparableKernels ? ref Unsafe.AsRef(in Coefficients.DampLast[0]) : ref Unsafe.NullRef<float>(),
            DampRow = Coefficients.DampRow(row),
            StrideOuter = _grid.Strides[0],
            StrideMiddle = _grid.Rank == 3 ? _grid.Strides[1] : 0,
            ForwardStrideOuter = !_forwardInterior ? _grid.Strides[0] : _grid.Rank == 3 ? (nint)_grid.Shape[1] * _grid.Shape[2] : _grid.Shape[1],
            InvDt2 = (float)(1.0 / (Coefficients.Dt * Coefficients.Dt)),
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void UpdateRow<TSo, TDim, TImg>(int row, int offset, bool second)
        where TSo : struct, ISpaceOrder
        where TDim : struct, IDimensionality
        where TImg : struct, IKernelFlag
    {
        var args = Args<TImg>(row, offset, second);
        var (lo, hi) = Coefficients.UndampedRun(row);
        Runs<TSo, TDim, TImg>(in args, lo, hi, pair: false);
    }
}
