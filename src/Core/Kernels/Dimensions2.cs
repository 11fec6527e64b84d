namespace PyRevolveNet.Kernels;

/// <summary>2D.</summary>
internal readonly struct Dimensions2 : IDimensionality
{
    public static bool Is3D => false;
}
