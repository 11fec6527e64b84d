namespace PyRevolveNet.Schedules;

/// <summary>What classic Revolve asks the caller to do next; values as pyrevolve's <c>crevolve.Action</c>.</summary>
public enum ClassicAction
{
    /// <summary>Run the forward from <see cref="ClassicRevolve.OldCapo"/> to <see cref="ClassicRevolve.Capo"/>.</summary>
    Advance = 1,

    /// <summary>Store the state at <see cref="ClassicRevolve.Capo"/> in slot <see cref="ClassicRevolve.Check"/>.</summary>
    Takeshot = 2,

    /// <summary>Load slot <see cref="ClassicRevolve.Check"/>; the state is then at <see cref="ClassicRevolve.Capo"/>.</summary>
    Restore = 3,

    /// <summary>Run the last forward step (recording) and the first adjoint step.</summary>
    Firstrun = 4,

    /// <summary>Run one adjoint step at <see cref="ClassicRevolve.Capo"/>.</summary>
    Youturn = 5,

    /// <summary>The reversal is complete.</summary>
    Terminate = 6,

    /// <summary>Revolve failed; <see cref="ClassicRevolve.Info"/> holds the reason (10..15).</summary>
    Error = 7,
}
