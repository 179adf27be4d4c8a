import CalDAV
import Emulators
import Foundation
import TestSupport
import Testing

/// `gcal-whatsapp sandbox` as a newcomer runs it: one command, one URL, a page to play host and attendee.
@Suite(.serialized)
struct SandboxTests {
    @Test func createAnEventSeeTheMessageThenCancelThroughItsLink() async throws {
        let cli = try CLI()
        let sandbox = try RunningCommand(["sandbox", "--port", "0"], environment: [:], in: cli.directory)
        let page = try await eventually("the sandbox prints its URL") {
            sandbox.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
        }
        let base = String(page.dropLast("/sandbox".count))
        let shell = try await Browser.get(page).body
        #expect(shell.contains(#"<iframe src="/sandbox/calendar""#) && shell.contains(#"<iframe src="/sandbox/threads""#))
        #expect(try await Browser.get(page + "/calendar").body.contains("Coaching session"), "sample sessions are seeded")

        let start = ISO8601DateFormatter.string(from: Date().addingTimeInterval(2 * 86_400), timeZone: .current,
                                                formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate])
        let created = try await Browser.post(base + "/sandbox/sessions", form: [
            ("title", "Sandbox trial"), ("start", String(start.prefix(16))), ("minutes", "45"), ("phone", "+447400123456"),
        ])
        #expect(created.status == 303)
        let cancelLink = try await eventually("the scheduled message reaches the attendee's thread") { () -> String? in
            let html = try await Browser.get(page + "/threads").body
            guard html.contains("Your session &quot;Sandbox trial&quot; is scheduled") || html.contains("Your session \"Sandbox trial\" is scheduled")
            else { return nil }
            // The attendee's own thread: the seeded sessions' threads have cancel links too.
            guard let thread = html.range(of: #"id="thread-+447400123456""#) else { return nil }
            return html[thread.upperBound...].firstMatch(of: #/Cancel: <a href="(http://127\.0\.0\.1:\d+/r/[0-9A-Za-z]+)"/#)
                .map { String($0.1) }
        }

        let confirmPage = try #require(try await Browser.get(cancelLink).headers.first(name: "Location"))
        let form = try await Browser.get(confirmPage)
        let confirm = try #require(form.body.firstMatch(of: #/name="confirm" value="([^"]+)"/#).map { String($0.1) })
        let done = try await Browser.post(confirmPage, form: [("confirm", confirm)], headers: [("Origin", base)])
        #expect(done.body.contains("Your session is cancelled"))
        try await eventually("the event is gone and the cancelled message arrives") { () -> Bool? in
            let html = try await Browser.get(page + "/calendar").body + Browser.get(page + "/threads").body
            let gone = !html.contains("<strong>Sandbox trial</strong>")
            let told = html.contains("Sandbox trial&quot; on") || html.contains("Sandbox trial\" on")
            return gone && told ? true : nil
        }

        sandbox.signal(SIGINT)
        #expect(await sandbox.exitStatus() == 0)
    }

    /// `sandbox --provider meta`: the same page, the messages carried by the Meta emulator; the
    /// attendee's message gets its answer as a message of its own, and an undeliverable number turns red.
    @Test func theSandboxRunsWithMeta() async throws {
        let cli = try CLI()
        let sandbox = try RunningCommand(["sandbox", "--port", "0", "--provider", "meta"], environment: [:], in: cli.directory)
        let page = try await eventually("the sandbox prints its URL") {
            sandbox.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
        }
        let base = String(page.dropLast("/sandbox".count))
        try await eventually("the sample sessions are announced through Meta and turn green") { () -> Bool? in
            let calendar = try await Browser.get(page + "/calendar").body
            let threads = try await Browser.get(page + "/threads").body
            return calendar.components(separatedBy: "colour: green").count == 3 && threads.contains("· delivered") ? true : nil
        }
        let attendee = "+447400123456"
        let start = ISO8601DateFormatter.string(from: Date().addingTimeInterval(2 * 86_400), timeZone: .current,
                                                formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate])
        _ = try await Browser.post(base + "/sandbox/sessions", form: [("title", "Meta trial"), ("start", String(start.prefix(16))),
                                                                      ("minutes", "45"), ("phone", attendee)])
        try await eventually("the scheduled message reaches the thread") { () -> Bool? in
            try await Browser.get(page + "/threads").body.contains("Meta trial") ? true : nil
        }
        _ = try await Browser.post(base + "/sandbox/write", form: [("phone", attendee), ("text", "sessions")])
        try await eventually("the list comes back through Meta") { () -> Bool? in
            let threads = try await Browser.get(page + "/threads").body
            return threads.components(separatedBy: "Meta trial").count >= 3 ? true : nil
        }
        _ = try await Browser.post(base + "/sandbox/delivery", form: [("phone", "+447400999999"), ("outcome", "invalid")])
        _ = try await Browser.post(base + "/sandbox/sessions", form: [("title", "Unreachable"), ("start", String(start.prefix(16))),
                                                                      ("minutes", "30"), ("phone", "+447400999999")])
        try await eventually("red, with Meta's reason") { () -> Bool? in
            let calendar = try await Browser.get(page + "/calendar").body
            return calendar.contains("131026") ? true : nil
        }
        sandbox.signal(SIGINT)
        #expect(await sandbox.exitStatus() == 0)
    }

    @Test func framesReloadOnlyOnChangesAndADataFolderResumesWhereItStopped() async throws {
        let cli = try CLI()
        let data = cli.directory.path("sandbox-data")
        let first = try RunningCommand(["sandbox", "--port", "0", "--data", data], environment: [:], in: cli.directory)
        let page = try await eventually("the sandbox prints its URL") {
            first.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
        }
        let base = String(page.dropLast("/sandbox".count))
        let key = try #require(first.output.firstMatch(of: #/FERNET_KEY=(\S+)/#).map { String($0.1) })
        #expect(first.output.contains("kept in \(data)"))

        let frame = try await Browser.get(page + "/calendar").body
        #expect(!frame.contains("http-equiv=\"refresh\""), "no timed reload that wipes what is typed")
        #expect(frame.contains("data-version=\"") && frame.contains("/sandbox/version"))
        #expect(frame.contains("document.activeElement"), "no reload while a field has the focus")
        // Once the seeded sessions are announced, delivered and written back, the version holds still.
        try await eventually("the sample sessions are announced, delivered and green") { () -> Bool? in
            let calendar = try await Browser.get(page + "/calendar").body
            let threads = try await Browser.get(page + "/threads").body
            return calendar.components(separatedBy: "colour: green").count == 3
                && threads.components(separatedBy: "· delivered").count == 3 ? true : nil
        }
        let settled = try await Browser.get(base + "/sandbox/version").body
        #expect(try await Browser.get(base + "/sandbox/version").body == settled, "no change, no new version")

        let start = ISO8601DateFormatter.string(from: Date().addingTimeInterval(2 * 86_400), timeZone: .current,
                                                formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate])
        _ = try await Browser.post(base + "/sandbox/sessions", form: [
            ("title", "Kept trial"), ("start", String(start.prefix(16))), ("minutes", "30"), ("phone", "+447400123456"),
        ])
        #expect(try await Browser.get(base + "/sandbox/version").body != settled, "a change shows as a new version")
        let code = try await eventually("the message arrives") { () -> String? in
            let html = try await Browser.get(page + "/threads").body
            guard let thread = html.range(of: #"id="thread-+447400123456""#) else { return nil }
            return html[thread.upperBound...].firstMatch(of: #/127\.0\.0\.1:\d+/r/([0-9A-Za-z]+)"/#).map { String($0.1) }
        }
        _ = try await Browser.post(base + "/sandbox/zone", form: [("zone", "UTC")])
        #expect(try await Browser.get(page + "/calendar").body.contains("Times in UTC."))
        try await eventually("the state is saved") {
            FileManager.default.fileExists(atPath: data + "/sandbox-state.json") ? true : nil
        }
        first.signal(SIGINT)
        #expect(await first.exitStatus() == 0)

        let second = try RunningCommand(["sandbox", "--port", "0", "--data", data], environment: [:], in: cli.directory)
        let again = try await eventually("the sandbox prints its URL again") {
            second.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
        }
        #expect(second.output.contains("FERNET_KEY=\(key)"), "the same key, so old links still work")
        #expect(second.output.contains("resumed from \(data)"))
        let againBase = String(again.dropLast("/sandbox".count))
        #expect(try await Browser.get(again + "/calendar").body.contains("<strong>Kept trial</strong>"))
        #expect(try await Browser.get(again + "/calendar").body.contains("Times in UTC."))
        #expect(try await Browser.get(again + "/threads").body.contains("Kept trial"), "the chats are back")
        #expect(try await Browser.get(againBase + "/r/\(code)").status == 303, "an old short link still opens")
        second.signal(SIGINT)
        #expect(await second.exitStatus() == 0)
    }

    @Test func keyFilesAreTheOwnersOnlyAndAFiveDigitYearIsRefused() async throws {
        let cli = try CLI()
        let data = cli.directory.path("kept")
        let previous = umask(0)
        let sandbox = try RunningCommand(["sandbox", "--port", "0", "--data", data], environment: [:], in: cli.directory)
        umask(previous)
        let page = try await eventually("the sandbox prints its URL") {
            sandbox.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
        }
        let base = String(page.dropLast("/sandbox".count))
        for file in ["service-account.json", "fernet.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: data + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file): \(String(mode ?? 0, radix: 8))")
        }
        let folder = try FileManager.default.attributesOfItem(atPath: data)[.posixPermissions] as? Int
        #expect(folder == 0o700)
        _ = try await Browser.post(base + "/sandbox/sessions", form: [
            ("title", "Typo year"), ("start", "99999-01-05T10:00"), ("minutes", "45"), ("phone", "+447400123456"),
        ])
        #expect(!(try await Browser.get(page + "/calendar").body.contains("Typo year")), "refused: years 2000-2100 only")
        #expect(try await Browser.get(page).body.contains("between the years 2000 and 2100"), "and the page says why")
        let shell = try await Browser.get(page).body
        #expect(shell.contains(#"<span class="stack">above</span>"#), "stacked on a phone, the text says above and below")
        #expect(shell.contains(#"max="2100-12-31T23:59""#))
        sandbox.signal(SIGINT)
        #expect(await sandbox.exitStatus() == 0, "\(sandbox.output)")
    }
}

/// `sandbox --caldav`: a local Radicale calendar watched beside the emulated Google.
@Suite(.serialized)
struct SandboxCalDAVTests {
    @Test func theSampleCalDAVSessionAndOneAddedWithCurlReachTheirAttendees() async throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let cli = try CLI()
        let sandbox = try RunningCommand(["sandbox", "--port", "0", "--caldav"], environment: ["PATH": path], in: cli.directory)
        let page = try await eventually("the sandbox prints its URL") {
            sandbox.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
        }
        let example = try #require(sandbox.output.firstMatch(of: #/-T session\.ics (http://127\.0\.0\.1:\d+/\S+/)my-session\.ics/#)
            .map { String($0.1) })
        try await eventually("the sample CalDAV session is announced") {
            try await Browser.get(page + "/threads").body.contains("Piano lesson (CalDAV)") ? true : nil
        }
        let start = Date().addingTimeInterval(3 * 86_400)
        let text = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", "BEGIN:VEVENT", "UID:added-with-curl", "DTSTAMP:20261201T090000Z",
                    "DTSTART:\(ICalendarTime.utcText(start))", "DTEND:\(ICalendarTime.utcText(start.addingTimeInterval(1_800)))",
                    "SUMMARY:Cello lesson", "LOCATION:+447400123456", "END:VEVENT", "END:VCALENDAR"].joined(separator: "\r\n")
        let put = try await Browser.put(example + "my-session.ics", body: text,
                                        headers: [("Authorization", "Basic " + Data("host:app-password-for-tests".utf8).base64EncodedString()),
                                                  ("Content-Type", "text/calendar")])
        #expect(put.status == 201)
        // CalDAV has no push: the sandbox polls every 10 s with --caldav.
        try await eventually("the session added with curl is announced") {
            try await Browser.get(page + "/threads").body.contains("Cello lesson") ? true : nil
        }
        sandbox.signal(SIGINT)
        #expect(await sandbox.exitStatus() == 0)
    }

    /// Found by review: a sandbox resumed with --data made a new Radicale calendar and sent its
    /// sample again.
    @Test func aResumedSandboxKeepsItsCalDAVCalendarAndSendsNothingTwice() async throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let cli = try CLI()
        let data = cli.directory.path("sandbox-data")
        func run() async throws -> (RunningCommand, String) {
            let sandbox = try RunningCommand(["sandbox", "--port", "0", "--caldav", "--data", data], environment: ["PATH": path], in: cli.directory)
            let page = try await eventually("the sandbox prints its URL") {
                sandbox.output.firstMatch(of: #/Open (http://127\.0\.0\.1:\d+/sandbox)/#).map { String($0.1) }
            }
            return (sandbox, page)
        }
        func announcements(_ page: String) async throws -> Int {
            try await Browser.get(page + "/threads").body.components(separatedBy: "Piano lesson (CalDAV)&quot; is scheduled").count - 1
        }
        let (first, page) = try await run()
        try await eventually("the sample announced") { try await announcements(page) == 1 ? true : nil }
        first.signal(SIGINT)
        #expect(await first.exitStatus() == 0)

        let (second, again) = try await run()
        // A session added now is announced: the resumed sandbox has synced its CalDAV calendar.
        let calendar = try #require(second.output.firstMatch(of: #/-T session\.ics (http://127\.0\.0\.1:\d+/\S+/)my-session\.ics/#).map { String($0.1) })
        let start = Date().addingTimeInterval(3 * 86_400)
        let text = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", "BEGIN:VEVENT", "UID:after-resume", "DTSTAMP:20261201T090000Z",
                    "DTSTART:\(ICalendarTime.utcText(start))", "DTEND:\(ICalendarTime.utcText(start.addingTimeInterval(1_800)))",
                    "SUMMARY:Viola lesson", "LOCATION:+447400123456", "END:VEVENT", "END:VCALENDAR"].joined(separator: "\r\n")
        _ = try await Browser.put(calendar + "after-resume.ics", body: text,
                                  headers: [("Authorization", "Basic " + Data("host:app-password-for-tests".utf8).base64EncodedString())])
        try await eventually("the new session announced") { try await Browser.get(again + "/threads").body.contains("Viola lesson") ? true : nil }
        let told = try await announcements(again)
        #expect(told == 1, "told \(told) times")
        second.signal(SIGINT)
        #expect(await second.exitStatus() == 0)
    }

    @Test func withoutRadicaleItSaysHowToInstallIt() async throws {
        let cli = try CLI()
        // A `python3` that has no Radicale: the first on PATH, failing every import.
        let bin = cli.directory.path("bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\nexit 1\n".write(toFile: bin + "/python3", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/python3")
        let result = try await cli.run(["sandbox", "--port", "0", "--caldav"], environment: ["PATH": bin + ":/usr/bin:/bin"])
        #expect(result.status != 0)
        #expect((result.output + result.error).contains("pip install radicale"), "\(result.output)\(result.error)")
    }
}
