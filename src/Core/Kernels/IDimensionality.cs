namespace PyRevolveNet.Kernels;

/// <summary>2D or 3D as a type, so the 2D kernel carries no code for the middle axis.</summary>
internal interface IDimensionality
{
    static abstract bool Is3D { get; }
}
