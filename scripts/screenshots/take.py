#!/usr/bin/env python3
"""Screenshots of the pages, at 1280 and 390 px, in headless Chromium, against a running sandbox.

    python3 scripts/screenshots/take.py [path/to/gcal-whatsapp]     # default .build/debug/gcal-whatsapp

Needs Debian's chromium, chromium-driver and fonts-lohit-deva (Hindi), and Python's selenium. Starts `sandbox --port 0`,
creates a few sessions (one failing, one with a number that cannot be used), logs in to the host
dashboard, and writes docs/<page>-desktop.png and docs/<page>-phone.png.
"""
import os
import sys
import time

import requests
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from sandbox_browser import each_width, open_dashboard, sandbox, thread_link  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/gcal-whatsapp")
WIDTHS = {"desktop": 1280, "phone": 390}


def shoot(browser, url, name, width_name):
    browser.get(url)
    time.sleep(0.8)
    save(browser, name, width_name)


def booking_pages(browser, base, width_name):
    """The reschedule page, its confirm step and result; a cancel page; book again and a used link."""
    reschedule = thread_link(base, "+919876543210", "Reschedule")
    shoot(browser, reschedule, "booking", width_name)
    hrefs = [time_link.get_attribute("href") for time_link in browser.find_elements(By.CSS_SELECTOR, "a.time")]
    for href in hrefs[len(hrefs) // 2:] + hrefs:
        browser.get(href)
        if browser.find_elements(By.CSS_SELECTOR, ".confirm button[type=submit]"):
            break
    shoot(browser, browser.current_url, "booking-confirm", width_name)
    browser.find_element(By.CSS_SELECTOR, ".confirm button[type=submit]").click()
    time.sleep(0.8)
    save(browser, "booking-done", width_name)
    shoot(browser, thread_link(base, "+919876543210", "Cancel"), "cancel", width_name)


def after_cancelling(browser, base, width_name, phone):
    """Cancel through the page, book again, and open the used book-again link; an invalid link."""
    browser.get(thread_link(base, phone, "Cancel"))
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    time.sleep(0.8)
    save(browser, "cancel-done", width_name)
    book = browser.find_element(By.LINK_TEXT, "Book a new time").get_attribute("href")
    shoot(browser, book, "book-again", width_name)
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.time")]
    browser.get(hrefs[len(hrefs) // 2])
    browser.find_element(By.CSS_SELECTOR, ".confirm button[type=submit]").click()
    time.sleep(0.8)
    save(browser, "book-again-done", width_name)
    shoot(browser, book, "book-again-used", width_name)
    shoot(browser, base + "/cancel/not-a-token", "link-not-valid", width_name)


def languages(browser, base, width_name):
    """The same pages in other languages: `?lang=` shows a page in one and changes nothing."""
    shoot(browser, thread_link(base, "+919876543210", "Cancel") + "?lang=pt-BR", "cancel-pt-BR", width_name)
    shoot(browser, thread_link(base, "+919876543210", "Reschedule") + "?lang=de", "booking-de", width_name)
    shoot(browser, thread_link(base, "+919876543210", "Cancel") + "?lang=hi", "cancel-hi", width_name)
    shoot(browser, base + "/cancel/not-a-token?lang=fr", "link-not-valid-fr", width_name)


def save(browser, name, width_name):
    height = browser.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    browser.set_window_size(WIDTHS[width_name], min(max(height + 40, 600), 6000))
    path = os.path.join(ROOT, "docs", f"{name}-{width_name}.png")
    browser.save_screenshot(path)
    print("wrote", os.path.relpath(path, ROOT))


def every_page(browser, base, password, width_name):
    booking_pages(browser, base, width_name)
    languages(browser, base, width_name)
    after_cancelling(browser, base, width_name, "+919876543210" if width_name == "desktop" else "+14155550132")
    shoot(browser, base + "/sandbox", "sandbox", width_name)
    open_dashboard(browser, base, password)
    save(browser, "dashboard", width_name)


def main():
    with sandbox(BINARY) as (base, password):
        form = lambda path, data: requests.post(base + path, data=data, allow_redirects=False)
        form("/sandbox/delivery", {"phone": "+14155550199", "outcome": "invalid"})
        start = time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() + 3 * 86400))
        form("/sandbox/sessions", {"title": "Physio follow-up", "start": start, "minutes": "45", "phone": "+14155550199"})
        form("/sandbox/sessions", {"title": "Intro call", "start": start, "minutes": "30", "phone": "Zoom 845 1234 5678 or 0151 234"})
        time.sleep(3)
        each_width(WIDTHS, lambda browser, width_name: every_page(browser, base, password, width_name))


if __name__ == "__main__":
    main()
