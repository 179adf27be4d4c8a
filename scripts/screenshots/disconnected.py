#!/usr/bin/env python3
"""The host dashboard with a calendar that stopped answering, at 1280 and 390 px.

    python3 scripts/screenshots/disconnected.py [path/to/gcal-whatsapp]

Starts `sandbox --caldav` (needs Radicale), stops its Radicale server, waits for three sync rounds
(10 s apart in the sandbox, each waiting out its connection retries) and writes docs/dashboard-disconnected-{desktop,phone}.png.
"""
import os
import re
import subprocess
import sys
import time

import requests


sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from sandbox_browser import each_width, open_dashboard, sandbox  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/gcal-whatsapp")


def dashboard(browser, base, password, width_name):
    open_dashboard(browser, base, password)
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(browser.get_window_size()["width"], min(max(height, 900), 4000))
    browser.save_screenshot(os.path.join(ROOT, "docs", f"dashboard-disconnected-{width_name}.png"))


def main():
    with sandbox(BINARY, ["--caldav"]) as (base, password):
        time.sleep(3)
        session = requests.Session()
        session.post(base + "/host/login", data={"password": password})
        # The sandbox's own Radicale, and only it (its port is in the dashboard's calendar filter);
        # killed outright, as Radicale lets a SIGTERM wait for its threads.
        port = re.search(r"http://127\.0\.0\.1:(\d+)/host/sandbox-coaching/", session.get(base + "/host").text).group(1)
        subprocess.run(["pkill", "-9", "-f", f"server-hosts 127.0.0.1:{port}"], check=False)
        # Three failed rounds in a row.
        deadline = time.time() + 300
        while time.time() < deadline and "Not answering" not in session.get(base + "/host").text:
            time.sleep(2)
        each_width({"desktop": 1280, "phone": 390}, lambda browser, width_name: dashboard(browser, base, password, width_name))


if __name__ == "__main__":
    main()
