import Foundation
import TestSupport

/// A Google sample file: the test-only service-account key and the API samples.
func fixture(_ name: String) throws -> Data {
    try Fixtures.data("google/" + name)
}
