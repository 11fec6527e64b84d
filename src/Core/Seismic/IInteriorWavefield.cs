namespace PyRevolveNet.Seismic;

/// <summary>
/// A wavefield that holds each u(t) as a plain C-order interior array: the adjoint sweep reads it in place
/// (<see cref="Kernels.AcousticPropagator.AdjointStepWithInteriorForward"/>) instead of copying every step
/// into field layout first.
/// </summary>
public interface IInteriorWavefield : IWavefield
{
    /// <summary>
    /// u(<paramref name="timestep"/>) over the computational grid, C order; writable, so that a forward sweep can
    /// save each row while it has it in cache (<see cref="Kernels.AcousticPropagator.StepTwice"/>).
    /// </summary>
    Span<float> Interior(int timestep);
}
