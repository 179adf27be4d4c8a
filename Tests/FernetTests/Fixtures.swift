import Foundation
import TestSupport

/// A file of the Fernet spec's vectors.
func fixture(_ name: String) throws -> Data {
    try Fixtures.data("fernet/" + name)
}

/// The spec's vectors give clocks as ISO 8601 with an offset.
func specDate(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}
