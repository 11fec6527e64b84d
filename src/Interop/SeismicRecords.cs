using System.Runtime.InteropServices;
using PyRevolveNet.Seismic;

namespace PyRevolveNet.Interop;

/// <summary>What Python needs to know about a solver (sizes of its arrays, its time axis).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SolverInfoRecord
{
    public long Nt;
    public long ReceiverCount;
    public long SourceCount;
    public long Shape0;
    public long Shape1;
    public long Shape2;
    public long CheckpointBytes;
    public double Dt;
    public double Tn;
    public double CriticalDt;
}

/// <summary>A gradient run's result (<see cref="GradientResult"/> flattened).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GradientRecord
{
    public double Misfit;
    public long Steps;
    public long ForwardSteps;
    public long ReverseSteps;
    public long Checkpoints;
    public long CheckpointBytes;
    public long PeakStorageBytes;
    public long PredictedForwardSteps;
    public double ForwardSeconds;
    public double ReverseSeconds;
    public double TotalSeconds;
    public double CompressionRatio;

    internal static GradientRecord From(in GradientResult r) => new()
    {
        Misfit = r.Misfit,
        Steps = r.Steps,
        ForwardSteps = r.ForwardSteps,
        ReverseSteps = r.ReverseSteps,
        Checkpoints = r.Checkpoints,
        CheckpointBytes = r.CheckpointBytes,
        PeakStorageBytes = r.PeakStorageBytes,
        PredictedForwardSteps = r.PredictedForwardSteps,
        ForwardSeconds = r.ForwardSeconds,
        ReverseSeconds = r.ReverseSeconds,
        TotalSeconds = r.TotalSeconds,
        CompressionRatio = r.CompressionRatio,
    };
}

/// <summary>A compressed wavefield's sizes (<see cref="CompressedWavefield"/>).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct WavefieldInfoRecord
{
    public long Steps;
    public long Rank;
    public long Shape0;
    public long Shape1;
    public long Shape2;
    public long CompressedBytes;
    public long RawBytes;
    public long ReservedBytes;

    internal static WavefieldInfoRecord From(CompressedWavefield w) => new()
    {
        Steps = w.Steps,
        Rank = w.Shape.Length,
        Shape0 = w.Shape[0],
        Shape1 = w.Shape[1],
        Shape2 = w.Shape.Length == 3 ? w.Shape[2] : 0,
        CompressedBytes = w.CompressedBytes,
        RawBytes = w.RawBytes,
        ReservedBytes = w.ReservedBytes,
    };
}
