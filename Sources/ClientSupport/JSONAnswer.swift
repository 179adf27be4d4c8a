public import Foundation

/// Reading an API's JSON answer into a client's types, each client failing with its own error.
public enum JSONAnswer {
    public static func decode<Value: Decodable, Failure: Error>(
        _ type: Value.Type, from body: Data, or failure: (String) -> Failure
    ) throws(Failure) -> Value {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw failure("could not read \(Value.self): \(error)")
        }
    }
}
