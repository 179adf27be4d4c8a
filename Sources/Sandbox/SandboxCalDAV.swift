import AsyncHTTPClient
import CalDAV
import ClientSupport
import Emulators
import Foundation

/// `sandbox --caldav`: a real Radicale server on loopback beside the emulated Google, with one
/// calendar and a sample session in it, so that a host can try the CalDAV path (DESIGN.md §23)
/// with any CalDAV app (Thunderbird, Apple Calendar, DAVx⁵) or `curl`.
struct SandboxCalDAV {
    let server: CalDAVServer
    let calendar: URL

    /// Why `--caldav` cannot run, with what to do.
    struct NotInstalled: Error, CustomStringConvertible {
        var description: String {
            "sandbox --caldav runs a local Radicale CalDAV server, and Radicale is not installed. Install it with "
                + "`pip install radicale` (or `pipx install radicale`), then run the sandbox again; without --caldav the sandbox needs nothing."
        }
    }

    /// `folder`: where Radicale keeps the calendar when the sandbox is kept (`--data`), so that a
    /// resumed sandbox finds its sessions and sends nothing again (found by review).
    static func start(zone: String, folder: URL?) async throws -> SandboxCalDAV {
        guard CalDAVServer.Kind.radicale.isInstalled else { throw NotInstalled() }
        if let folder { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        // The calendar's URL is its id in the database: a resumed sandbox keeps the port too.
        let portFile = folder?.appendingPathComponent("port")
        var remembered = portFile.flatMap { try? String(contentsOf: $0, encoding: .utf8) }.flatMap { Int($0) }
        // The last run's server may still be letting go of it for a moment.
        for _ in 0..<50 where remembered.map(LoopbackPort.isFree) == false { try await Task.sleep(for: .milliseconds(100)) }
        if let port = remembered, !LoopbackPort.isFree(port) { remembered = nil }
        let server = try await CalDAVServer(.radicale, port: remembered, folder: folder)
        if let portFile { try String(server.port).write(to: portFile, atomically: true, encoding: .utf8) }
        let (calendar, isNew) = try await server.makeCalendar("Sandbox Coaching", path: "sandbox-coaching")
        let sandbox = SandboxCalDAV(server: server, calendar: calendar)
        if isNew { try await sandbox.seed(zone: zone) }
        return sandbox
    }

    /// The settings a host would put in `.env` for this server.
    var settings: [String: String] {
        ["CALDAV_URL": server.root.absoluteString, "CALDAV_USERNAME": CalDAVServer.user, "CALDAV_PASSWORD": CalDAVServer.password,
         "CALDAV_CALENDARS": "Sandbox Coaching"]
    }

    /// What the sandbox prints about the server: where it is, and how to add a session to it.
    var instructions: String {
        let example = calendar.appendingPathComponent("my-session.ics").absoluteString
        return """
            CalDAV (Radicale): \(calendar.absoluteString)  user: \(CalDAVServer.user)  password: \(CalDAVServer.password)
              add it to any CalDAV app, or create a session with:
              curl -u \(CalDAVServer.user):\(CalDAVServer.password) -T session.ics \(example)
            """
    }

    /// One session tomorrow afternoon, as a CalDAV app would write it.
    private func seed(zone: String) async throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: zone) ?? .current
        let start = gregorian.startOfDay(for: Date().addingTimeInterval(86_400)).addingTimeInterval(13 * 3_600)
        let text = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gcal-whatsapp//sandbox//EN", "BEGIN:VEVENT", "UID:\(UUID().uuidString)@sandbox.test",
            "DTSTAMP:\(ICalendarTime.utcText(Date()))", "DTSTART:\(ICalendarTime.utcText(start))",
            "DTEND:\(ICalendarTime.utcText(start.addingTimeInterval(3_600)))", "SUMMARY:Piano lesson (CalDAV)", "LOCATION:+447400123987",
            "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
        let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared)
        _ = try await client.put(text, at: calendar.appendingPathComponent("piano-lesson.ics"), creating: true)
    }
}
