import Foundation

/// Loads a file from this target's `Fixtures` folder (copied from the shared test data).
func fixture(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
    }
    return try Data(contentsOf: url)
}

/// The spec's vectors give clocks as ISO 8601 with an offset.
func specDate(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
}
