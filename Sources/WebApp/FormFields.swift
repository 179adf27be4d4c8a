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

extension Request {
    /// The body as form fields; a body over `limit` bytes is refused with `413` before it is read whole.
    mutating func formFields(upTo limit: Int) async throws -> FormFields {
        do {
            return FormFields(try await collectBody(upTo: limit))
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError(.contentTooLarge, message: "The request body is too large.")
        }
    }
}

extension Parameters {
    /// A path parameter percent-decoded: a link's `=` padding may arrive as `%3D` (a mail client or
    /// chat app re-encoding the URL), and the token is the decoded text.
    func decoded(_ name: String) -> String {
        let raw = get(name) ?? ""
        // Most parameters hold no escape at all; Foundation's decoding was 3 % of a short link's CPU.
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        return raw.removingPercentEncoding ?? raw
    }
}

extension URL {
    /// `scheme://host:port` in lower case with the default port made explicit, so that two ways
    /// of writing the same origin compare equal.
    var normalizedOrigin: String {
        let scheme = (scheme ?? "https").lowercased()
        let port = port ?? (scheme == "http" ? 80 : 443)
        return "\(scheme)://\((host ?? "").lowercased()):\(port)"
    }
}
