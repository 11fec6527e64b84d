namespace PyRevolveNet.Kernels;

/// <summary>
/// Everything one row update needs, as refs to the row's first interior point: the current field (stencil
/// reads), the previous field that the new values overwrite, the coefficients and, for the imaging condition,
/// the forward field and the gradient. Strides are in floats; the last axis has stride 1.
/// </summary>
internal ref struct RowArgs
{
    public ref float Current;
    public ref float PrevNext;
    public ref float A;
    public ref float E;
    public ref float Forward;
    public ref float Gradient;

    /// <summary>
    /// Separable damping (<see cref="IKernelFlag.Separable"/>): per last-axis index (aligned with the row's
    /// interior), the last axis's part of damp/dt; <see cref="DampRow"/> (and <see cref="DampRow1"/> for the pair
    /// kernel's second row) the other axes' part for the row. e = a (DampRow + DampLast[i]).
    /// </summary>
    public ref float DampLast;
    public float DampRow;
    public float DampRow1;

    /// <summary>Weights: [c0, w_outer[1..K], w_middle[1..K], w_last[1..K]] (already divided by h^2).</summary>
    public ref float Weights;
    public nint StrideOuter;
    public nint StrideMiddle;

    /// <summary>Outer-axis stride of <see cref="Forward"/>: the field's, or the C-order interior's (a saved wavefield read in place).</summary>
    public nint ForwardStrideOuter;
    public float InvDt2;
}
