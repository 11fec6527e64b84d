namespace PyRevolveNet.Execution;

/// <summary>The forward model: advances the live state from step <c>tStart</c> to step <c>tEnd</c>.</summary>
public interface IForwardOperator
{
    void Advance(long tStart, long tEnd);
}
