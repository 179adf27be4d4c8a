/// The page templates of `templates/pages/`, built in so that the binary works without the folder;
/// a test keeps these identical to the shipped files (scripts/templates/embed.py writes this file).
enum DefaultPageTemplates {
    static func text(of name: PageTemplates.Name) -> String {
        switch name {
        case .header:
            #"""
            <!doctype html>
            <html lang="{{#lang}}{{lang}}{{/lang}}{{^lang}}en{{/lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>{{title}}</title>
            <style>
            body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f4f5f7; color: #1d1d1f; }
            main { max-width: 28rem; margin: 3rem auto; padding: 1.5rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
            h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
            h1, h2, p, .summary { overflow-wrap: anywhere; }
            p { margin: .5rem 0; }
            button, .button { display: inline-flex; align-items: center; justify-content: center; min-height: 44px; box-sizing: border-box; font: inherit; padding: .6rem 1.1rem; border: 0; border-radius: 8px; background: #c62828; color: #fff; text-decoration: none; cursor: pointer; }
            a:focus-visible, button:focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
            .primary { background: #1b5e20; }
            .session-card { background: #f1f3f4; border-radius: 8px; padding: .6rem .8rem; margin: 0 0 .8rem; }
            .session-card p { margin: .2rem 0; }
            .summary { font-weight: 600; }
            .secondary { background: #e0e0e0; color: #1d1d1f; }
            .business { margin: 0 0 .75rem; font-size: .9rem; font-weight: 600; color: #5f6368; }
            a.button { background: #1b7f5a; }
            .button.secondary, button.secondary { background: #e8eaed; color: #1d1d1f; }
            h2 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
            .days { display: grid; grid-template-columns: repeat(auto-fill, minmax(4rem, 1fr)); gap: .4rem; }
            .day { display: flex; flex-direction: column; align-items: center; justify-content: center; min-height: 44px; padding: .35rem .2rem; border-radius: 8px; background: #e8f0fe; color: #174ea6; text-decoration: none; font-size: .85rem; }
            .day b { font-size: .95rem; }
            .day.selected { background: #174ea6; color: #fff; }
            .times { display: grid; grid-template-columns: repeat(auto-fill, minmax(4.6rem, 1fr)); gap: .4rem; }
            .time { display: flex; align-items: center; justify-content: center; min-height: 44px; border-radius: 8px; background: #e8f0fe; color: #174ea6; text-decoration: none; font-weight: 600; }
            .confirm { border: 2px solid #174ea6; border-radius: 10px; padding: .4rem .9rem .9rem; }
            .confirm form { display: flex; flex-wrap: wrap; gap: .5rem; }
            .calendar-links { display: flex; flex-wrap: wrap; gap: .4rem; }
            @media (max-width: 30rem) { main { margin: 0; border-radius: 0; min-height: 100vh; box-sizing: border-box; } }
            .when { white-space: nowrap; }
            .note { background: #fff4e5; border-radius: 8px; padding: .6rem .8rem; }
            .small { font-size: .85rem; color: #5f6368; }
            .languages { margin: 1.2rem 0 0; padding-top: .6rem; border-top: 1px solid #e8eaed; font-size: .85rem; color: #5f6368; }
            .languages a { display: inline-block; min-height: 32px; padding: .3rem .35rem; color: #174ea6; }
            .languages a[aria-current] { color: #1d1d1f; font-weight: 600; text-decoration: none; }
            .languages form { margin: .4rem 0 0; }
            .languages button { min-height: 36px; padding: .35rem .8rem; font-size: .85rem; background: #e8eaed; color: #1d1d1f; }
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
            {{#chooser}}
            <nav class="languages" aria-label="{{label}}">
            <span>{{label}}:</span>
            {{#options}}<a href="{{href}}" hreflang="{{code}}" lang="{{code}}"{{#current}} aria-current="page"{{/current}}>{{name}}</a> {{/options}}
            {{#save}}
            <form method="post" action="{{action}}">
            <input type="hidden" name="confirm" value="{{confirm}}">
            <input type="hidden" name="lang" value="{{lang}}">
            <button type="submit">{{label}}</button>
            </form>
            {{/save}}
            </nav>
            {{/chooser}}
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
            {{#calendar}}
            <h2>{{{t.page.add_to_calendar}}}</h2>
            <p class="calendar-links"><a class="button secondary" href="{{google}}" target="_blank" rel="noopener">{{{t.page.google_calendar}}}</a> <a class="button secondary" href="{{ics}}">{{{t.page.ics}}}</a></p>
            {{#subscribe}}<p class="calendar-links"><a class="button secondary" href="{{subscribe}}">{{{t.page.subscribe_all}}}</a> <a class="button secondary" href="{{feed}}">{{{t.page.feed}}}</a></p>{{/subscribe}}
            {{/calendar}}
            {{#form}}
            <form method="post" action="{{action}}">
            <input type="hidden" name="confirm" value="{{confirm}}">
            {{#lang}}<input type="hidden" name="lang" value="{{lang}}">{{/lang}}
            <button type="submit">{{label}}</button>
            </form>
            {{/form}}
            {{> footer}}
            """# + "\n"
        case .slots:
            #"""
            {{> header}}
            <h1>{{heading}}</h1>
            <div class="session-card">
            <p class="summary">{{summary}} <span class="small">· {{length}}</span></p>
            {{#current}}<p>{{{t.slots.current}}} <span class="when">{{current}}</span></p>{{/current}}
            </div>
            {{#note}}
            <p class="note" role="alert">{{note}}</p>
            {{/note}}
            {{#confirmStep}}
            <section class="confirm" aria-labelledby="confirm-heading">
            {{#unchanged}}
            <h2 id="confirm-heading">{{{t.slots.unchanged.heading}}}</h2>
            <p>{{{t.slots.unchanged.text}}} <a href="{{back}}">{{{t.slots.pick_another}}}</a> {{{t.slots.or_close}}}</p>
            {{/unchanged}}
            {{^unchanged}}
            <h2 id="confirm-heading">{{question}}</h2>
            <form method="post" action="{{action}}">
            <input type="hidden" name="confirm" value="{{confirm}}">
            <input type="hidden" name="start" value="{{value}}">
            {{#tz}}<input type="hidden" name="tz" value="{{tz}}">{{/tz}}
            {{#lang}}<input type="hidden" name="lang" value="{{lang}}">{{/lang}}
            <button type="submit" class="primary">{{button}}</button>
            <a class="button secondary" href="{{back}}">{{{t.slots.pick_another}}}</a>
            </form>
            {{/unchanged}}
            </section>
            {{/confirmStep}}
            {{^confirmStep}}
            {{#hasDays}}
            <h2 id="days-heading">{{{t.slots.pick_day}}}</h2>
            <nav class="days" aria-labelledby="days-heading">
            {{#days}}<a class="day{{#selected}} selected{{/selected}}" href="{{href}}"{{#selected}} aria-current="date"{{/selected}} aria-label="{{label}}"><span>{{weekday}}</span><b>{{date}}</b></a>{{/days}}
            </nav>
            <h2 id="times-heading">{{timesHeading}}</h2>
            <div class="times" role="group" aria-labelledby="times-heading">
            {{#times}}<a class="time" href="{{href}}">{{label}}</a>{{/times}}
            </div>
            {{/hasDays}}
            {{^hasDays}}
            <p>{{{t.slots.none}}}</p>
            {{/hasDays}}
            {{/confirmStep}}
            <p class="small">{{zoneLine}}{{#otherZone}} <a href="{{calendarZoneLink}}">{{otherZoneLabel}}</a>.{{/otherZone}} {{{t.slots.nothing_yet}}}</p>
            <form method="get" action="{{zoneSwitch}}" id="my-zone" data-shown="{{zoneIdentifier}}" hidden>
            <input type="hidden" name="tz" value="">
            {{#dayKey}}<input type="hidden" name="day" value="{{dayKey}}">{{/dayKey}}
            {{#lang}}<input type="hidden" name="lang" value="{{lang}}">{{/lang}}
            <button type="submit" class="secondary" data-named="{{myZoneNamed}}">{{{t.slots.my_zone}}}</button>
            </form>
            {{#feed}}
            <p class="calendar-links"><a class="button secondary" href="{{subscribe}}">{{{t.page.subscribe}}}</a> <a class="button secondary" href="{{feed}}">{{{t.page.feed}}}</a></p>
            {{/feed}}
            <script>
            // The browser knows the attendee's zone; offer it when it is not the one shown.
            (function () {
              var form = document.getElementById("my-zone");
              try {
                var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
                var utc = /^(Etc\/)?(UTC|GMT|Universal|Zulu)$/;
                var same = zone === form.dataset.shown || (utc.test(zone) && utc.test(form.dataset.shown));
                if (zone && !same && location.search.indexOf("tz=") < 0) {
                  form.elements.tz.value = zone;
                  var button = form.querySelector("button");
                  button.textContent = button.dataset.named.replace("{zone}", zone.split("/").pop().replace(/_/g, " "));
                  form.hidden = false;
                }
              } catch (e) {}
            })();
            </script>
            {{> footer}}
            """# + "\n"
        case .hostLogin:
            #"""
            {{> header}}
            <h1>Host dashboard</h1>
            {{#problem}}
            <p class="note">{{problem}}</p>
            {{/problem}}
            <form method="post" action="/host/login">
            <p><label>Password<br><input type="password" name="password" autocomplete="current-password" required autofocus></label></p>
            <button type="submit">Log in</button>
            </form>
            {{> footer}}
            """# + "\n"
        case .host:
            #"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>{{#business}}{{business}}: {{/business}}sessions</title>
            <style>
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f4f5f7; color: #1d1d1f; }
            header { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem; justify-content: space-between; padding: .8rem 1rem; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
            header h1 { font-size: 1.1rem; margin: 0; }
            main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
            .summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .6rem; margin-bottom: 1rem; }
            .figure { background: #fff; border-radius: 10px; padding: .6rem .8rem; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
            .figure b { display: block; font-size: 1.4rem; }
            .filters { display: flex; flex-wrap: wrap; gap: .4rem; margin-bottom: 1rem; align-items: center; }
            .filters a { display: inline-flex; align-items: center; min-height: 44px; box-sizing: border-box; padding: .3rem .9rem; border-radius: 999px; background: #e8eaed; color: #1d1d1f; text-decoration: none; }
            .filters a.on { background: #1a73e8; color: #fff; }
            .session { background: #fff; border-radius: 10px; padding: .8rem 1rem; margin-bottom: .8rem; box-shadow: 0 1px 3px rgba(0,0,0,.06); border-left: 6px solid #bdc1c6; }
            .session.green { border-color: #33b679; } .session.red { border-color: #d50000; } .session.blue { border-color: #039be5; }
            .session h2 { font-size: 1rem; margin: 0 0 .2rem; }
            .meta, .small { color: #5f6368; font-size: .85rem; }
            .when { white-space: nowrap; }
            .badge { display: inline-block; font-size: .75rem; padding: .05rem .45rem; border-radius: 999px; background: #e8eaed; margin-left: .3rem; }
            .attendee { margin: .5rem 0 0; padding-top: .5rem; border-top: 1px solid #eee; }
            .attendee summary { cursor: pointer; font-weight: 600; min-height: 44px; display: flex; align-items: center; }
            .problem { color: #b00020; font-weight: 600; margin: .4rem 0 0; }
            ul { margin: .3rem 0; padding-left: 1.1rem; }
            .state-failed { color: #b00020; font-weight: 600; } .state-skipped { color: #8a5a00; font-weight: 600; }
            .state-delivered, .state-read { color: #137333; } .state-pending { color: #5f6368; } .state-unknown { color: #8a5a00; }
            .actions { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
            .actions form { margin: 0; }
            button { font: inherit; min-height: 44px; padding: .5rem 1rem; border: 0; border-radius: 8px; background: #1a73e8; color: #fff; cursor: pointer; }
            button:focus-visible, .filters a:focus-visible, summary:focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
            button.quiet { background: #e8eaed; color: #1d1d1f; }
            .tab { display: inline-flex; align-items: center; min-height: 44px; padding: 0 .9rem; border-radius: 8px; color: #174ea6; text-decoration: none; }
            .tab:focus-visible { outline: 3px solid #174ea6; outline-offset: 2px; }
            .empty { background: #fff; border-radius: 10px; padding: 1rem; }
            .disconnected { background: #fce8e6; border-left: 6px solid #d50000; border-radius: 10px; padding: .6rem 1rem; margin-bottom: 1rem; overflow-wrap: anywhere; }
            .disconnected h2 { font-size: 1rem; margin: 0 0 .3rem; color: #b00020; } .disconnected p { margin: .2rem 0; }
            </style>
            </head>
            <body>
            <header>
            <h1>{{#business}}{{business}}: {{/business}}sessions</h1>
            <nav class="actions"><a class="tab" href="/host/connect">Calendars</a><form method="post" action="/host/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button class="quiet">Log out</button></form></nav>
            </header>
            <main>
            <div id="live">
            {{#disconnected}}<section class="disconnected" role="alert"><h2>{{title}}</h2>{{#problems}}<p>{{.}}</p>{{/problems}}<p class="small">Other calendars go on; this one is tried again every poll.</p></section>{{/disconnected}}
            <section class="summary">
            <div class="figure"><b>{{summary.messagesToday}}</b>messages today</div>
            <div class="figure"><b>{{delivered}}</b>delivered</div>
            <div class="figure"><b>{{summary.failed}}</b>failed sessions</div>
            <div class="figure"><b>{{confirmed}}</b>confirmed</div>
            <div class="figure"><b>{{summary.optedOutNumbers}}</b>opted-out numbers</div>
            </section>
            <nav class="filters">
            {{#filters}}<a href="{{href}}" class="{{#on}}on{{/on}}">{{label}}</a>{{/filters}}
            </nav>
            {{#sessions}}
            <article class="session {{colour}}" id="s-{{event}}">
            <h2>{{summary}}{{#cancelled}}<span class="badge">cancelled</span>{{/cancelled}}{{#muted}}<span class="badge">muted</span>{{/muted}}</h2>
            <div class="meta"><span class="when">{{when}}</span> · {{source}}: {{calendar}} · colour: {{colour}}</div>
            {{#attendees}}
            <div class="attendee">
            <details><summary>{{masked}}{{#optedOut}} <span class="badge">opted out</span>{{/optedOut}} <span class="badge" title="Language of their messages">{{language}}</span></summary><span class="small">{{phone}}</span>
            <form method="post" action="{{languagePath}}" class="language"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="/host#s-{{event}}"><label>Their language <select name="lang"><option value="automatic"{{#automatic}} selected{{/automatic}}>automatic</option>{{#languages}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{code}}</option>{{/languages}}</select></label> <button class="quiet">Save</button>{{#fromEvent}} <span class="small">This event's #lang line decides its messages.</span>{{/fromEvent}}</form></details>
            <ul>
            {{#messages}}<li>{{kind}} · <span class="when">{{at}}</span> · <span class="state-{{state}}">{{stateText}}</span>{{#reason}}: {{reason}}{{/reason}}</li>{{/messages}}
            {{#reminders}}<li>reminder planned · <span class="when">{{.}}</span></li>{{/reminders}}
            {{#replies}}<li>reply: {{kind}} · <span class="when">{{at}}</span></li>{{/replies}}
            </ul>
            </div>
            {{/attendees}}
            {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
            {{^attendees}}{{^problem}}<p class="small">No WhatsApp message for this event (no number in its location, or not announced yet).</p>{{/problem}}{{/attendees}}
            <div class="actions">
            {{#resend}}<form method="post" action="{{path}}/resend"><input type="hidden" name="csrf" value="{{csrf}}"><button>Send {{resend}} again</button></form>{{/resend}}
            {{^cancelled}}{{#muted}}<form method="post" action="{{path}}/unmute"><input type="hidden" name="csrf" value="{{csrf}}"><button class="quiet">Unmute</button></form>{{/muted}}{{^muted}}<form method="post" action="{{path}}/mute"><input type="hidden" name="csrf" value="{{csrf}}"><button class="quiet">Mute</button></form>{{/muted}}{{/cancelled}}
            </div>
            </article>
            {{/sessions}}
            {{^sessions}}<p class="empty">No sessions from a week ago to a month ahead{{#filtered}} match this filter{{/filtered}}.</p>{{/sessions}}
            </div>
            </main>
            <script>
            // Fresh figures every 20 seconds without a reload: only the list is replaced, so the scroll
            // position, an open number and the filters stay as they are.
            setInterval(function () {
              fetch(location.href, {cache: "no-store", credentials: "same-origin"}).then(function (answer) {
                return answer.ok ? answer.text() : null;
              }).then(function (html) {
                if (!html) return;
                var next = new DOMParser().parseFromString(html, "text/html").getElementById("live");
                var open = Array.prototype.map.call(document.querySelectorAll("#live details[open]"), function (d) { return d.parentNode.parentNode.id + d.textContent; });
                if (next) document.getElementById("live").innerHTML = next.innerHTML;
                document.querySelectorAll("#live details").forEach(function (d) { if (open.indexOf(d.parentNode.parentNode.id + d.textContent) >= 0) d.open = true; });
              }).catch(function () {});
            }, 20000);
            </script>
            </body>
            </html>
            """# + "\n"
        case .cancel:
            #"""
            {{> header}}
            <h1>{{{t.cancel.heading}}}</h1>
            <p>{{{t.cancel.text}}}</p>
            <form method="post" action="{{action}}">
            <input type="hidden" name="confirm" value="{{confirm}}">
            <input type="hidden" name="lang" value="{{lang}}">
            <button type="submit">{{{t.cancel.button}}}</button>
            </form>
            <p>{{{t.cancel.keep}}}</p>
            {{#feed}}
            <p class="calendar-links"><a class="button secondary" href="{{subscribe}}">{{{t.page.subscribe}}}</a> <a class="button secondary" href="{{feed}}">{{{t.page.feed}}}</a></p>
            {{/feed}}
            {{> footer}}
            """# + "\n"
        case .hostConnect:
            #"""
            {{> header}}
            <h1>Your calendars</h1>
            {{#message}}<p class="note" role="status">{{message}}</p>{{/message}}
            {{#providers}}
            <section class="session-card">
            <h2>{{title}}</h2>
            {{#account}}
            <p>Connected as <strong>{{account}}</strong> since <span class="when">{{since}}</span>.</p>
            {{#problem}}<p class="note" role="alert">{{problem}}</p>
            <form method="post" action="/host/connect/{{provider}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="primary">Connect {{title}} again</button></form>{{/problem}}
            <form method="post" action="/host/connect/{{provider}}/disconnect"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">Disconnect {{title}}</button></form>
            {{/account}}
            {{^account}}
            {{#available}}
            <p class="small">Sign in with the account whose calendar should be watched. You can disconnect at any time.</p>
            <form method="post" action="/host/connect/{{provider}}"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="primary">Connect {{title}}</button></form>
            {{/available}}
            {{^available}}<p class="small">Not set up on this server: {{setup}} (see the README).</p>{{/available}}
            {{/account}}
            </section>
            {{/providers}}
            <h2>Calendars watched</h2>
            {{#calendars}}<p class="small">{{kind}}: {{id}}</p>{{/calendars}}
            {{^calendars}}<p class="small">None yet.</p>{{/calendars}}
            <p><a class="button secondary" href="/host">Back to sessions</a></p>
            {{> footer}}
            """# + "\n"
        }
    }
}
