import Foundation
import Testing
@testable import Notifier

/// `WHATSAPP_PROVIDER` and `META_*` (DESIGN.md §25): what is required, what is refused and why.
struct MetaSettingsTests {
    static func meta(_ extra: [String: String]) -> [String: String] {
        var environment = validEnvironment()
        for name in ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"] { environment[name] = nil }
        environment.merge(["WHATSAPP_PROVIDER": "meta", "META_ACCESS_TOKEN": "EAAGtoken", "META_PHONE_NUMBER_ID": "109876543210987",
                           "META_APP_SECRET": "app-secret", "META_VERIFY_TOKEN": "verify"]) { $1 }
        environment.merge(extra) { $1 }
        return environment.filter { !$0.value.isEmpty }
    }

    static func problem(_ environment: [String: String]) -> String {
        do {
            _ = try Settings(source: ConfigurationSource(environment: environment))
            return ""
        } catch {
            return error.description
        }
    }

    @Test func metaNeedsNoTwilioSettingsAndNamesItsTemplates() throws {
        let settings = try Settings(source: ConfigurationSource(environment: Self.meta(["META_TEMPLATE_SCHEDULED": "session_scheduled",
                                                                                        "META_TEMPLATE_LANGUAGE": "pt_BR"])))
        #expect(settings.whatsAppProvider == .meta)
        #expect(settings.whatsAppTemplates.scheduled == "session_scheduled" && settings.meta?.templateLanguage == "pt_BR")
        #expect(settings.summary.contains { $0.hasPrefix("WhatsApp through: Meta's Cloud API") })
        #expect(settings.summary.contains { $0.contains("scheduled session_scheduled in pt_BR") })
        #expect(!settings.summary.joined().contains("EAAGtoken") && !settings.summary.joined().contains("app-secret"))
        // Twilio's settings left in place are read by nothing: `check` says so.
        var leftOver = Self.meta([:])
        leftOver["TWILIO_ACCOUNT_SID"] = validEnvironment()["TWILIO_ACCOUNT_SID"]
        let withTwilio = try Settings(source: ConfigurationSource(environment: leftOver))
        #expect(withTwilio.summary.contains("ignored:          TWILIO_ACCOUNT_SID (WHATSAPP_PROVIDER=meta: Meta's Cloud API carries the messages)"))
        leftOver["TWILIO_CONTENT_SID_SCHEDULED_PT_BR"] = "HX" + String(repeating: "b", count: 32)
        let withLanguageTemplate = try Settings(source: ConfigurationSource(environment: leftOver))
        #expect(withLanguageTemplate.summary.contains {
            $0.hasPrefix("ignored:          TWILIO_CONTENT_SID_SCHEDULED_PT_BR (WHATSAPP_PROVIDER=meta")
        })
    }

    @Test func whatCannotWorkIsRefusedWithTheReason() {
        #expect(Self.problem(Self.meta(["META_ACCESS_TOKEN": "", "META_APP_SECRET": ""])).contains("META_ACCESS_TOKEN"))
        #expect(Self.problem(Self.meta(["META_ACCESS_TOKEN": "", "META_APP_SECRET": ""])).contains("META_APP_SECRET"))
        #expect(Self.problem(Self.meta(["META_PHONE_NUMBER_ID": "+1 555 010 0123"])).contains("not the phone number itself"))
        #expect(Self.problem(Self.meta(["META_TEMPLATE_REMINDER": "Session Reminder"])).contains("lower case"))
        #expect(Self.problem(Self.meta(["WHATSAPP_PROVIDER": "whatsapp-web"])).contains("must be twilio or meta"))
        // Meta's settings without choosing Meta would do nothing: said, not ignored.
        var twilio = validEnvironment()
        twilio["META_ACCESS_TOKEN"] = "EAAGtoken"
        #expect(Self.problem(twilio).contains("WHATSAPP_PROVIDER is not meta"))
        // Twilio stays the default and keeps its required settings.
        var missing = validEnvironment()
        missing["TWILIO_AUTH_TOKEN"] = nil
        #expect(Self.problem(missing).contains("TWILIO_AUTH_TOKEN"))
    }
}
