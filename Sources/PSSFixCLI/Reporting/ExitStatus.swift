/// pss-fix's exit codes, one place for every command (README "Exit codes").
///
/// When several apply, the most serious wins, in this order: 2 (an input or usage error), 1
/// (violations remain), 3 (some input was not checked: an unrendered template, a failed
/// render), 0. So a run whose only inputs were skipped never passes, and a run with
/// violations still exits 1 while listing what it skipped.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let violations: Int32 = 1
    public static let error: Int32 = 2
    public static let notChecked: Int32 = 3

    public static func combine(errors: Bool, violations: Bool, notChecked: Bool) -> Int32 {
        if errors { return error }
        if violations { return Self.violations }
        if notChecked { return Self.notChecked }
        return success
    }

    /// `--exit-zero` and the no-path mode (Helm post-renderer): violations and unchecked input
    /// are still reported but do not fail the run; errors still do.
    public static func relaxed(_ code: Int32) -> Int32 {
        code == violations || code == notChecked ? success : code
    }
}
