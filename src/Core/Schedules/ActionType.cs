namespace PyRevolveNet.Schedules;

/// <summary>The six kinds of checkpoint action (checkpoint_schedules' action classes).</summary>
public enum ActionType : byte
{
    Forward = 0,
    Reverse = 1,
    Copy = 2,
    Move = 3,
    EndForward = 4,
    EndReverse = 5,
}
