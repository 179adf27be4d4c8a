import Foundation
import Logging
import Notifier
import PostgresStore
import TestSupport

/// The store a store-level test runs on: a SQLite file in a directory of its own, or, on
/// `.ci/run`'s PostgreSQL pass (`TEST_STORE=postgres`), a fresh database of the test's own, closed
/// and dropped after. The same assertions then hold for both stores (DESIGN.md §27).
struct StoreUnderTest {
    let store: any ServiceStore
    private let file: String?
    private let postgresURL: String?

    /// Every byte the store keeps, as text: the SQLite file, or a `pg_dump` of the database. For
    /// tests that a secret is never stored in clear.
    func everythingStored() throws -> String {
        if let postgresURL { return try TestStore.dump(postgresURL) }
        return String(decoding: FileManager.default.contents(atPath: file ?? "") ?? Data(), as: UTF8.self)
    }

    static func with<T>(
        in directory: TemporaryDirectory, named name: String = "store.sqlite", _ body: (StoreUnderTest) async throws -> T
    ) async throws -> T {
        guard let postgres = try TestStore.createDatabase() else {
            let path = directory.path(name)
            return try await body(StoreUnderTest(store: try AppDatabase.open(path: path), file: path, postgresURL: nil))
        }
        defer { TestStore.dropDatabase(postgres.name) }
        let store: any ServiceStore = try await PostgresAppDatabase.open(try PostgresLocation(url: postgres.url), logger: Logger(label: "test"))
        do {
            let result = try await body(StoreUnderTest(store: store, file: nil, postgresURL: postgres.url))
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}
