/// The sandbox page: plain HTML and CSS. The calendar and the chats are frames that reload only
/// when something changed, and never while a field in them is being edited, so nothing typed is lost.
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
    <p>Play the host <span class="side">on the left</span><span class="stack">above</span> (a Google Calendar) and the attendees <span class="side">on the right</span><span class="stack">below</span> (their WhatsApp). Everything runs on this machine, against built-in emulators: nothing is really sent.</p>
    <p>Three sample sessions are in the calendar to start from: two with a phone number in their location (their attendees got a message) and one without (nothing is sent). Changes reach the service at once, as Google's push notifications do. Reminders go 2 minutes before a session, with buttons to tap; attendees can also reply 1, 2, 3, STOP, START, HELP or LIST.</p>
    <p>The host's dashboard: <a href="/host" target="_blank" rel="noopener">/host</a> (its password is printed where the sandbox was started). Connect an account as a host without a service account would, against emulated Google and Microsoft sign-in pages: <a href="/host/connect" target="_blank" rel="noopener">/host/connect</a>.</p>
    <form method="post" action="/sandbox/zone" class="zone">
    <label>Times are in <select name="zone">{{#zones}}<option{{#selected}} selected{{/selected}}>{{zone}}</option>{{/zones}}</select></label>
    <button>Change zone</button>
    </form>
    </header>
    {{#problem}}<p class="problem" role="alert">{{problem}}</p>{{/problem}}
    <div class="columns">
    <section>
    <h2>Host: Google Calendar</h2>
    <form method="post" action="/sandbox/sessions" class="create">
    <label>Title <input name="title" value="Coaching session"></label>
    <label>Starts <input type="datetime-local" name="start" value="{{defaultStart}}" min="2000-01-01T00:00" max="2100-12-31T23:59" required></label>
    <label>Minutes <input name="minutes" value="60" size="3" inputmode="numeric"></label>
    <label>Attendee's WhatsApp number (the event's location) <input name="phone" value="+919876543210"></label>
    <button>Create event</button>
    </form>
    <iframe src="/sandbox/calendar" title="Calendar"></iframe>
    {{#bookingURL}}<p>Attendees can also book directly on the <a href="{{bookingURL}}" target="_blank" rel="noopener">Calendly page</a> (emulated).</p>{{/bookingURL}}
    {{^bookingURL}}<p>Reschedule links open the built-in booking page: free times every day 08:00-20:00 in the calendar's zone. After a cancellation, the message links to booking again.</p>{{/bookingURL}}
    </section>
    <section>
    <h2>Attendees: WhatsApp</h2>
    <iframe src="/sandbox/threads" title="WhatsApp chats"></iframe>
    <form method="post" action="/sandbox/write" class="create">
    <label>Attendee's WhatsApp number <input name="phone" value="+919876543210"></label>
    <label>Message <input name="text" value="What sessions do I have?"></label>
    <button>Write to the business</button>
    </form>
    <h2>Delivery</h2>
    <form method="post" action="/sandbox/delivery" class="create">
    <label>Attendee's WhatsApp number <input name="phone" value="+14155550132"></label>
    <label>What happens to new messages <select name="outcome">
    <option value="delivered">delivered (green)</option>
    <option value="read">read (green)</option>
    <option value="undelivered">undelivered, 63024 (red)</option>
    <option value="invalid">refused, 21211 invalid number (red)</option>
    </select></label>
    <button>Apply to new messages</button>
    </form>
    {{#hasRules}}<p>Rules now:</p>{{/hasRules}}
    <ul class="rules">{{#rules}}<li>{{phone}}: {{rule}}</li>{{/rules}}</ul>
    {{^rules}}<p class="hint">Every number's messages are delivered (green) unless a rule above says otherwise.</p>{{/rules}}
    </section>
    </div>
    {{> keepScroll}}
    </body>
    </html>
    """#

    /// Every action reloads the page: it comes back where it was, not at the top.
    static let keepScroll = #"""
    <script>
    (function () {
      var key = "sandbox-scroll";
      var saved = sessionStorage.getItem(key);
      if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, parseInt(saved, 10) || 0); }
      document.addEventListener("submit", function () { sessionStorage.setItem(key, String(window.scrollY)); }, true);
    })();
    </script>
    """#

    /// Reloads a frame when the sandbox's version changes, but not while one of its fields has the
    /// focus or holds an edit; then shows what changed last.
    static let refresh = #"""
    <script>
    (function () {
      var seen = document.body.dataset.version;
      function editing() {
        var active = document.activeElement;
        if (active && active !== document.body && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(active.tagName)) return true;
        return Array.prototype.some.call(document.querySelectorAll("input"), function (field) { return field.value !== field.defaultValue; });
      }
      setInterval(function () {
        fetch("/sandbox/version", {cache: "no-store"}).then(function (answer) { return answer.text(); }).then(function (version) {
          if (version !== seen && !editing()) location.reload();
        }).catch(function () {});
      }, 1000);
      // A form here acts on the whole page: keep the page's place for its reload.
      document.addEventListener("submit", function () {
        try { sessionStorage.setItem("sandbox-scroll", String(window.top.scrollY)); } catch (e) {}
      }, true);
      // Scroll this frame only (scrollIntoView would scroll the page around it too).
      var fresh = document.querySelector(".fresh");
      if (fresh) window.scrollTo(0, Math.max(0, fresh.offsetTop - (window.innerHeight - fresh.offsetHeight) / 2));
    })();
    </script>
    """#

    /// The calendar frame; its forms act on the whole page.
    static let calendar = #"""
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8">
    <link rel="stylesheet" href="/sandbox/style.css">
    </head><body class="frame" data-version="{{version}}">
    <p class="hint">Times in {{zone}}.</p>
    {{#events}}
    <div class="event {{colour}}{{#fresh}} fresh{{/fresh}}" id="event-{{id}}">
    <strong>{{summary}}</strong> · <span class="when">{{start}}</span> · location: {{location}} · colour: {{colour}}
    <pre>{{description}}</pre>
    <form method="post" action="/sandbox/sessions/{{id}}/move" target="_top"><label>New start <input type="datetime-local" name="start" value="{{startField}}" min="2000-01-01T00:00" max="2100-12-31T23:59" required></label><button>Move</button></form>
    <form method="post" action="/sandbox/sessions/{{id}}/rename" target="_top"><label>New title <input name="title" value="Cancelled: {{summary}}"></label><button>Rename</button></form>
    <form method="post" action="/sandbox/sessions/{{id}}/delete" target="_top"><button>Delete</button></form>
    </div>
    {{/events}}
    {{^events}}<p>No upcoming events.</p>{{/events}}
    {{> refresh}}
    </body></html>
    """#

    /// The chats, as each attendee's phone shows them: the business on the left, the attendee's
    /// own messages on the right. Links open in a new tab, as a phone opens the browser.
    static let threads = #"""
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8">
    <link rel="stylesheet" href="/sandbox/style.css">
    </head><body class="frame" data-version="{{version}}">
    {{#threads}}
    <div class="thread" id="thread-{{phone}}">
    <strong>WhatsApp of {{phone}}</strong>
    {{#messages}}
    <div class="bubble {{^fromBusiness}}attendee{{/fromBusiness}}{{#fresh}} fresh{{/fresh}}">{{#segments}}{{text}}{{#url}}<a href="{{url}}" target="_blank" rel="noopener">{{url}}</a>{{/url}}{{/segments}}<span class="status">{{time}}{{#status}} · {{status}}{{/status}}</span>{{#buttons}}<form method="post" action="/sandbox/tap" class="tap" target="_top"><input type="hidden" name="phone" value="{{phone}}"><input type="hidden" name="sid" value="{{sid}}"><input type="hidden" name="button" value="{{id}}"><button class="quick">{{title}}</button></form>{{/buttons}}</div>
    {{/messages}}
    </div>
    {{/threads}}
    {{^threads}}<p>No messages yet.</p>{{/threads}}
    {{> refresh}}
    </body></html>
    """#

    /// Shared by the page and its frames.
    static let style = """
    body { font: 15px/1.45 system-ui, sans-serif; margin: 0; background: #f0f2f5; color: #1d1d1f; }
    header { background: #075e54; color: #fff; padding: .8rem 1.2rem; }
    header p { margin: .2rem 0 0; opacity: .85; }
    header a { color: #fff; }
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
    .bubble.attendee { background: #dcf8c6; margin-left: auto; }
    .fresh { outline: 3px solid #ffb300; outline-offset: 1px; }
    .when { white-space: nowrap; }
    .hint { color: #667; font-size: .9rem; margin: .3rem 0; }
    .rules { margin: .3rem 0; padding-left: 1.2rem; }
    form.create { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
    form.create label { display: flex; flex-direction: column; font-size: .85rem; color: #445; }
    .event label { font-size: .85rem; color: #445; }
    form.create + h2 { margin-top: 1.2rem; }
    header .zone { margin-top: .5rem; } header label { color: #fff; } header select { margin-left: .3rem; }
    .status { font-size: .8rem; color: #667; display: block; }
    iframe { width: 100%; height: 28rem; border: 1px solid #e3e3e3; border-radius: 8px; margin: .6rem 0; }
    body.frame { background: #fff; padding: 0 .4rem; }
    .thread { background: #efeae2; padding: .4rem; border-radius: 8px; }
    .stack { display: none; }
    /* The two columns stack on a narrow screen: the text says above and below then. */
    @media (max-width: 56rem) { .side { display: none; } .stack { display: inline; } }
    .problem { margin: 1rem 1rem 0; padding: .6rem .8rem; background: #fdecea; color: #8c1d18; border-radius: 8px; font-weight: 600; }
    """
}
