namespace PyRevolveNet.Kernels;

/// <summary>3D.</summary>
internal readonly struct Dimensions3 : IDimensionality
{
    public static bool Is3D => true;
}
