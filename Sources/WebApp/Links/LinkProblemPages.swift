import Foundation
import Hummingbird
import Notifier

extension PageTemplates {
    /// The friendly page for a link that cannot act, in `language`; nothing has been changed.
    func page(for problem: LinkProblem, _ language: Language) -> Response {
        switch problem {
        case .notAuthentic, .foreignCalendar:
            notice(.badRequest, language, title: "problem.not_valid.title", heading: "problem.not_valid.heading", ["problem.not_valid.text"])
        case .gone:
            notice(.gone, language, title: "problem.gone.title", heading: "problem.gone.heading", ["problem.gone.text"])
        case .replaced:
            notice(.gone, language, title: "problem.replaced.title", heading: "problem.replaced.heading", ["problem.replaced.text"])
        case .groupNeedsAttendee:
            notice(.badRequest, language, title: "problem.not_valid.title", heading: "problem.group.heading", ["problem.group.text"])
        case .notCancelled:
            notice(.conflict, language, title: "problem.still_on.title", heading: "problem.still_on.heading", ["problem.still_on.text"])
        case .started:
            notice(.gone, language, title: "problem.started.title", heading: "problem.started.heading", ["problem.started.text"])
        }
    }

    /// The values every text about `session` may name: its title (or none), start and zone.
    static func values(_ session: Session, _ language: Language, start: Date? = nil) -> [String: Any] {
        ["summary": session.summary, "titled": !session.summary.isEmpty,
         "start": SessionTime.text(start ?? session.start, in: SessionTime.zone(session.timeZone), language: language)]
    }

    /// The language choice for a page about `session` reached with `token`: saving posts to `/language/{token}`.
    func chooser(_ language: Language, session: Session?, token: String?, guardian: FormGuard?, publicBaseURL: URL?) async
        -> [String: Any] {
        var save: (action: String, confirm: String, theirs: Language)?
        if let session, session.phone != nil, let token, let guardian, let publicBaseURL {
            save = (publicBaseURL.appendingPathComponent("language").appendingPathComponent(token).path, guardian.confirmation(for: token),
                    await languages.attendeeLanguage(session))
        }
        return languages.chooser(shown: language, save: save)
    }
}
