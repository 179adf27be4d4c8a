public import Foundation
public import MetaCloud

/// WhatsApp through Meta's Cloud API (DESIGN.md §25): templates by name and language, free text
/// inside the 24-hour window, the outbox id in `biz_opaque_callback_data`. Meta keeps no list of
/// sent messages, so an unclear send is settled by its status webhook (which names the outbox id,
/// see `MetaWebhookHandler`) and sent again only when none came within `statusWait`.
public struct MetaProvider: WhatsAppProvider {
    /// How long an unclear send waits for its status before it is taken as not sent.
    public static let statusWait: TimeInterval = 15 * 60
    /// `statusWait`, shortened only by the reliability soak (its shape unchanged).
    let statusWait: TimeInterval

    let client: MetaClient
    /// `META_TEMPLATE_LANGUAGE`: the translation for `defaultLanguage`, and for any language
    /// whose translation Meta does not have.
    let templateLanguage: String
    let defaultLanguage: Language
    let now: @Sendable () -> Date
    /// When this process began: Meta redelivers a status the service was down for later, so the
    /// wait counts from here too, never only from an attempt made before a restart.
    let startedAt: Date

    public init(client: MetaClient, templateLanguage: String, defaultLanguage: Language = .english,
                statusWait: TimeInterval = MetaProvider.statusWait, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.statusWait = statusWait
        self.templateLanguage = templateLanguage
        self.defaultLanguage = defaultLanguage
        self.now = now
        startedAt = now()
    }

    /// The number this service sends from (`META_PHONE_NUMBER_ID`): webhook changes for another are not ours.
    public var phoneNumberID: String { client.phoneNumberID }

    public var name: String { "Meta" }

    public var sendsReplyButtons: Bool { true }

    public func send(_ message: OutboxMessage) async throws(SendFailure) -> String {
        do throws(MetaError) {
            guard let template = message.contentSID else {
                // A reminder inside the window: its text with the three reply buttons, titled in its language.
                if let buttons = message.replyButtons { return try await send(message, .buttons(text: message.body ?? "", buttons: buttons)) }
                return try await send(message, .text(message.body ?? ""))
            }
            let language = message.language.flatMap(Language.init(tag:)) ?? defaultLanguage
            let code = language == defaultLanguage ? templateLanguage : language.metaCode
            do throws(MetaError) {
                return try await send(message, templateContent(template, message, language: code))
            } catch .api(_, 132_001, _, _) where code != templateLanguage {
                // No approved translation in their language (nothing was sent): the default
                // language's translation reaches them rather than nothing.
                return try await send(message, templateContent(template, message, language: templateLanguage))
            }
        } catch {
            throw Self.failure(error)
        }
    }

    private func templateContent(_ template: String, _ message: OutboxMessage, language: String) -> MetaOutgoing.Content {
        // A reminder's template carries the three quick replies the conversation knows.
        let buttons = message.kind == .reminder ? ["confirm", "cancel", "reschedule"] : []
        return .template(name: template, language: language, parameters: message.templateValues.map(Self.parameter), buttonPayloads: buttons)
    }

    private func send(_ message: OutboxMessage, _ content: MetaOutgoing.Content) async throws(MetaError) -> String {
        try await client.send(MetaOutgoing(to: message.phone, content: content, callbackData: message.id.map { "outbox:\($0)" }))
    }

    /// A conversation reply (the attendee just wrote, so the window is open): free text.
    public func reply(_ text: String, to phone: String) async throws(SendFailure) -> String {
        do throws(MetaError) {
            return try await client.send(MetaOutgoing(to: phone, content: .text(text)))
        } catch {
            throw Self.failure(error)
        }
    }

    static func failure(_ error: MetaError) -> SendFailure {
        let kind: SendFailure.Kind = error.isCredentialProblem ? .credentials : error.isUnknownOutcome ? .unknownOutcome
            : error.isFinal ? .final : .retryLater
        return SendFailure(kind, reason: error.reason, logText: error.logText)
    }

    /// No status yet: wait for one until `statusWait` has passed since the attempt and since this
    /// process began; then the message is taken as not sent (the README says what that promises).
    public func findSent(_ message: OutboxMessage, marker: String?) async -> SendReconciliation {
        if let sid = message.twilioSID { return .found(id: sid) }
        let since = max(message.lastAttemptAt ?? message.createdAt, startedAt)
        return now().timeIntervalSince(since) < statusWait ? .notYetKnown : .notFound
    }

    /// A template value as Meta takes it: never empty (refused with a 400), no line breaks, tabs or
    /// more than four spaces in a row (refused with `132018`).
    static func parameter(_ value: String) -> String {
        let flat = value.map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined()
        let collapsed = flat.replacing(#/ {5,}/#, with: "    ").trimmingCharacters(in: .whitespaces)
        return collapsed.isEmpty ? "–" : collapsed
    }

    /// The outbox id a status's `biz_opaque_callback_data` names.
    public static func outboxID(_ callbackData: String?) -> Int64? {
        callbackData.flatMap { $0.hasPrefix("outbox:") ? Int64($0.dropFirst("outbox:".count)) : nil }
    }
}
