import Foundation
import Notifier
import PostgresNIO

/// The language each attendee chose (DESIGN.md §26), one row a number. A choice is one statement
/// (an upsert, or a delete), so two made at once by two workers (a reply and a page) both succeed
/// and the later stays, as with SQLite's one writer.
extension PostgresAppDatabase {
    /// The language `phone` (E.164) chose, if any.
    public func chosenLanguage(of phone: String) async throws -> Language? {
        try await read { db in
            try await db.value(String.self, "SELECT language FROM attendee_languages WHERE phone = \(phone)")
        }.flatMap { Language(tag: $0) }
    }

    /// The languages these numbers chose, in one read (a batch of messages to send).
    public func chosenLanguages(of phones: Set<String>) async throws -> [String: Language] {
        guard !phones.isEmpty else { return [:] }
        return try await read { db in
            var languages: [String: Language] = [:]
            for try await (phone, language) in try await db.connection.query(
                "SELECT phone, language FROM attendee_languages WHERE phone = ANY(\(Array(phones)))", logger: db.logger
            ).decode((String, String).self) {
                languages[phone] = Language(tag: language)
            }
            return languages
        }
    }

    /// `phone` reads `language` from now on; nil forgets their choice. Messages already written
    /// keep theirs; the next ones are written in it.
    public func chooseLanguage(_ language: Language?, for phone: String, at now: Date) async throws {
        try await write { db in
            if let language {
                try await db.execute("""
                    INSERT INTO attendee_languages (phone, language, chosen_at) VALUES (\(phone), \(language.code), \(now))
                    ON CONFLICT (phone) DO UPDATE SET language = excluded.language, chosen_at = excluded.chosen_at
                    """)
            } else {
                try await db.execute("DELETE FROM attendee_languages WHERE phone = \(phone)")
            }
        }
    }
}
