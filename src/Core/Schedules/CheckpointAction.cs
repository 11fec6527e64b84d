using System.Globalization;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Schedules;

/// <summary>
/// One immutable step of a checkpoint schedule. A small value type rather than a class hierarchy so that
/// schedules stream millions of them without allocating; the factories name the six kinds.
/// Field use per kind: Forward (N0, N1, WriteIcs, WriteAdjDeps, Storage); Reverse (N1, N0, ClearAdjDeps);
/// Copy/Move (N, From, To); EndForward/EndReverse (nothing).
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct CheckpointAction
{
    private readonly byte _flags;

    private CheckpointAction(ActionType type, long n0, long n1, byte flags, StorageType storage, StorageType to)
    {
        Type = type;
        N0 = n0;
        N1 = n1;
        _flags = flags;
        Storage = storage;
        To = to;
    }

    private const byte WriteIcsFlag = 1;
    private const byte WriteAdjDepsFlag = 2;
    private const byte ClearAdjDepsFlag = 4;

    /// <summary>Forward/Reverse open-ended step used by online schedules (Python's sys.maxsize).</summary>
    public const long Unbounded = long.MaxValue;

    public ActionType Type { get; }

    /// <summary>Forward/Reverse: the smaller step. Copy/Move: the checkpoint's step.</summary>
    public long N0 { get; }

    /// <summary>Forward/Reverse: the larger step (exclusive end of the forward, start of the reverse).</summary>
    public long N1 { get; }

    /// <summary>Forward: storage of the written data. Copy/Move: the source storage.</summary>
    public StorageType Storage { get; }

    /// <summary>Copy/Move: the destination storage.</summary>
    public StorageType To { get; }

    /// <summary>Copy/Move: the checkpoint's step (same as <see cref="N0"/>).</summary>
    public long N => N0;

    /// <summary>Copy/Move: the source storage (same as <see cref="Storage"/>).</summary>
    public StorageType From => Storage;

    public bool WriteIcs => (_flags & WriteIcsFlag) != 0;

    public bool WriteAdjDeps => (_flags & WriteAdjDepsFlag) != 0;

    public bool ClearAdjDeps => (_flags & ClearAdjDepsFlag) != 0;

    /// <summary>Number of steps a Forward advances or a Reverse goes back over (n1 - n0).</summary>
    public long Length => N1 - N0;

    public static CheckpointAction Forward(long n0, long n1, bool writeIcs, bool writeAdjDeps, StorageType storage) =>
        new(ActionType.Forward, n0, n1, (byte)((writeIcs ? WriteIcsFlag : 0) | (writeAdjDeps ? WriteAdjDepsFlag : 0)), storage, StorageType.None);

    /// <summary>Reverse over steps n1-1 ... n0. Argument order as the reference: larger step first.</summary>
    public static CheckpointAction Reverse(long n1, long n0, bool clearAdjDeps) =>
        new(ActionType.Reverse, n0, n1, clearAdjDeps ? ClearAdjDepsFlag : (byte)0, StorageType.None, StorageType.None);

    public static CheckpointAction Copy(long n, StorageType from, StorageType to) =>
        new(ActionType.Copy, n, 0, 0, from, to);

    public static CheckpointAction Move(long n, StorageType from, StorageType to) =>
        new(ActionType.Move, n, 0, 0, from, to);

    public static CheckpointAction EndForward() => new(ActionType.EndForward, 0, 0, 0, StorageType.None, StorageType.None);

    public static CheckpointAction EndReverse() => new(ActionType.EndReverse, 0, 0, 0, StorageType.None, StorageType.None);

    /// <summary>The reference's text form, e.g. <c>Forward(0, sys.maxsize, False, True, StorageType.WORK)</c>.</summary>
    public override string ToString() => Type switch
    {
        ActionType.Forward => $"Forward({Step(N0)}, {Step(N1)}, {Bool(WriteIcs)}, {Bool(WriteAdjDeps)}, {Storage.ToReferenceString()})",
        ActionType.Reverse => $"Reverse({Step(N1)}, {Step(N0)}, {Bool(ClearAdjDeps)})",
        ActionType.Copy => $"Copy({Step(N0)}, {Storage.ToReferenceString()}, {To.ToReferenceString()})",
        ActionType.Move => $"Move({Step(N0)}, {Storage.ToReferenceString()}, {To.ToReferenceString()})",
        ActionType.EndForward => "EndForward()",
        ActionType.EndReverse => "EndReverse()",
        _ => Type.ToString(),
    };

    private static string Step(long n) => n == Unbounded ? "sys.maxsize" : n.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool b) => b ? "True" : "False";
}
