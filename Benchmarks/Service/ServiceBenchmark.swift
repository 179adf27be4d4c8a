import AsyncHTTPClient
import BenchmarkSupport
import Foundation

/// The service's throughput benchmarks (DESIGN.md §14, §21), each against the release binary
/// `serve` in its own process and the emulators on loopback, each printing a table row:
///
///     swift build -c release && .build/release/ServiceBenchmark burst|whole-life|head-of-line|webhooks|memory|startup|all
///     TEST_DATABASE_URL=… .build/release/ServiceBenchmark burst-workers [COUNT]   (not in `all`)
@main
struct ServiceBenchmark {
    static func main() async throws {
        let which = CommandLine.arguments.dropFirst().first ?? "all"
        let all = which == "all"
        if all || which == "burst" {
            // `burst 1000` runs that size alone.
            let sizes = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init).map { [$0] } ?? [1_000, 10_000]
            print("| burst | delivery reports | messages | seconds | messages/s | CPU of serve a message | goal |")
            print("| --- | --- | --- | --- | --- | --- | --- |")
            for count in sizes {
                try await burst(count, reports: true)
                try await burst(count, reports: false)
            }
        }
        if all || which == "whole-life" {
            try await WholeLifeBenchmark.run(count: CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 1_000)
        }
        if all || which == "head-of-line" {
            print("| head-of-line: burst before | its message after | write-backs done by then | goal |\n| --- | --- | --- | --- |")
            for count in [300, 5_000] { try await headOfLine(after: count) }
        }
        if which == "burst-workers" {
            // Needs TEST_DATABASE_URL; `burst-workers 2000` runs that size.
            let count = CommandLine.arguments.dropFirst(2).first.flatMap(Int.init) ?? 1_000
            try await WorkersBurst.run(count: count, workers: [1, 2, 3])
        }
        if all || which == "webhooks" { try await webhooks() }
        if all || which == "memory" { try await memory() }
        if all || which == "startup" { try await startup() }
    }

    static let fast = ["SEND_RATE": "1000", "SEND_CONCURRENCY": "64"]

    /// N sessions in the calendar when `serve` starts: how fast their messages reach Twilio. With
    /// `reports`, the emulator posts each message's `queued`, `sent` and `delivered` back, as Twilio
    /// does: the service then answers three webhooks a message besides sending it.
    static func burst(_ count: Int, reports: Bool) async throws {
        let bench = try await BenchEmulators.start()
        if !reports { await bench.twilio.setDefaultOutcome(.staysQueued) }
        try await bench.createSessions(count)
        let serve = try ServeProcess(environment: bench.environment(fast.merging(["POLL_INTERVAL": "1h", "GOOGLE_PUSH": "off"]) { $1 }),
                                     port: bench.port)
        _ = try await serve.waitUntilServing()
        let idleCPU = serve.cpuSeconds
        try await waitFor("\(count) messages") { await bench.twilio.messages().count >= count }
        // The write-back and the delivery reports go on after the last send: their CPU counts too.
        if reports { try await waitFor("every report answered") { bench.twilio.postedCallbacks.count >= 3 * count } }
        let cpu = serve.cpuSeconds - idleCPU
        let messages = await bench.twilio.messages()
        let seconds = messages.last!.dateCreated.timeIntervalSince(messages.first!.dateCreated)
        print(String(format: "| %d events | %@ | %d | %.2f | %.0f | %.2f ms | ≥ 1,000 msg/s, ≤ 1.2 ms CPU |", count,
                     reports ? "3 a message" : "none", messages.count, seconds, Double(count - 1) / seconds, cpu * 1_000 / Double(count)))
        serve.stop()
        await bench.stop()
    }

    /// A session created right after a burst, while Google takes 150 ms per write: how soon its message goes.
    static func headOfLine(after count: Int) async throws {
        let bench = try await BenchEmulators.start()
        await bench.google.setWriteLatency(.milliseconds(150))
        try await bench.createSessions(count)
        let serve = try ServeProcess(environment: bench.environment(fast.merging(["POLL_INTERVAL": "1h", "GOOGLE_PUSH": "on"]) { $1 }),
                                     port: bench.port)
        try await waitFor("the burst") { await bench.twilio.messages().count >= count }
        try await waitFor("the push channel") { await !bench.google.channels().isEmpty }
        let before = Date()
        try await bench.createSessions(1, startingAt: count, summary: "Right after")
        try await waitFor("its message") { await bench.twilio.messages().contains { $0.body.contains("Right after") } }
        let message = await bench.twilio.messages().first { $0.body.contains("Right after") }!
        let written = await bench.google.events(in: bench.calendarID).filter { $0.colorId == "10" }.count
        print(String(format: "| %d events | %.0f ms | %d of %d | < 1 s |", count, message.dateCreated.timeIntervalSince(before) * 1_000,
                     written, count))
        serve.stop()
        await bench.stop()
    }

    /// Requests per second and p99 under 32 connections (wrk), for a short link, a signed delivery
    /// report and the health check.
    static func webhooks() async throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/wrk") else {
            print("webhooks: wrk is not installed (apt-get install wrk)")
            return
        }
        let bench = try await BenchEmulators.start()
        try await bench.createSessions(1)
        let serve = try ServeProcess(environment: bench.environment(["POLL_INTERVAL": "1h", "GOOGLE_PUSH": "off"]), port: bench.port)
        try await waitFor("the message") { await !bench.twilio.messages().isEmpty }
        let message = await bench.twilio.messages()[0]
        guard let line = message.body.split(separator: "\n").first(where: { $0.hasPrefix("Cancel: ") }) else {
            throw BenchmarkError("no short link in the message")
        }
        let link = line.dropFirst("Cancel: ".count)
        let statusURL = "http://127.0.0.1:\(bench.port)/webhooks/twilio/status"
        let fields = [("MessageSid", message.sid), ("MessageStatus", "delivered"), ("AccountSid", bench.twilio.accountSID)]
        let body = fields.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        let script = bench.folder.appendingPathComponent("status.lua")
        try """
            wrk.method = "POST"
            wrk.body = "\(body)"
            wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
            wrk.headers["X-Twilio-Signature"] = "\(bench.twilio.signature(url: statusURL, fields: fields))"
            """.write(to: script, atomically: true, encoding: .utf8)
        print("| route, 32 connections, 10 s | requests/s | p50 | p99 | goal |\n| --- | --- | --- | --- | --- |")
        for (name, url, extra, goal) in [
            ("GET /r/{code}", String(link), [String](), "≥ 40,000 req/s, p99 < 2 ms"),
            ("signed POST /webhooks/twilio/status", statusURL, ["-s", script.path], "≥ 15,000 req/s, p99 < 3 ms"),
            ("GET /healthz", "http://127.0.0.1:\(bench.port)/healthz", [], "—"),
        ] {
            let output = try run("/usr/bin/wrk", ["-t2", "-c32", "-d10s", "--latency"] + extra + [url])
            let rate = output.firstMatch(of: #/Requests/sec:\s+([\d.]+)/#).map { String($0.1) } ?? "?"
            let p50 = output.firstMatch(of: #/\n\s+50%\s+(\S+)/#).map { String($0.1) } ?? "?"
            let p99 = output.firstMatch(of: #/\n\s+99%\s+(\S+)/#).map { String($0.1) } ?? "?"
            print("| \(name) | \(rate) | \(p50) | \(p99) | \(goal) |")
        }
        serve.stop()
        await bench.stop()
    }

    /// Resident memory of `serve` idle, and once 10,000 events are stored and announced.
    static func memory() async throws {
        let bench = try await BenchEmulators.start()
        let serve = try ServeProcess(environment: bench.environment(fast.merging(["POLL_INTERVAL": "2s", "GOOGLE_PUSH": "off"]) { $1 }),
                                     port: bench.port)
        _ = try await serve.waitUntilServing()
        try await Task.sleep(for: .seconds(3))
        let idle = serve.residentMegabytes
        try await bench.createSessions(10_000)
        try await waitFor("10,000 messages") { await bench.twilio.messages().count >= 10_000 }
        try await Task.sleep(for: .seconds(3))
        print("| RSS of serve | idle | after 10,000 events | goal |\n| --- | --- | --- | --- |")
        print(String(format: "| release build | %.1f MB | %.1f MB | < 32 MB / < 64 MB |", idle, serve.residentMegabytes))
        serve.stop()
        await bench.stop()
    }

    /// From launching `serve` on a new database to `/healthz` answering, five times.
    static func startup() async throws {
        var times: [Double] = []
        for _ in 0..<5 {
            let bench = try await BenchEmulators.start()
            let serve = try ServeProcess(environment: bench.environment(["GOOGLE_PUSH": "off"]), port: bench.port)
            let took = try await serve.waitUntilServing()
            times.append(Double(took.components.attoseconds) / 1e15 + Double(took.components.seconds) * 1_000)
            serve.stop()
            await bench.stop()
        }
        let sorted = times.sorted()
        print("| start-up to serving (new database) | median | max | goal |\n| --- | --- | --- | --- |")
        print(String(format: "| 5 launches | %.0f ms | %.0f ms | < 100 ms |", percentile(sorted, 0.5), sorted.last ?? 0))
    }

    /// Runs a command to its end and returns what it printed.
    static func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
