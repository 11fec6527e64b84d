namespace PyRevolveNet.Compression;

/// <summary>
/// Which earlier neighbours a Lorenzo row uses (the row above in its plane, the row in the plane before), as a
/// type so the JIT compiles one branch-free row kernel per case; shared by the fused forward and inverse passes.
/// </summary>
internal interface ILorenzoNeighbours
{
    static abstract bool Up { get; }

    static abstract bool Back { get; }
}

/// <summary>The first row of the first plane: no earlier neighbour.</summary>
internal readonly struct LorenzoFirst : ILorenzoNeighbours
{
    public static bool Up => false;

    public static bool Back => false;
}

/// <summary>A later row of the first plane.</summary>
internal readonly struct LorenzoUpOnly : ILorenzoNeighbours
{
    public static bool Up => true;

    public static bool Back => false;
}

/// <summary>The first row of a later plane.</summary>
internal readonly struct LorenzoBackOnly : ILorenzoNeighbours
{
    public static bool Up => false;

    public static bool Back => true;
}

/// <summary>A later row of a later plane.</summary>
internal readonly struct LorenzoBoth : ILorenzoNeighbours
{
    public static bool Up => true;

    public static bool Back => true;
}
