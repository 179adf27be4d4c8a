import Synchronization

/// A request body that notes when AsyncHTTPClient first reads it. AsyncHTTPClient reads a
/// body without contiguous storage only once a connection is carrying the request, so an
/// unread body proves that the API never saw the request (a refused connection, a DNS failure,
/// no free connection in time), while a read one means the API may have acted on it (created a message, say).
struct WatchedBody: Sequence, Sendable {
    let bytes: [UInt8]
    private let read = ReadMark()

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var wasRead: Bool { read.isSet }

    func makeIterator() -> IndexingIterator<[UInt8]> {
        read.set()
        return bytes.makeIterator()
    }

    private final class ReadMark: Sendable {
        private let flag = Atomic(false)

        var isSet: Bool { flag.load(ordering: .acquiring) }

        func set() {
            flag.store(true, ordering: .releasing)
        }
    }
}
