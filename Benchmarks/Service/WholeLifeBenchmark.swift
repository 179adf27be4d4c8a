import BenchmarkSupport
import Emulators
import Foundation

/// A message's whole life after a burst: sent, its three delivery reports answered, and its event
/// coloured green by the write-back. `burst` stops its clock at the last report, when most of the
/// write-back is still to come: Google's quota paces it (`GOOGLE_WRITE_RATE`, 8 a second by
/// default, so 1,000 events take two minutes). Here the pace is the highest the setting allows,
/// so that the write-back's own CPU shows in minutes' less time; the CPU a second is the same.
enum WholeLifeBenchmark {
    static func run(count: Int) async throws {
        print("| whole life, \(count) sessions, GOOGLE_WRITE_RATE=100 | seconds to all green | Google requests a message | CPU of serve a message: to the last report | to all green |")
        print("| --- | --- | --- | --- | --- |")
        let bench = try await BenchEmulators.start()
        try await bench.createSessions(count)
        let environment = ServiceBenchmark.fast.merging(["POLL_INTERVAL": "1h", "GOOGLE_PUSH": "off", "GOOGLE_WRITE_RATE": "100"]) { $1 }
        let serve = try ServeProcess(environment: bench.environment(environment), port: bench.port)
        _ = try await serve.waitUntilServing()
        let started = Date()
        let idleCPU = serve.cpuSeconds
        let requestsBefore = await bench.google.requestCounts.api
        try await waitFor("every report answered") { bench.twilio.postedCallbacks.count >= 3 * count }
        let reportsCPU = serve.cpuSeconds - idleCPU
        try await waitFor("every event green") {
            await bench.google.events(in: bench.calendarID).count { $0.colorId == "10" } >= count
        }
        let greenCPU = serve.cpuSeconds - idleCPU
        let seconds = Date().timeIntervalSince(started)
        let requests = await bench.google.requestCounts.api - requestsBefore
        print(String(format: "| %d | %.1f | %.2f | %.2f ms | %.2f ms |", count, seconds, Double(requests) / Double(count),
                     reportsCPU * 1_000 / Double(count), greenCPU * 1_000 / Double(count)))
        serve.stop()
        await bench.stop()
    }
}
