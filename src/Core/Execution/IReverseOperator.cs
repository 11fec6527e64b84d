namespace PyRevolveNet.Execution;

/// <summary>The adjoint model: reverses steps [tStart, tEnd); the engines always call it for one step.</summary>
public interface IReverseOperator
{
    void Reverse(long tStart, long tEnd);
}
