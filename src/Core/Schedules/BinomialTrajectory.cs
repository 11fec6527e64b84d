namespace PyRevolveNet.Schedules;

/// <summary>Step rule of the binomial schedules (checkpoint_schedules' <c>trajectory</c> argument).</summary>
public enum BinomialTrajectory
{
    /// <summary>"maximum": advance as far as the optimal step rule allows.</summary>
    Maximum = 0,

    /// <summary>"revolve": the classic Revolve step rule.</summary>
    Revolve = 1,
}
