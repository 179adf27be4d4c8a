import GRDB

extension AppDatabase {
    /// Versioned migrations. Never edit a shipped one: add the next version instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createInitialSchema)
        migrator.registerMigration("v2-dispatch", migrate: addDispatchColumns)
        migrator.registerMigration("v3-delivery-reports", migrate: addDeliveryReports)
        migrator.registerMigration("v4-reschedules", migrate: addReschedules)
        migrator.registerMigration("v5-attendees", migrate: trackAttendeesInTheOutbox)
        migrator.registerMigration("v6-conversation", migrate: addConversation)
        migrator.registerMigration("v7-push-channels", migrate: addPushChannels)
        migrator.registerMigration("v8-booking", migrate: addBooking)
        migrator.registerMigration("v9-unreadable-dates", migrate: repairUnreadableDates)
        migrator.registerMigration("v10-host-sessions", migrate: addHostSessions)
        migrator.registerMigration("v11-connected-accounts", migrate: addConnectedAccounts)
        migrator.registerMigration("v12-languages", migrate: addLanguages)
        migrator.registerMigration("v13-push-channel-address", migrate: addPushChannelAddress)
        migrator.registerMigration("v14-outbox-indexes", migrate: narrowOutboxIndexes)
        migrator.registerMigration("v15-outbox-due-without-in-list", migrate: outboxDueWithoutInList)
        return migrator
    }

    private static func createInitialSchema(_ db: Database) throws {
        // Per watched calendar: where incremental sync resumes and which window the last full sync covered.
        try db.execute(sql: """
            CREATE TABLE sync_state (
                calendar_id TEXT PRIMARY KEY NOT NULL,
                sync_token TEXT,
                window_start DATETIME,
                window_end DATETIME,
                full_sync_at DATETIME,
                time_zone TEXT,
                channel_id TEXT,
                channel_token TEXT,
                channel_resource_id TEXT,
                channel_expires_at DATETIME
            )
            """)
        // What Google said last about an event, and what its attendee was told last. Changes are
        // detected against the latter, so the service's own patches never look like news.
        try db.execute(sql: """
            CREATE TABLE events (
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                status TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                description TEXT,
                location TEXT,
                start_at DATETIME,
                end_at DATETIME,
                time_zone TEXT,
                sequence INTEGER NOT NULL DEFAULT 0,
                etag TEXT,
                updated_at DATETIME,
                color_id TEXT,
                told_phone TEXT,
                told_start_at DATETIME,
                told_cancelled BOOLEAN NOT NULL DEFAULT 0,
                notice_revision INTEGER NOT NULL DEFAULT 0 CHECK (notice_revision >= 0),
                PRIMARY KEY (calendar_id, event_id)
            )
            """)
        // One row per message. `notice_key` names the change it announces (`r<revision>`, or a
        // reminder's offset and start), and the UNIQUE constraint makes "one message per change" a
        // fact of the schema: a re-sync, a restart or a repeated push cannot insert it twice.
        try db.execute(sql: """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                notice_key TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'rescheduled', 'cancelled', 'reminder')),
                phone TEXT NOT NULL CHECK (phone GLOB '+[1-9]*'),
                summary TEXT NOT NULL,
                start_at DATETIME NOT NULL,
                previous_start_at DATETIME,
                time_zone TEXT,
                sequence INTEGER NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'unknown', 'sent', 'delivered', 'read', 'failed', 'undelivered', 'skipped')),
                twilio_sid TEXT UNIQUE,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DATETIME NOT NULL,
                last_attempt_at DATETIME,
                error TEXT,
                created_at DATETIME NOT NULL,
                UNIQUE (calendar_id, event_id, notice_key),
                FOREIGN KEY (calendar_id, event_id) REFERENCES events (calendar_id, event_id)
            )
            """)
        try db.execute(sql: "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)")
        // Short codes behind PUBLIC_BASE_URL/r/{code}. The CHECK keeps every target one of this
        // service's own pages, so a short link can never become an open redirect.
        try db.execute(sql: """
            CREATE TABLE links (
                code TEXT PRIMARY KEY NOT NULL CHECK (length(code) >= 10),
                target TEXT NOT NULL CHECK (target GLOB '/cancel/?*' OR target GLOB '/reschedule/?*'),
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                created_at DATETIME NOT NULL
            )
            """)
        // Twilio retries webhooks; the MessageSid and the reply given let a retry get the same answer.
        try db.execute(sql: """
            CREATE TABLE inbound (
                message_sid TEXT PRIMARY KEY NOT NULL,
                phone TEXT NOT NULL,
                reply TEXT NOT NULL,
                received_at DATETIME NOT NULL
            )
            """)
    }

    /// What sending needs: the exact text (or template values) and short links of each message,
    /// fixed at its first attempt so that a retry and its reconciliation see the same message;
    /// Twilio's `queued` state (accepted, not yet sent); and whether the calendar still has to
    /// show the outcome. SQLite cannot change a CHECK in place, so the table is rebuilt.
    private static func addDispatchColumns(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE outbox_v2 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                notice_key TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'rescheduled', 'cancelled', 'reminder')),
                phone TEXT NOT NULL CHECK (phone GLOB '+[1-9]*'),
                summary TEXT NOT NULL,
                start_at DATETIME NOT NULL,
                previous_start_at DATETIME,
                time_zone TEXT,
                sequence INTEGER NOT NULL,
                state TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sending', 'unknown', 'queued', 'sent', 'delivered', 'read',
                                     'failed', 'undelivered', 'skipped')),
                twilio_sid TEXT UNIQUE,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DATETIME NOT NULL,
                last_attempt_at DATETIME,
                error TEXT,
                created_at DATETIME NOT NULL,
                body TEXT,
                content_sid TEXT,
                content_variables TEXT,
                cancel_code TEXT REFERENCES links (code),
                reschedule_code TEXT REFERENCES links (code),
                writeback_due BOOLEAN NOT NULL DEFAULT 0,
                UNIQUE (calendar_id, event_id, notice_key),
                FOREIGN KEY (calendar_id, event_id) REFERENCES events (calendar_id, event_id)
            )
            """)
        try db.execute(sql: """
            INSERT INTO outbox_v2 (id, calendar_id, event_id, notice_key, kind, phone, summary, start_at,
                previous_start_at, time_zone, sequence, state, twilio_sid, attempts, next_attempt_at,
                last_attempt_at, error, created_at)
            SELECT id, calendar_id, event_id, notice_key, kind, phone, summary, start_at, previous_start_at,
                time_zone, sequence, state, twilio_sid, attempts, next_attempt_at, last_attempt_at, error, created_at
            FROM outbox
            """)
        try db.execute(sql: "DROP TABLE outbox")
        try db.execute(sql: "ALTER TABLE outbox_v2 RENAME TO outbox")
        try db.execute(sql: "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)")
        try db.execute(sql: "CREATE INDEX outbox_writeback ON outbox (writeback_due) WHERE writeback_due")
        try db.execute(sql: "CREATE INDEX outbox_event ON outbox (calendar_id, event_id)")
    }

    /// Twilio's status callbacks can arrive before its `201` has been recorded (they race), so each
    /// report is kept by message SID and applied whenever the SID becomes known.
    private static func addDeliveryReports(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE delivery_reports (
                twilio_sid TEXT PRIMARY KEY NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('sent', 'delivered', 'read', 'failed', 'undelivered')),
                error TEXT,
                received_at DATETIME NOT NULL
            )
            """)
    }

    /// One row per reschedule link used (DESIGN.md §1 workflow 5): opened (the attendee went to
    /// Calendly), booked (Calendly's redirect or webhook came back), the old event deleted, and the
    /// new event that was announced as rescheduled from the old time. UNIQUE on the new event makes
    /// "announced once" a schema fact, whichever of redirect, webhook and sync comes first.
    private static func addReschedules(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reschedules (
                token TEXT PRIMARY KEY NOT NULL,
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                phone TEXT NOT NULL CHECK (phone GLOB '+[1-9]*'),
                old_start_at DATETIME NOT NULL,
                opened_at DATETIME NOT NULL,
                booked_at DATETIME,
                old_deleted_at DATETIME,
                new_calendar_id TEXT,
                new_event_id TEXT,
                UNIQUE (new_calendar_id, new_event_id)
            )
            """)
        try db.execute(sql: "CREATE INDEX reschedules_phone ON reschedules (phone, opened_at)")
    }

    /// Several attendees per event (DESIGN.md §16). What each was told is read from the outbox
    /// (the latest message that reached Twilio and did not fail), so the single told state per
    /// event goes; every told state so far came from a message the outbox still holds. An event
    /// keeps the location problem the host must fix, and the one the calendar shows.
    private static func trackAttendeesInTheOutbox(_ db: Database) throws {
        for column in ["told_phone", "told_start_at", "told_cancelled", "notice_revision"] {
            try db.execute(sql: "ALTER TABLE events DROP COLUMN \(column)")
        }
        try db.execute(sql: "ALTER TABLE events ADD COLUMN location_problem TEXT")
        try db.execute(sql: "ALTER TABLE events ADD COLUMN problem_shown TEXT")
        // A group attendee's links act for them alone and offer no reschedule.
        try db.execute(sql: "ALTER TABLE outbox ADD COLUMN for_group BOOLEAN NOT NULL DEFAULT 0")
        try db.execute(sql: "CREATE INDEX outbox_attendee ON outbox (calendar_id, event_id, phone)")
        try db.execute(sql: "CREATE INDEX outbox_phone ON outbox (phone, state)")
        // Repeating sessions: an instance knows its series and the start the series gives it, and
        // a message may announce (or end) the whole series, with its next dates.
        try db.execute(sql: "ALTER TABLE events ADD COLUMN series_id TEXT")
        try db.execute(sql: "ALTER TABLE events ADD COLUMN original_start_at DATETIME")
        try db.execute(sql: "CREATE INDEX events_series ON events (calendar_id, series_id) WHERE series_id IS NOT NULL")
        try db.execute(sql: "ALTER TABLE outbox ADD COLUMN about_series BOOLEAN NOT NULL DEFAULT 0")
        try db.execute(sql: "ALTER TABLE outbox ADD COLUMN series_dates TEXT")
        // A session moved through Calendly keeps the host's title, not Calendly's.
        try db.execute(sql: "ALTER TABLE reschedules ADD COLUMN old_summary TEXT")
    }

    /// The WhatsApp conversation (DESIGN.md §15): what each reply did, numbers that opted out, the
    /// last "cancel?" question put to a number, confirmations (for the start confirmed: a moved
    /// session needs a new one), and cancellations asked for by reply, which the write-back carries
    /// out in the background as `POST /cancel` would.
    private static func addConversation(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE inbound ADD COLUMN action TEXT")
        try db.execute(sql: "ALTER TABLE inbound ADD COLUMN calendar_id TEXT")
        try db.execute(sql: "ALTER TABLE inbound ADD COLUMN event_id TEXT")
        try db.execute(sql: "CREATE INDEX inbound_phone ON inbound (phone, received_at)")
        try db.execute(sql: """
            CREATE TABLE opt_outs (
                phone TEXT PRIMARY KEY NOT NULL CHECK (phone GLOB '+[1-9]*'),
                opted_out_at DATETIME NOT NULL
            )
            """)
        try db.execute(sql: """
            CREATE TABLE cancel_questions (
                phone TEXT PRIMARY KEY NOT NULL,
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                asked_at DATETIME NOT NULL
            )
            """)
        try db.execute(sql: """
            CREATE TABLE confirmations (
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                phone TEXT NOT NULL,
                start_at DATETIME NOT NULL,
                confirmed_at DATETIME NOT NULL,
                PRIMARY KEY (calendar_id, event_id, phone)
            )
            """)
        try db.execute(sql: """
            CREATE TABLE cancellation_requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                phone TEXT NOT NULL,
                for_group BOOLEAN NOT NULL,
                requested_at DATETIME NOT NULL,
                done_at DATETIME,
                UNIQUE (calendar_id, event_id, phone)
            )
            """)
    }

    /// Google push channels (DESIGN.md §17), one row each: stored (id and token) before
    /// `events.watch` is called, since Google's first notification can come before its answer;
    /// then the resource id and expiry it granted; then when it was stopped. Several may be live
    /// for a calendar while one is renewed.
    private static func addPushChannels(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE push_channels (
                id TEXT PRIMARY KEY NOT NULL,
                calendar_id TEXT NOT NULL,
                token TEXT NOT NULL,
                resource_id TEXT,
                opened_at DATETIME NOT NULL,
                expires_at DATETIME,
                stopped_at DATETIME,
                problem TEXT
            )
            """)
        try db.execute(sql: "CREATE INDEX push_channels_calendar ON push_channels (calendar_id) WHERE stopped_at IS NULL")
    }

    /// The built-in booking pages and calendar feeds (DESIGN.md §18): a cancelled message's
    /// book-again link, each event's iCalendar UID, and one feed code per attendee number.
    private static func addBooking(_ db: Database) throws {
        // A short link may now stand for a book-again page too. SQLite cannot change a CHECK, so
        // the table is made again (the migrator checks foreign keys once it is done).
        try db.execute(sql: """
            CREATE TABLE links_v8 (
                code TEXT PRIMARY KEY NOT NULL CHECK (length(code) >= 10),
                target TEXT NOT NULL CHECK (target GLOB '/cancel/?*' OR target GLOB '/reschedule/?*' OR target GLOB '/book/?*'),
                calendar_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                created_at DATETIME NOT NULL
            );
            INSERT INTO links_v8 SELECT code, target, calendar_id, event_id, created_at FROM links;
            DROP TABLE links;
            ALTER TABLE links_v8 RENAME TO links;
            """)
        try db.execute(sql: "ALTER TABLE outbox ADD COLUMN book_code TEXT REFERENCES links (code)")
        try db.execute(sql: "ALTER TABLE events ADD COLUMN ical_uid TEXT")
        try db.execute(sql: """
            CREATE TABLE feeds (
                phone TEXT PRIMARY KEY NOT NULL,
                code TEXT NOT NULL UNIQUE,
                created_at DATETIME NOT NULL
            )
            """)
    }

    /// A date the store cannot read back (a five-digit year) stopped every message (DESIGN.md §22):
    /// events say why a time cannot be used, and rows an earlier version stored are repaired.
    private static func repairUnreadableDates(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE events ADD COLUMN time_problem TEXT")
        _ = try AppDatabase.repairUnreadableRows(db)
    }

    /// Dashboard logins kept on the server, so that logging out ends one (DESIGN.md §19).
    private static func addHostSessions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE host_sessions (
                id TEXT PRIMARY KEY NOT NULL,
                key TEXT NOT NULL,
                expires_at DATETIME NOT NULL
            )
            """)
    }

    /// Accounts connected through OAuth (DESIGN.md §24), one per provider: the refresh token is
    /// stored only encrypted with the link key (Fernet), never in clear.
    private static func addConnectedAccounts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE connected_accounts (
                provider TEXT PRIMARY KEY NOT NULL,
                account TEXT NOT NULL,
                sealed_refresh_token TEXT NOT NULL,
                connected_at DATETIME NOT NULL
            )
            """)
    }

    /// Each attendee's language (DESIGN.md §26): the one they chose, and the one each message is in.
    /// Where each push channel's notifications go: a channel opened for another address (the
    /// operator moved `PUBLIC_BASE_URL`) is replaced, not kept until it runs out.
    private static func addPushChannelAddress(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE push_channels ADD COLUMN address TEXT")
    }

    private static func addLanguages(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE outbox ADD COLUMN language TEXT")
        try db.execute(sql: "ALTER TABLE outbox ADD COLUMN series_starts TEXT")
        try db.execute(sql: """
            CREATE TABLE attendee_languages (
                phone TEXT PRIMARY KEY NOT NULL,
                language TEXT NOT NULL,
                chosen_at DATETIME NOT NULL
            )
            """)
    }

    /// Every state change of a message wrote the pages of three indexes holding its state, four
    /// times a message (sending, queued, sent, delivered): a third of a burst's database writes.
    /// Only the dispatcher's queries look rows up by state, and only for messages still to send,
    /// so `outbox_due` keeps just those; a number's messages are few, so `outbox_phone` need not
    /// sort them by state; `outbox_event` is the start of `outbox_attendee`.
    private static func narrowOutboxIndexes(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX outbox_event")
        try db.execute(sql: "DROP INDEX outbox_phone")
        try db.execute(sql: "CREATE INDEX outbox_phone ON outbox (phone)")
        try db.execute(sql: "DROP INDEX outbox_due")
        try db.execute(sql: "CREATE INDEX outbox_due ON outbox (state, next_attempt_at) WHERE state IN ('pending', 'sending', 'unknown')")
    }

    /// A partial index's condition is evaluated for the old and the new row of every change of a
    /// message's state, and SQLite builds a temporary table for an `IN` list of three values each
    /// time: two a change, four changes a message. The same condition written with `OR` builds none.
    private static func outboxDueWithoutInList(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX outbox_due")
        try db.execute(sql: "CREATE INDEX outbox_due ON outbox (state, next_attempt_at) WHERE \(OutboxMessage.stillToSendSQL)")
    }
}
