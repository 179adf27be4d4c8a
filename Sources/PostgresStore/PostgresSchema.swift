import Logging
import Notifier
import PostgresNIO

/// The schema in PostgreSQL: the same tables, columns and rules as SQLite's after its last
/// migration (`AppDatabase.migrator`, v13; `pg1` is SQLite's v12, later steps follow SQLite's), so that one set of names serves both stores and a
/// SQLite database can be copied across row for row. Never edit a shipped step: add the next one.
enum PostgresSchema {
    /// Steps in order, by name; each runs once, recorded in `schema_migrations`.
    static let steps: [(name: String, sql: String)] = [
        ("pg1-schema-as-sqlite-v12", schemaAsSQLiteV12),
        ("pg2-worker-leases", workerLeases),
        ("pg3-push-channel-address", "ALTER TABLE push_channels ADD COLUMN address TEXT"),
    ]

    /// Several workers may start at once against a new database: the first takes this lock
    /// (for its transaction) and migrates, the others wait and then find nothing left to do.
    static let migrationLock: (Int32, Int32) = (PostgresLocks.migrations, 0)

    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock.0), \(migrationLock.1))", logger: logger)
            try await requireOwnMigrationsTable(connection, logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name TEXT PRIMARY KEY NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for step in steps where !applied.contains(step.name) {
                // A prepared statement holds one command, so a step runs statement by statement
                // (none of them holds a semicolon of its own).
                for statement in step.sql.split(separator: ";\n") where !statement.allSatisfy(\.isWhitespace) {
                    try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (name) VALUES (\(step.name))", logger: logger)
                logger.info("database migrated", metadata: ["step": "\(step.name)"])
            }
        }
    }

    /// How far a database is set up, read without changing it (for the commands that only read).
    enum Version {
        /// No step has run: `serve` has never opened it.
        case empty
        case current
        /// Some steps have run, not all: an older version set it up.
        case older
    }

    static func version(_ connection: PostgresConnection, logger: Logger) async throws -> Version {
        var found = false
        for try await exists in try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
            .decode(Bool.self) { found = exists }
        guard found else { return .empty }
        try await requireOwnMigrationsTable(connection, logger: logger)
        var applied = Set<String>()
        for try await name in try await connection.query("SELECT name FROM schema_migrations", logger: logger).decode(String.self) {
            applied.insert(name)
        }
        if applied.isEmpty { return .empty }
        return steps.allSatisfy { applied.contains($0.name) } ? .current : .older
    }

    /// Another program's migrations table (Rails', golang-migrate's…: no `name` column) means the
    /// database is another program's: said plainly, nothing created beside it.
    struct ForeignDatabase: Error, CustomStringConvertible {
        var description: String {
            "its schema_migrations table belongs to another program: give gcal-whatsapp a database of its own"
        }
    }

    private static func requireOwnMigrationsTable(_ connection: PostgresConnection, logger: Logger) async throws {
        var table = false
        var named = false
        for try await (exists, hasName) in try await connection.query("""
            SELECT to_regclass('schema_migrations') IS NOT NULL,
                   EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'name')
            """, logger: logger).decode((Bool, Bool).self) {
            (table, named) = (exists, hasName)
        }
        if table && !named { throw ForeignDatabase() }
    }

    /// Columns only PostgreSQL has (the workers' claims): records never write them.
    static let workerColumns: Set<String> = ["claimed_by", "lease_until"]

    /// SQLite's DATETIME is TIMESTAMPTZ here, BOOLEAN is BOOLEAN, INTEGER is BIGINT; SQLite's GLOB
    /// checks become regular expressions with the same meaning. `events.updated_at` is the
    /// calendar's own RFC 3339 text (the record keeps it as given), so it is TEXT.
    private static let schemaAsSQLiteV12 = """
        CREATE TABLE sync_state (
            calendar_id TEXT PRIMARY KEY NOT NULL,
            sync_token TEXT,
            window_start TIMESTAMPTZ,
            window_end TIMESTAMPTZ,
            full_sync_at TIMESTAMPTZ,
            time_zone TEXT,
            channel_id TEXT,
            channel_token TEXT,
            channel_resource_id TEXT,
            channel_expires_at TIMESTAMPTZ
        );
        CREATE TABLE events (
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            status TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            description TEXT,
            location TEXT,
            start_at TIMESTAMPTZ,
            end_at TIMESTAMPTZ,
            time_zone TEXT,
            sequence BIGINT NOT NULL DEFAULT 0,
            etag TEXT,
            updated_at TEXT,
            color_id TEXT,
            location_problem TEXT,
            problem_shown TEXT,
            series_id TEXT,
            original_start_at TIMESTAMPTZ,
            ical_uid TEXT,
            time_problem TEXT,
            PRIMARY KEY (calendar_id, event_id)
        );
        CREATE INDEX events_series ON events (calendar_id, series_id) WHERE series_id IS NOT NULL;
        CREATE TABLE links (
            code TEXT PRIMARY KEY NOT NULL CHECK (length(code) >= 10),
            target TEXT NOT NULL CHECK (target ~ '^/(cancel|reschedule|book)/.'),
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE outbox (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            notice_key TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'rescheduled', 'cancelled', 'reminder')),
            phone TEXT NOT NULL CHECK (phone ~ '^\\+[1-9]'),
            summary TEXT NOT NULL,
            start_at TIMESTAMPTZ NOT NULL,
            previous_start_at TIMESTAMPTZ,
            time_zone TEXT,
            sequence BIGINT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'unknown', 'queued', 'sent', 'delivered', 'read',
                                 'failed', 'undelivered', 'skipped')),
            twilio_sid TEXT UNIQUE,
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at TIMESTAMPTZ NOT NULL,
            last_attempt_at TIMESTAMPTZ,
            error TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            body TEXT,
            content_sid TEXT,
            content_variables TEXT,
            cancel_code TEXT REFERENCES links (code),
            reschedule_code TEXT REFERENCES links (code),
            writeback_due BOOLEAN NOT NULL DEFAULT false,
            for_group BOOLEAN NOT NULL DEFAULT false,
            about_series BOOLEAN NOT NULL DEFAULT false,
            series_dates TEXT,
            book_code TEXT REFERENCES links (code),
            language TEXT,
            series_starts TEXT,
            UNIQUE (calendar_id, event_id, notice_key),
            FOREIGN KEY (calendar_id, event_id) REFERENCES events (calendar_id, event_id)
        );
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
        CREATE INDEX outbox_writeback ON outbox (writeback_due) WHERE writeback_due;
        CREATE INDEX outbox_event ON outbox (calendar_id, event_id);
        CREATE INDEX outbox_attendee ON outbox (calendar_id, event_id, phone);
        CREATE INDEX outbox_phone ON outbox (phone, state);
        CREATE TABLE inbound (
            message_sid TEXT PRIMARY KEY NOT NULL,
            phone TEXT NOT NULL,
            reply TEXT NOT NULL,
            received_at TIMESTAMPTZ NOT NULL,
            action TEXT,
            calendar_id TEXT,
            event_id TEXT
        );
        CREATE INDEX inbound_phone ON inbound (phone, received_at);
        CREATE TABLE delivery_reports (
            twilio_sid TEXT PRIMARY KEY NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('sent', 'delivered', 'read', 'failed', 'undelivered')),
            error TEXT,
            received_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE reschedules (
            token TEXT PRIMARY KEY NOT NULL,
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            phone TEXT NOT NULL CHECK (phone ~ '^\\+[1-9]'),
            old_start_at TIMESTAMPTZ NOT NULL,
            opened_at TIMESTAMPTZ NOT NULL,
            booked_at TIMESTAMPTZ,
            old_deleted_at TIMESTAMPTZ,
            new_calendar_id TEXT,
            new_event_id TEXT,
            old_summary TEXT,
            UNIQUE (new_calendar_id, new_event_id)
        );
        CREATE INDEX reschedules_phone ON reschedules (phone, opened_at);
        CREATE TABLE opt_outs (
            phone TEXT PRIMARY KEY NOT NULL CHECK (phone ~ '^\\+[1-9]'),
            opted_out_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE cancel_questions (
            phone TEXT PRIMARY KEY NOT NULL,
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            asked_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE confirmations (
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            phone TEXT NOT NULL,
            start_at TIMESTAMPTZ NOT NULL,
            confirmed_at TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (calendar_id, event_id, phone)
        );
        CREATE TABLE cancellation_requests (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            calendar_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            phone TEXT NOT NULL,
            for_group BOOLEAN NOT NULL,
            requested_at TIMESTAMPTZ NOT NULL,
            done_at TIMESTAMPTZ,
            UNIQUE (calendar_id, event_id, phone)
        );
        CREATE TABLE push_channels (
            id TEXT PRIMARY KEY NOT NULL,
            calendar_id TEXT NOT NULL,
            token TEXT NOT NULL,
            resource_id TEXT,
            opened_at TIMESTAMPTZ NOT NULL,
            expires_at TIMESTAMPTZ,
            stopped_at TIMESTAMPTZ,
            problem TEXT
        );
        CREATE INDEX push_channels_calendar ON push_channels (calendar_id) WHERE stopped_at IS NULL;
        CREATE TABLE feeds (
            phone TEXT PRIMARY KEY NOT NULL,
            code TEXT NOT NULL UNIQUE,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE host_sessions (
            id TEXT PRIMARY KEY NOT NULL,
            key TEXT NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE connected_accounts (
            provider TEXT PRIMARY KEY NOT NULL,
            account TEXT NOT NULL,
            sealed_refresh_token TEXT NOT NULL,
            connected_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE attendee_languages (
            phone TEXT PRIMARY KEY NOT NULL,
            language TEXT NOT NULL,
            chosen_at TIMESTAMPTZ NOT NULL
        );
        """

    /// Several workers share the outbox: a message is claimed by one worker until its lease runs
    /// out (`OutboxClaims`). A claim that outlives its worker is taken over by another.
    private static let workerLeases = """
        ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
        ALTER TABLE outbox ADD COLUMN lease_until TIMESTAMPTZ;
        """
}
