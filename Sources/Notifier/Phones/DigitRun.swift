/// A stretch of a location that may be a phone number: digit groups joined by the separators
/// people type inside numbers, e.g. "+44 (0)20 7946-0958".
struct DigitRun {
    /// The digit groups, e.g. ["44", "0", "20", "7946", "0958"].
    var groups: [String]
    /// `separators[i]` is the text before `groups[i]`; the last one is the text after the last group.
    var separators: [String]
    /// Whether the run starts with "+".
    var hasPlus: Bool
    /// Where the run stands in the scanned text (character offsets), for the words between two runs.
    var span: Range<Int> = 0..<0

    /// All the digits, in order.
    var digits: String { groups.joined() }

    /// Whether a group is written "(0)", the trunk prefix some people show inside international numbers.
    func isParenthesizedZero(at index: Int) -> Bool {
        groups[index] == "0" && separators[index].hasSuffix("(") && separators[index + 1].hasPrefix(")")
    }

    /// Drops a time next to the run ("15:30 …", "… 15:30") and a date at either end ("2025-11-24 …").
    mutating func dropDatesAndTimes(timeBefore: Bool, timeAfter: Bool) {
        if timeBefore, !groups.isEmpty { groups.removeFirst(); separators.removeFirst() }
        if timeAfter, !groups.isEmpty { groups.removeLast(); separators.removeLast() }
        if groups.count >= 3, !hasPlus, isDate(startingAt: 0) {
            groups.removeFirst(3)
            separators.removeFirst(3)
        }
        if groups.count >= 3, isDate(startingAt: groups.count - 3) {
            groups.removeLast(3)
            separators.removeLast(3)
        }
    }

    /// Whether three groups read as a date: year first (2025-11-24) or last (24.11.2025, 11/24/2025).
    private func isDate(startingAt index: Int) -> Bool {
        let separator = separators[index + 1]
        guard ["-", ".", "/"].contains(separator), separators[index + 2] == separator else { return false }
        let parts = Array(groups[index...(index + 2)])
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == 3 else { return false }
        let widths = parts.map(\.count)
        let years = 1900...2099, months = 1...12, days = 1...31
        if widths[0] == 4, widths[1] <= 2, widths[2] <= 2 {
            return years.contains(numbers[0]) && months.contains(numbers[1]) && days.contains(numbers[2])
        }
        guard widths[0] <= 2, widths[1] <= 2, widths[2] == 4, years.contains(numbers[2]) else { return false }
        return (days.contains(numbers[0]) && months.contains(numbers[1]))
            || (months.contains(numbers[0]) && days.contains(numbers[1]))
    }
}
