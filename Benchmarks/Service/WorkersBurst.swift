import BenchmarkSupport
import Emulators
import Foundation
import TestSupport

/// The burst on PostgreSQL with 1, 2 and 3 workers (DESIGN.md §27): `count` sessions in the
/// calendar when the workers start, each worker its own `serve` process on one database (a new
/// one per row, on the server `TEST_DATABASE_URL` names). The sender's rate is the sum of the
/// workers', each at `SEND_RATE=1000`; on this 2-core machine the workers share the cores with
/// PostgreSQL and the emulators, so the figure says what the claims cost, not what more
/// machines would give.
enum WorkersBurst {
    static func run(count: Int, workers: [Int]) async throws {
        print("| workers on PostgreSQL | messages | seconds | messages/s | CPU of the workers a message |")
        print("| --- | --- | --- | --- | --- |")
        for workerCount in workers {
            guard let database = try TestStore.createDatabase(forcing: true) else {
                print("burst-workers: skipped, TEST_DATABASE_URL names no PostgreSQL server")
                return
            }
            defer { TestStore.dropDatabase(database.name) }
            let bench = try await BenchEmulators.start()
            await bench.twilio.setDefaultOutcome(.staysQueued)
            try await bench.createSessions(count)
            let ports = try (0..<workerCount).map { _ in try LoopbackPort.free() }
            let shared = bench.environment(ServiceBenchmark.fast.merging(["POLL_INTERVAL": "1h", "GOOGLE_PUSH": "off", "DATABASE_URL": database.url,
                                                                          "PUBLIC_BASE_URL": "http://127.0.0.1:\(ports[0])"]) { $1 })
            let running = try ports.map { port in
                var environment = shared
                environment["HTTP_PORT"] = String(port)
                return try ServeProcess(environment: environment, port: port)
            }
            for worker in running { _ = try await worker.waitUntilServing() }
            let idle = running.map(\.cpuSeconds).reduce(0, +)
            try await waitFor("\(count) messages") { await bench.twilio.messages().count >= count }
            let cpu = running.map(\.cpuSeconds).reduce(0, +) - idle
            let messages = await bench.twilio.messages()
            let seconds = messages.last!.dateCreated.timeIntervalSince(messages.first!.dateCreated)
            let duplicates = messages.count - Set(messages.map(\.to)).count
            print(String(format: "| %d | %d%@ | %.2f | %.0f | %.2f ms |", workerCount, messages.count,
                         duplicates == 0 ? "" : " (\(duplicates) duplicated!)", seconds, Double(count - 1) / seconds,
                         cpu * 1_000 / Double(count)))
            for worker in running { worker.stop() }
            await bench.stop()
        }
    }
}
