import Foundation
import Hummingbird
import Notifier

extension PageTemplates {
    /// The friendly page for a link that cannot act, in `language`; nothing has been changed.
    func page(for problem: LinkProblem, _ language: Language, request: Request? = nil) -> Response {
        let (status, key, title): (HTTPResponse.Status, String, String) = switch problem {
        case .notAuthentic, .foreignCalendar: (.badRequest, "problem.not_valid", "problem.not_valid.title")
        case .gone: (.gone, "problem.gone", "problem.gone.title")
        case .replaced: (.gone, "problem.replaced", "problem.replaced.title")
        case .groupNeedsAttendee: (.badRequest, "problem.group", "problem.not_valid.title")
        case .notCancelled: (.conflict, "problem.still_on", "problem.still_on.title")
        case .started: (.gone, "problem.started", "problem.started.title")
        }
        return notice(status, language, title: title, heading: "\(key).heading", ["\(key).text"], request: request)
    }

    /// The values every text about `session` may name: its title (or none), start and zone.
    static func values(_ session: Session, _ language: Language, start: Date? = nil) -> [String: Any] {
        ["summary": session.summary, "titled": !session.summary.isEmpty,
         "start": SessionTime.text(start ?? session.start, in: SessionTime.zone(session.timeZone), language: language)]
    }

    /// The language choice for a page about `session` reached with `token`: saving posts to `/language/{token}`.
    func chooser(_ language: Language, request: Request, session: Session?, token: String?, guardian: FormGuard?, publicBaseURL: URL?) async
        -> [String: Any] {
        var save: (action: String, confirm: String, theirs: Language)?
        if let session, session.phone != nil, let token, let guardian, let publicBaseURL {
            save = (publicBaseURL.appendingPathComponent("language").appendingPathComponent(token).path, guardian.confirmation(for: token),
                    await languages.attendeeLanguage(session))
        }
        return languages.chooser(shown: language, request: request, save: save)
    }
}
