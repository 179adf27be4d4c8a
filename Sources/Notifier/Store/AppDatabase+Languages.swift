import Foundation
import GRDB

/// A row of `attendee_languages`: the language an attendee chose (reply `LANGUAGE es`, a page's
/// language choice, or the host on the dashboard).
struct ChosenLanguage: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "attendee_languages"
    var phone: String
    var language: String
    var chosenAt: Date

    enum CodingKeys: String, CodingKey {
        case phone, language, chosenAt = "chosen_at"
    }
}

extension AppDatabase {
    /// The language `phone` (E.164) chose, if any.
    public func chosenLanguage(of phone: String) async throws -> Language? {
        try await readRepairing { db in try ChosenLanguage.fetchOne(db, key: phone) }.flatMap { Language(tag: $0.language) }
    }

    /// The languages these numbers chose, in one read (a batch of messages to send).
    package func chosenLanguages(of phones: Set<String>) async throws -> [String: Language] {
        guard !phones.isEmpty else { return [:] }
        return try await readRepairing { db in
            try ChosenLanguage.filter(keys: Array(phones)).fetchAll(db)
        }.reduce(into: [:]) { languages, row in languages[row.phone] = Language(tag: row.language) }
    }

    /// `phone` reads `language` from now on; nil forgets their choice. Messages already written
    /// keep theirs; the next ones are written in it.
    public func chooseLanguage(_ language: Language?, for phone: String, at now: Date) async throws {
        try await writer.write { db in
            if let language {
                try ChosenLanguage(phone: phone, language: language.code, chosenAt: now).save(db)
            } else {
                _ = try ChosenLanguage.deleteOne(db, key: phone)
            }
        }
    }
}
