/// The national part of a number (after the calling code): which digits of what was written it
/// is, and whether it is a valid mobile or fixed-line number there (`NumberingPlan`).
enum NationalNumber {
    /// Codes whose numbers can begin with 0, which is then part of the number and never dropped:
    /// Italy, San Marino and the Vatican keep their 0; Gabon, Côte d'Ivoire and Congo have no trunk prefix.
    static let codesKeepingLeadingZero: Set<String> = ["39", "225", "241", "242", "378", "379"]

    /// Countries whose people always write the trunk prefix before a national number ("030 …",
    /// "0151 …", "07700 …"): digits without it are a date, a postcode or an order number, never a
    /// guess at a number. Elsewhere (India's "98765 43210", Brazil's "(11) 91234-5678", the NANP)
    /// the national number is commonly written without it.
    static let codesWritingTrunkPrefix: Set<String> = [
        "20", "27", "31", "32", "33", "41", "43", "44", "46", "49", "61", "62", "63", "64", "66", "81", "82", "84", "90",
        "92", "212", "234", "254", "358", "880", "966", "971", "972",
    ]

    /// Whether a code's numbers may begin with 0.
    static func keepsLeadingZero(_ code: CallingCode) -> Bool {
        codesKeepingLeadingZero.contains(code.digits)
    }

    /// The valid national number among the digits written after the calling code, or at home:
    /// without the trunk prefix when that leaves a valid number ("0151 …" in Germany, "8 912 …"
    /// in Russia, also written after "+7"), else as written; nil when neither is valid.
    static func valid(_ written: Substring, in code: CallingCode, dialledAtHome: Bool = false) -> Substring? {
        guard let plan = NumberingPlan.plan(for: code) else { return nil }
        if let prefix = plan.nationalPrefix, written.hasPrefix(prefix) {
            let rest = written.dropFirst(prefix.count)
            if plan.accepts(rest) { return rest }
        }
        if dialledAtHome, plan.nationalPrefix != nil, codesWritingTrunkPrefix.contains(code.digits) { return nil }
        return plan.accepts(written) ? written : nil
    }
}
