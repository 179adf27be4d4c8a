/// The national part of a number (after the calling code): which digits of what was written it
/// is, and whether it is a valid mobile or fixed-line number there (`NumberingPlan`).
enum NationalNumber {
    /// Codes whose numbers can begin with 0, which is then part of the number and never dropped:
    /// Italy, San Marino and the Vatican keep their 0; Gabon, Côte d'Ivoire and Congo have no trunk prefix.
    static let codesKeepingLeadingZero: Set<String> = ["39", "225", "241", "242", "378", "379"]

    /// Whether a code's numbers may begin with 0.
    static func keepsLeadingZero(_ code: CallingCode) -> Bool {
        codesKeepingLeadingZero.contains(code.digits)
    }

    /// The valid national number among the digits written after the calling code, or at home:
    /// without the trunk prefix when that leaves a valid number ("0151 …" in Germany, "8 912 …"
    /// in Russia, also written after "+7"), else as written; nil when neither is valid.
    static func valid(_ written: Substring, in code: CallingCode) -> Substring? {
        guard let plan = NumberingPlan.plan(for: code) else { return nil }
        if let prefix = plan.nationalPrefix, written.hasPrefix(prefix) {
            let rest = written.dropFirst(prefix.count)
            if plan.accepts(rest) { return rest }
        }
        return plan.accepts(written) ? written : nil
    }
}
