using System.Runtime.InteropServices;
using PyRevolveNet.Kernels;
using PyRevolveNet.Schedules;
using PyRevolveNet.Seismic;

namespace PyRevolveNet.Interop;

/// <summary>
/// C ABI over <see cref="AcousticSolver"/>: create a solver from a model and a geometry, then forward, adjoint and
/// gradient calls on caller-owned float32 arrays (numpy buffers, written in place: no copy of the large data).
/// Lengths travel with every pointer and are checked; a null velocity means the model's own.
/// </summary>
public static unsafe class SeismicExports
{
    /// <summary>
    /// Model (physical velocity of <paramref name="rank"/> axes, spacing, origin, space order, nbl) and geometry
    /// (point-major receiver and source coordinates, t0, tn, f0, dt; dt &lt;= 0: the model's critical dt).
    /// </summary>
    [UnmanagedCallersOnly]
    public static int SeismicSolverCreate(
        int rank, long* shape, double* spacing, double* origin, int spaceOrder, int nbl, float* velocity,
        double* receivers, long receiverCount, double* sources, long sourceCount, double t0, double tn, double f0, double dt, long* handle)
    {
        try
        {
            if (shape == null || spacing == null || origin == null || velocity == null || receivers == null || sources == null || handle == null)
            {
                throw new ArgumentException("null pointer argument");
            }

            if (rank is not (2 or 3))
            {
                throw new ArgumentException($"shape must have 2 or 3 axes, got {rank}", nameof(shape));
            }

            var dims = new int[rank];
            long points = 1;
            for (int d = 0; d < rank; d++)
            {
                dims[d] = checked((int)shape[d]);
                points *= dims[d];
            }

            var model = new SeismicModel(new ReadOnlySpan<float>(velocity, checked((int)points)), dims, new ReadOnlySpan<double>(spacing, rank), new ReadOnlySpan<double>(origin, rank), spaceOrder, nbl);
            var geometry = new AcquisitionGeometry(
                model,
                new ReadOnlySpan<double>(receivers, checked((int)(receiverCount * rank))),
                new ReadOnlySpan<double>(sources, checked((int)(sourceCount * rank))),
                t0,
                tn,
                f0,
                dt > 0 ? dt : null);
            *handle = HandleTable.Add(new AcousticSolver(geometry));
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>Devito's critical dt of a model (Model.critical_dt) without building a solver.</summary>
    [UnmanagedCallersOnly]
    public static int SeismicCriticalDt(int rank, double* spacing, int spaceOrder, double vmax, double* dt)
    {
        try
        {
            if (spacing == null || dt == null || rank is not (2 or 3))
            {
                throw new ArgumentException("spacing must have 2 or 3 values");
            }

            var shape = rank == 2 ? new[] { 3, 3 } : new[] { 3, 3, 3 };
            *dt = Cfl.DevitoCriticalDt(new GridShape(shape, new ReadOnlySpan<double>(spacing, rank), spaceOrder), vmax);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    [UnmanagedCallersOnly]
    public static int SeismicSolverInfo(long handle, SolverInfoRecord* info) => With(handle, s =>
    {
        var shape = s.Model.Grid.Shape;
        *info = new SolverInfoRecord
        {
            Nt = s.Nt,
            ReceiverCount = s.Geometry.ReceiverCount,
            SourceCount = s.Geometry.SourceCount,
            Shape0 = shape[0],
            Shape1 = shape[1],
            Shape2 = shape.Length == 3 ? shape[2] : 0,
            CheckpointBytes = 2L * s.Model.Grid.Length * sizeof(float),
            Dt = s.Geometry.Dt,
            Tn = s.Geometry.Tn,
            CriticalDt = s.Model.CriticalDt,
        };
    }, info);

    /// <summary>The source wavelet (nt floats).</summary>
    [UnmanagedCallersOnly]
    public static int SeismicWavelet(long handle, float* output, long length) => With(handle, s =>
        s.Geometry.Wavelet.CopyTo(Span(output, length, s.Nt, "wavelet")), output);

    /// <summary>Receiver data (nt x nrec) and, when <paramref name="wavefield"/> is not null, u (nt x grid).</summary>
    [UnmanagedCallersOnly]
    public static int SeismicForward(long handle, float* velocity, long velocityLength, float* receivers, long receiverLength, float* wavefield, long wavefieldLength) =>
        With(handle, s =>
        {
            var u = wavefield == null ? null : Wavefield(s, wavefield, wavefieldLength);
            s.Forward(Span(receivers, receiverLength, s.ReceiverDataLength, "rec"), u, Velocity(s, velocity, velocityLength));
        }, receivers);

    /// <summary>
    /// Forward modelling that keeps every u(t) compressed by codec <paramref name="codecHandle"/> (CodecCreate):
    /// receiver data (nt x nrec) and a new <see cref="CompressedWavefield"/> handle in <paramref name="wavefield"/>.
    /// </summary>
    [UnmanagedCallersOnly]
    public static int SeismicForwardCompressed(long handle, float* velocity, long velocityLength, float* receivers, long receiverLength, long codecHandle, long* wavefield) =>
        With(handle, s =>
        {
            var u = new CompressedWavefield(s.Model.Grid, s.Nt, Codec(codecHandle));
            try
            {
                s.Forward(Span(receivers, receiverLength, s.ReceiverDataLength, "rec"), u, Velocity(s, velocity, velocityLength));
                *wavefield = HandleTable.Add(u);
            }
            catch
            {
                u.Dispose();
                throw;
            }
        }, wavefield);

    [UnmanagedCallersOnly]
    public static int SeismicWavefieldInfo(long handle, WavefieldInfoRecord* info) =>
        HandleCalls.With<CompressedWavefield>(handle, w => *info = WavefieldInfoRecord.From(w), info);

    /// <summary>Decompresses u(<paramref name="timestep"/>) (C-order computational grid) into <paramref name="output"/>.</summary>
    [UnmanagedCallersOnly]
    public static int SeismicWavefieldRead(long handle, long timestep, float* output, long length) =>
        HandleCalls.With<CompressedWavefield>(handle, w =>
        {
            long points = 1;
            foreach (var d in w.Shape)
            {
                points *= d;
            }

            if (timestep < 0 || timestep >= w.Steps)
            {
                throw Invalid("t", $"t = {timestep} is outside 0..{w.Steps - 1}");
            }

            w.Decompress((int)timestep, Span(output, length, points, "out"));
        }, output);

    /// <summary>Adjoint of receiver data: the adjoint source record (nt x nsrc) and w(0) (grid) when not null.</summary>
    [UnmanagedCallersOnly]
    public static int SeismicAdjoint(long handle, float* velocity, long velocityLength, float* receivers, long receiverLength, float* sourceRecord, long sourceLength, float* field, long fieldLength) =>
        With(handle, s =>
        {
            var v = field == null ? default : Span(field, fieldLength, s.Model.Grid.InteriorPoints, "v");
            s.Adjoint(
                Span(receivers, receiverLength, s.ReceiverDataLength, "rec"),
                Span(sourceRecord, sourceLength, (long)s.Nt * s.Geometry.SourceCount, "srca"),
                v,
                Velocity(s, velocity, velocityLength));
        }, receivers);

    /// <summary>
    /// Gradient w.r.t. m. <paramref name="mode"/>: 0 store all, 1 Revolve (<paramref name="checkpoints"/> &lt;= 0:
    /// adjust(nt)), 2 memory budget (<paramref name="budgetBytes"/>), 3 schedule handle. <paramref name="wavefield"/>
    /// (mode 0 with a residual): u from a saved forward instead of recomputing it.
    /// </summary>
    [UnmanagedCallersOnly]
    public static int SeismicGradient(
        long handle, float* velocity, long velocityLength, float* data, long dataLength, int dataIsResidual, int mode, long checkpoints, long budgetBytes,
        long scheduleHandle, float* wavefield, long wavefieldLength, long codecHandle, double expectedRatio, long compressedWavefieldHandle,
        float* gradient, long gradientLength, GradientRecord* result) =>
        With(handle, s =>
        {
            var options = mode switch
            {
                0 => GradientOptions.StoreAll,
                1 => GradientOptions.Revolve(checkpoints > 0 ? checked((int)checkpoints) : null),
                2 => GradientOptions.Budget(budgetBytes),
                3 => GradientOptions.FromSchedule(Schedule(scheduleHandle)),
                _ => throw new ArgumentException($"unknown checkpointing mode {mode}", nameof(mode)),
            };
            options = options with
            {
                Codec = codecHandle == 0 ? null : Codec(codecHandle),
                ExpectedRatio = expectedRatio > 0 ? expectedRatio : null,
            };
            IWavefield? u = wavefield == null ? null : Wavefield(s, wavefield, wavefieldLength);
            if (compressedWavefieldHandle != 0)
            {
                u = Compressed(s, compressedWavefieldHandle);
            }

            var r = s.Gradient(
                Span(data, dataLength, s.ReceiverDataLength, dataIsResidual != 0 ? "rec_residual" : "d_obs"),
                Span(gradient, gradientLength, s.Model.Grid.InteriorPoints, "grad"),
                options,
                dataIsResidual != 0,
                Velocity(s, velocity, velocityLength),
                u);
            *result = GradientRecord.From(r);
        }, result);

    private static Func<CheckpointSchedule> Schedule(long scheduleHandle)
    {
        if (!HandleTable.TryGet<CheckpointSchedule>(scheduleHandle, out var schedule))
        {
            throw Invalid("schedule", $"schedule: invalid schedule handle {scheduleHandle}");
        }

        return ScheduleRecipes.FactoryFor(schedule);
    }

    private static Compression.ICheckpointCodec Codec(long codecHandle) =>
        HandleTable.TryGet<Compression.ICheckpointCodec>(codecHandle, out var codec)
            ? codec
            : throw Invalid("compression", $"compression: invalid codec handle {codecHandle}");

    private static CompressedWavefield Compressed(AcousticSolver s, long handle)
    {
        if (!HandleTable.TryGet<CompressedWavefield>(handle, out var u))
        {
            throw Invalid("u", $"u: invalid compressed wavefield handle {handle}");
        }

        if (u.Steps != s.Nt || !u.Shape.SequenceEqual(s.Model.Grid.Shape))
        {
            throw Invalid("u", $"u holds {u.Steps} steps of shape ({string.Join(", ", u.Shape.ToArray())}); this solver has nt = {s.Nt} on ({string.Join(", ", s.Model.Grid.Shape.ToArray())})");
        }

        return u;
    }

    private static NativeWavefield Wavefield(AcousticSolver s, float* data, long length)
    {
        long expected = (long)s.Nt * s.Model.Grid.InteriorPoints;
        if (length != expected)
        {
            throw Invalid("u", $"u has {length} values, expected {expected} (nt x grid)");
        }

        return new NativeWavefield(s.Model.Grid, data, s.Nt);
    }

    private static ReadOnlySpan<float> Velocity(AcousticSolver s, float* velocity, long length) =>
        velocity == null ? default : Span(velocity, length, s.Model.Grid.InteriorPoints, "vp");

    private static Span<float> Span(float* data, long length, long expected, string name)
    {
        if (data == null || length != expected)
        {
            throw new ArgumentException($"{name} has {length} values, expected {expected}", name);
        }

        return new Span<float>(data, checked((int)length));
    }

    // Python maps the parameter name into its ValueError message; the analyzers want names of this method.
    private static ArgumentException Invalid(string name, string message) => new(message, name);

    private static int With(long handle, Action<AcousticSolver> action, void* output) =>
        HandleCalls.With(handle, action, output);
}
