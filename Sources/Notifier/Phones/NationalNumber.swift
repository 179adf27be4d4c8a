/// What the national part of a number (after the calling code) may look like, per calling code.
enum NationalNumber {
    /// Codes whose numbers can begin with 0, which is then part of the number and never dropped:
    /// Italy, San Marino and the Vatican keep their 0; Gabon, Côte d'Ivoire and Congo have no trunk prefix.
    static let codesKeepingLeadingZero: Set<String> = ["39", "225", "241", "242", "378", "379"]

    /// Lengths of the national number where every number has one of them and a wrong length
    /// means the digits are something else (a postcode, an order number).
    static let lengths: [String: ClosedRange<Int>] = [
        "1": 10...10, "7": 10...10, "27": 9...9, "33": 9...9, "34": 9...9, "44": 9...10,
        // Mexico's mobiles were "+52 1 …" until 2019 and WhatsApp links still use that form.
        "52": 10...11, "55": 10...11, "61": 9...9, "65": 8...8, "81": 9...10, "91": 10...10,
        "971": 8...9,
    ]

    /// Whether a code's numbers may begin with 0.
    static func keepsLeadingZero(_ code: CallingCode) -> Bool {
        codesKeepingLeadingZero.contains(code.digits)
    }

    /// The national number inside digits dialled at home, without the trunk prefix if there is one.
    static func significant(_ dialled: Substring, in code: CallingCode) -> Substring {
        switch code.digits {
        // 1 and 8 also begin real national numbers, so they are a trunk prefix only before 10 digits.
        case "1": dialled.count == 11 && dialled.first == "1" ? dialled.dropFirst() : dialled
        case "7": dialled.count == 11 && dialled.first == "8" ? dialled.dropFirst() : dialled
        case _ where keepsLeadingZero(code): dialled
        default: dialled.first == "0" ? dialled.dropFirst() : dialled
        }
    }

    /// Whether the national number could belong to that calling code.
    static func isPlausible(_ national: Substring, in code: CallingCode) -> Bool {
        guard let first = national.first, first != "0" || keepsLeadingZero(code) else { return false }
        if let range = lengths[code.digits], !range.contains(national.count) { return false }
        if code.digits == "1" {
            // NANP area codes and exchanges start with 2-9; a 0 or 1 there means the digits are not a number.
            return [national.first, national.dropFirst(3).first].allSatisfy { $0 != "0" && $0 != "1" }
        }
        return true
    }
}
