#!/usr/bin/env python3
"""Drives "Connect your account" (DESIGN.md §24) in headless Chromium, as a host would.

    python3 scripts/browser-tests/connect.py [path/to/gcal-whatsapp] [--screenshots]

Starts `sandbox --port 0` (everything on 127.0.0.1, the sign-in pages emulated), logs in to the
dashboard through its form, opens /host/connect, clicks "Connect Google Calendar", signs in on
the emulated Google consent page as coach@example.com and allows access, follows the result page
back, and checks that the account and its calendar are listed; then the same for Microsoft 365;
then cancels a consent (nothing connected) and disconnects Google. At 1280 and 390 px; no
sideways scroll. With --screenshots, writes docs/connect-*.png. Exits non-zero on the first failure.
"""
import os
import sys
import time

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from sandbox_browser import check, chromium, fail, open_dashboard, sandbox  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
BINARY = ARGS[0] if ARGS else os.path.join(ROOT, ".build/debug/gcal-whatsapp")
SCREENSHOTS = "--screenshots" in sys.argv


def wait_for(browser, text, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if text in browser.page_source:
            return True
        time.sleep(0.2)
    return False


def shot(browser, name, width_name):
    if SCREENSHOTS:
        browser.save_screenshot(os.path.join(ROOT, "docs", f"{name}-{width_name}.png"))


def button(browser, label):
    for candidate in browser.find_elements(By.CSS_SELECTOR, "button, a.button"):
        if candidate.text.strip() == label:
            return candidate
    fail(f"no button '{label}' on {browser.current_url}")


def sideways(browser, width):
    wide = browser.execute_script("return document.documentElement.scrollWidth")
    check(wide <= width, f"no sideways scroll at {width} px on {browser.current_url.split('?')[0]} ({wide} px)")


def connect(browser, width, title, account, allow=True):
    browser.get(BASE + "/host/connect")
    button(browser, f"Connect {title}").click()
    check(wait_for(browser, "asks to"), f"the {title} consent page opens")
    field = browser.find_element(By.ID, "account")
    field.clear()
    field.send_keys(account)
    browser.find_element(By.ID, "allow" if allow else "deny").click()


def run(width_name, width, password):
    browser = chromium(width)
    try:
        open_dashboard(browser, BASE, password)
        browser.get(BASE + "/host/connect")
        check("Connect Google Calendar" in browser.page_source and "Connect Microsoft 365" in browser.page_source,
              "the Calendars page offers both Connect buttons")
        sideways(browser, width)
        shot(browser, "connect", width_name)

        connect(browser, width, "Google Calendar", "coach@example.com")
        check(wait_for(browser, "Google Calendar is connected"), "back from Google: connected")
        check("coach@example.com" in browser.page_source, "the result names the account")
        sideways(browser, width)
        shot(browser, "connect-done", width_name)
        button(browser, "Back to your calendars").click()
        check(wait_for(browser, "Connected as"), "the session cookie comes back with the link (SameSite=Strict)")
        check("Google Calendar: coach@example.com" in browser.page_source, "its calendar is watched")

        connect(browser, width, "Microsoft 365", "host@contoso.com")
        check(wait_for(browser, "Microsoft 365 is connected"), "back from Microsoft: connected")
        browser.get(BASE + "/host/connect")
        check("Microsoft 365: host@contoso.com" in browser.page_source, "the mailbox is watched")
        shot(browser, "connect-connected", width_name)

        # Disconnect both; then Cancel on the consent page connects nothing.
        button(browser, "Disconnect Google Calendar").click()
        check(wait_for(browser, "Google Calendar is disconnected"), "Disconnect says so")
        check("Google Calendar: coach@example.com" not in browser.page_source, "the calendar is no longer watched")
        button(browser, "Disconnect Microsoft 365").click()
        check(wait_for(browser, "Microsoft 365 is disconnected"), "Microsoft disconnected too")
        connect(browser, width, "Google Calendar", "coach@example.com", allow=False)
        check(wait_for(browser, "You chose not to allow access"), "Cancel on the consent page: nothing connected")
        shot(browser, "connect-cancelled", width_name)
    finally:
        browser.quit()


def main():
    global BASE
    with sandbox(BINARY) as (BASE, password):
        for width_name, width in {"desktop": 1280, "phone": 390}.items():
            run(width_name, width, password)
        print("PASS: connect flows in headless Chromium")


if __name__ == "__main__":
    main()
