import Foundation
import Hummingbird

/// JSON answers built from `Encodable` values or plain dictionaries.
enum JSONReply {
    static func response(status: Int = 200, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return response(status: status, data: data)
    }

    static func response(status: Int, object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return response(status: status, data: data)
    }

    static func response(status: Int, data: Data) -> Response {
        Response(
            status: .init(code: status),
            headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
