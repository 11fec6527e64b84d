namespace PyRevolveNet.Compression;

/// <summary>Which vector width the codec kernels use; tests force each level and compare with scalar.</summary>
internal enum SimdLevel
{
    Scalar = 0,
    Vector256 = 1,
    Vector512 = 2,
}
