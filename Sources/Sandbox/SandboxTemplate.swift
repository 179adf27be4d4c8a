/// The sandbox page: plain HTML and CSS, no JavaScript. The calendar and the threads are frames
/// that reload themselves every few seconds, so the forms around them keep what is being typed.
enum SandboxTemplate {
    /// The page itself: forms that do not reload, around two frames that do.
    static let page = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>gcal-whatsapp sandbox</title>
    <link rel="stylesheet" href="/sandbox/style.css">
    </head>
    <body>
    <header>
    <strong>gcal-whatsapp sandbox</strong>
    <p>Play the host on the left (this is the Google Calendar, zone {{zone}}) and the attendees on the right (their WhatsApp). Everything runs on this machine. Reminders go 2 minutes before a session, with buttons to tap; attendees can also reply 1, 2, 3, STOP, START, HELP or LIST.</p>
    </header>
    <div class="columns">
    <section>
    <h2>Host: calendar</h2>
    <form method="post" action="/sandbox/sessions">
    <input name="title" value="Coaching session" aria-label="Title">
    <input type="datetime-local" name="start" value="{{defaultStart}}" aria-label="Start">
    <input name="minutes" value="60" size="3" aria-label="Minutes">
    <input name="phone" value="+919876543210" aria-label="Location (phone)">
    <button>Create event</button>
    </form>
    <iframe src="/sandbox/calendar" title="Calendar"></iframe>
    <p>Attendees can also book directly on the <a href="{{bookingURL}}">Calendly page</a>.</p>
    </section>
    <section>
    <h2>Attendees: WhatsApp</h2>
    <iframe src="/sandbox/threads" title="WhatsApp threads"></iframe>
    <form method="post" action="/sandbox/write">
    <input name="phone" value="+919876543210" aria-label="From">
    <input name="text" value="What sessions do I have?" aria-label="Message">
    <button>Write to the business</button>
    </form>
    <h2>Delivery</h2>
    <form method="post" action="/sandbox/delivery">
    <input name="phone" value="+14155550132" aria-label="Number">
    <select name="outcome">
    <option value="delivered">delivered (green)</option>
    <option value="read">read (green)</option>
    <option value="undelivered">undelivered, 63024 (red)</option>
    <option value="invalid">refused, 21211 invalid number (red)</option>
    </select>
    <button>Apply to new messages</button>
    </form>
    </section>
    </div>
    </body>
    </html>
    """#

    /// The calendar frame, reloaded every 3 seconds; its forms act on the whole page.
    static let calendar = #"""
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
    <link rel="stylesheet" href="/sandbox/style.css">
    </head><body class="frame">
    {{#events}}
    <div class="event {{colour}}" id="event-{{id}}">
    <strong>{{summary}}</strong> · {{start}} · location: {{location}} · colour: {{colour}}
    <pre>{{description}}</pre>
    <form method="post" action="/sandbox/sessions/{{id}}/move" target="_top"><input type="datetime-local" name="start" value="{{startField}}"><button>Move</button></form>
    <form method="post" action="/sandbox/sessions/{{id}}/rename" target="_top"><input name="title" value="Cancelled: {{summary}}"><button>Rename</button></form>
    <form method="post" action="/sandbox/sessions/{{id}}/delete" target="_top"><button>Delete</button></form>
    </div>
    {{/events}}
    {{^events}}<p>No upcoming events.</p>{{/events}}
    </body></html>
    """#

    /// The WhatsApp frame, reloaded every 3 seconds; links open in the whole window, as on a phone.
    static let threads = #"""
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><base target="_top">
    <link rel="stylesheet" href="/sandbox/style.css">
    </head><body class="frame">
    {{#threads}}
    <div class="thread" id="thread-{{phone}}">
    <strong>{{phone}}</strong>
    {{#messages}}
    <div class="bubble {{#fromBusiness}}business{{/fromBusiness}}">{{#segments}}{{text}}{{#url}}<a href="{{url}}">{{url}}</a>{{/url}}{{/segments}}{{#status}}<span class="status">{{status}}</span>{{/status}}{{#buttons}}<form method="post" action="/sandbox/tap" class="tap"><input type="hidden" name="phone" value="{{phone}}"><input type="hidden" name="sid" value="{{sid}}"><input type="hidden" name="button" value="{{id}}"><button class="quick">{{title}}</button></form>{{/buttons}}</div>
    {{/messages}}
    </div>
    {{/threads}}
    {{^threads}}<p>No messages yet.</p>{{/threads}}
    </body></html>
    """#

    /// Shared by the page and its frames.
    static let style = """
    body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f0f2f5; color: #1d1d1f; }
    header { background: #075e54; color: #fff; padding: .8rem 1.2rem; }
    header p { margin: .2rem 0 0; opacity: .85; }
    .columns { display: flex; flex-wrap: wrap; gap: 1rem; padding: 1rem; }
    section { flex: 1 1 24rem; background: #fff; border-radius: 10px; padding: 1rem; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
    h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
    .event { border-left: 6px solid #ccc; padding: .4rem .6rem; margin: .6rem 0; background: #fafafa; }
    .event.green { border-color: #33b679; } .event.red { border-color: #d50000; } .event.confirmed { border-color: #039be5; }
    .tap { margin: 0; } .quick { display: block; width: 100%; margin-top: .3rem; background: #fff; border: 1px solid #cfd8dc; border-radius: 6px; color: #00796b; }
    .event pre, .bubble { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: .3rem 0; }
    .event form, .inline { display: inline-flex; gap: .3rem; margin: .2rem .4rem .2rem 0; }
    input, select, button { font: inherit; padding: .25rem .4rem; }
    .thread { margin: .6rem 0 1rem; }
    .bubble { max-width: 85%; padding: .45rem .6rem; border-radius: 8px; background: #fff; border: 1px solid #e3e3e3; }
    .bubble.business { background: #dcf8c6; margin-left: auto; }
    .status { font-size: .8rem; color: #667; display: block; }
    iframe { width: 100%; height: 28rem; border: 1px solid #e3e3e3; border-radius: 8px; margin: .6rem 0; }
    body.frame { background: #fff; padding: 0 .4rem; }
    """
}
