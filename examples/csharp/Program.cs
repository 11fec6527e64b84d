// The C# core without Python: plan a schedule, then reverse a tiny model with the Revolver engine and check
// that the adjoint saw the right forward state at every step.
// Run: dotnet run --project examples/csharp -- [steps] [snapshots]
using System.Globalization;
using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

var steps = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var snapshots = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10;

var cost = ScheduleAnalysis.Analyze(new Revolve(steps, snapshots), steps);
Console.WriteLine($"Revolve({steps}, {snapshots}): {cost.ForwardSteps} forward steps, recompute ratio {cost.RecomputeRatio:F3}, " +
                  $"peak {cost.PeakRamCheckpoints} RAM checkpoints");

using var model = new CounterModel();
using var revolver = new ScheduleRevolver(model, model, model, () => new Revolve(steps, snapshots));
revolver.ApplyForward();
revolver.ApplyReverse();
var summary = revolver.Summary;
Console.WriteLine($"ran {summary.ForwardSteps} forward steps ({summary.Predicted.ForwardSteps} predicted), " +
                  $"{summary.ReverseSteps} adjoint steps, {summary.Ram.Saves} saves, {summary.Ram.Loads} loads; " +
                  $"adjoint state consistent: {model.Consistent}");
return model.Consistent ? 0 : 1;

/// <summary>The state is one counter (the step it is at); the adjoint checks it sees step k + 1 when reversing k.</summary>
internal sealed unsafe class CounterModel : IForwardOperator, IReverseOperator, ILiveState, IDisposable
{
    private readonly AlignedBuffer _state = new(sizeof(long));

    public bool Consistent { get; private set; } = true;

    public long CheckpointBytes => sizeof(long);

    public int MaxRegions => 1;

    private ref long Step => ref *(long*)_state.Address;

    public void Advance(long tStart, long tEnd)
    {
        Consistent &= Step == tStart;
        Step = tEnd;
    }

    public void Reverse(long tStart, long tEnd) => Consistent &= Step == tEnd;

    public int GetData(long timestep, Span<MemoryRegion> regions)
    {
        regions[0] = new MemoryRegion(_state.Address, sizeof(long));
        return 1;
    }

    public int GetDataLocation(long timestep, Span<MemoryRegion> regions) => GetData(timestep, regions);

    public void Dispose() => _state.Dispose();
}
