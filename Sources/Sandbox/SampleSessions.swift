import Emulators
import Foundation

/// A few sessions in the sandbox calendar to start from, as a host would have them.
enum SampleSessions {
    static func seed(_ google: GoogleEmulator, calendarID: String, zone: String) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .current
        let tomorrow = calendar.startOfDay(for: Date().addingTimeInterval(86_400))
        let samples: [(String, Double, String?)] = [
            ("Coaching session", 15, "+919876543210"),
            ("Guitar lesson", 24 + 11, "+14155550132"),
            ("Team planning (no phone: nothing is sent)", 24 + 16, "Meeting room 2"),
        ]
        for (summary, hours, location) in samples {
            let start = tomorrow.addingTimeInterval(hours * 3_600)
            _ = try await google.createEvent(in: calendarID, summary: summary, start: start,
                                             end: start.addingTimeInterval(3_600), timeZone: zone, location: location)
        }
    }
}
