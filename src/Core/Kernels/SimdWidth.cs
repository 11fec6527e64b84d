namespace PyRevolveNet.Kernels;

/// <summary>Widest vector path a kernel may take (bits); narrower paths handle the row tails.</summary>
public enum SimdWidth
{
    Scalar = 0,
    Vector128 = 128,
    Vector256 = 256,
    Vector512 = 512,
}
