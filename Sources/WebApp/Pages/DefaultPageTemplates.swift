/// The page templates of `templates/pages/`, built in so that the binary works without the folder;
/// a test keeps these identical to the shipped files.
enum DefaultPageTemplates {
    static func text(of name: PageTemplates.Name) -> String {
        switch name {
        case .header:
            #"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>{{title}}</title>
            <style>
            body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f4f5f7; color: #1d1d1f; }
            main { max-width: 28rem; margin: 3rem auto; padding: 1.5rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
            h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
            p { margin: .5rem 0; }
            button, .button { display: inline-block; font: inherit; padding: .7rem 1.2rem; border: 0; border-radius: 8px; background: #c62828; color: #fff; text-decoration: none; cursor: pointer; }
            .secondary { background: #e0e0e0; color: #1d1d1f; }
            .business { margin: 0 0 .75rem; font-size: .9rem; font-weight: 600; color: #5f6368; }
            a.button { background: #1b7f5a; }
            h2 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
            .slots { display: flex; flex-wrap: wrap; gap: .4rem; }
            .slot { background: #e8f0fe; color: #174ea6; padding: .55rem .8rem; min-width: 5.5rem; }
            .when { white-space: nowrap; }
            .note { background: #fff4e5; border-radius: 8px; padding: .6rem .8rem; }
            .small { font-size: .85rem; color: #5f6368; }
            </style>
            </head>
            <body>
            <main>
            {{#business}}
            <p class="business">{{business}}</p>
            {{/business}}
            """# + "\n"
        case .footer:
            #"""
            </main>
            </body>
            </html>
            """# + "\n"
        case .notice:
            #"""
            {{> header}}
            <h1>{{heading}}</h1>
            {{#paragraphs}}
            <p>{{.}}</p>
            {{/paragraphs}}
            {{#button}}
            <p><a class="button" href="{{href}}">{{label}}</a></p>
            {{/button}}
            {{> footer}}
            """# + "\n"
        case .slots:
            #"""
            {{> header}}
            <h1>{{heading}}</h1>
            {{#now}}
            <p>Now: <span class="when">{{now}}</span></p>
            {{/now}}
            {{#note}}
            <p class="note">{{note}}</p>
            {{/note}}
            {{#days}}
            <h2>{{day}}</h2>
            <form method="post" action="{{action}}" class="slots">
            <input type="hidden" name="confirm" value="{{confirm}}">
            {{#times}}
            <button class="slot" name="start" value="{{value}}">{{label}}</button>
            {{/times}}
            </form>
            {{/days}}
            {{^days}}
            <p>There are no free times in the next {{daysAhead}} days. Please reply on WhatsApp and we will find a time with you.</p>
            {{/days}}
            <p class="small">Times are in {{zone}}. Nothing changes until you pick a time.</p>
            {{> footer}}
            """# + "\n"
        case .cancel:
            #"""
            {{> header}}
            <h1>Cancel your session "{{summary}}" on {{start}}?</h1>
            <p>If you cancel, the time is freed and you will get a WhatsApp message confirming it.</p>
            <form method="post" action="{{action}}">
            <input type="hidden" name="confirm" value="{{confirm}}">
            <button type="submit">Yes, cancel it</button>
            </form>
            <p>Changed your mind? Just close this page: nothing has been cancelled.</p>
            {{> footer}}
            """# + "\n"
        }
    }
}
