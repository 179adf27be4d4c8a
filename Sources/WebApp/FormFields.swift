import Foundation
import Hummingbird
import Twilio

/// An `application/x-www-form-urlencoded` body, parsed the way Twilio and browsers encode it.
struct FormFields: Sendable {
    let pairs: [(String, String)]

    init(_ body: ByteBuffer) {
        pairs = FormBody.parse(String(buffer: body))
    }

    subscript(name: String) -> String? {
        pairs.first { $0.0 == name }?.1
    }
}

extension URL {
    /// `scheme://host[:port]`, as browsers send it in `Origin`.
    var origin: String {
        let port = port.map { ":\($0)" } ?? ""
        return "\(scheme ?? "https")://\(host ?? "")\(port)"
    }
}
