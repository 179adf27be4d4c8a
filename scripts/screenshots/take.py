#!/usr/bin/env python3
"""Screenshots of the pages, at 1280 and 390 px, in headless Chromium, against a running sandbox.

    python3 scripts/screenshots/take.py [path/to/gcal-whatsapp]     # default .build/debug/gcal-whatsapp

Needs Debian's chromium and chromium-driver and Python's selenium. Starts `sandbox --port 0`,
creates a few sessions (one failing, one with a number that cannot be used), logs in to the host
dashboard, and writes docs/<page>-desktop.png and docs/<page>-phone.png.
"""
import os
import re
import subprocess
import sys
import time

import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/gcal-whatsapp")
WIDTHS = {"desktop": 1280, "phone": 390}


def start_sandbox():
    process = subprocess.Popen([BINARY, "sandbox", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    page = password = None
    deadline = time.time() + 60
    while time.time() < deadline and not (page and password):
        line = process.stdout.readline()
        page = page or (re.search(r"Open (http://127\.0\.0\.1:\d+/sandbox)", line) or [None, None])[1]
        password = password or (re.search(r"password: (\S+)", line) or [None, None])[1]
    if not (page and password):
        process.kill()
        sys.exit("the sandbox did not start")
    return process, page[: -len("/sandbox")], password


def driver(width):
    options = Options()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-gpu")
    options.add_argument("--hide-scrollbars")
    options.add_argument(f"--window-size={width},900")
    # Debian's driver, never a download (no test or script may reach another address).
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    browser.set_window_size(width, 900)
    return browser


def shoot(browser, url, name, width_name):
    browser.get(url)
    time.sleep(0.8)
    height = browser.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    browser.set_window_size(WIDTHS[width_name], min(max(height + 40, 600), 6000))
    time.sleep(0.3)
    path = os.path.join(ROOT, "docs", f"{name}-{width_name}.png")
    browser.save_screenshot(path)
    print("wrote", os.path.relpath(path, ROOT))


def link(base, phone, label):
    """The latest `label` link in `phone`'s WhatsApp thread on the sandbox page."""
    for _ in range(60):
        threads = requests.get(base + "/sandbox/threads").text
        start = threads.find(f'id="thread-{phone}"')
        end = threads.find('id="thread-', start + 1) if start >= 0 else -1
        found = re.findall(label + r': <a href="(http://127\.0\.0\.1:\d+/r/[0-9A-Za-z]+)"', threads[start:end if end > 0 else None])
        if start >= 0 and found:
            return requests.get(found[-1], allow_redirects=False).headers["Location"]
        time.sleep(0.5)
    sys.exit(f"no {label} link for {phone}")


def booking_pages(browser, base, width_name):
    """The reschedule page, its confirm step and result; a cancel page; book again and a used link."""
    reschedule = link(base, "+919876543210", "Reschedule")
    shoot(browser, reschedule, "booking", width_name)
    hrefs = [time_link.get_attribute("href") for time_link in browser.find_elements(By.CSS_SELECTOR, "a.time")]
    for href in hrefs[len(hrefs) // 2:] + hrefs:
        browser.get(href)
        if browser.find_elements(By.CSS_SELECTOR, ".confirm button[type=submit]"):
            break
    shoot(browser, browser.current_url, "booking-confirm", width_name)
    browser.find_element(By.CSS_SELECTOR, ".confirm button[type=submit]").click()
    time.sleep(0.8)
    path = os.path.join(ROOT, "docs", f"booking-done-{width_name}.png")
    browser.set_window_size(WIDTHS[width_name], 900)
    browser.save_screenshot(path)
    print("wrote", os.path.relpath(path, ROOT))
    shoot(browser, link(base, "+919876543210", "Cancel"), "cancel", width_name)


def after_cancelling(browser, base, width_name, phone):
    """Cancel through the page, book again, and open the used book-again link; an invalid link."""
    browser.get(link(base, phone, "Cancel"))
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


def save(browser, name, width_name):
    height = browser.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    browser.set_window_size(WIDTHS[width_name], min(max(height + 40, 600), 6000))
    path = os.path.join(ROOT, "docs", f"{name}-{width_name}.png")
    browser.save_screenshot(path)
    print("wrote", os.path.relpath(path, ROOT))


def main():
    process, base, password = start_sandbox()
    try:
        form = lambda path, data: requests.post(base + path, data=data, allow_redirects=False)
        form("/sandbox/delivery", {"phone": "+14155550199", "outcome": "invalid"})
        start = time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() + 3 * 86400))
        form("/sandbox/sessions", {"title": "Physio follow-up", "start": start, "minutes": "45", "phone": "+14155550199"})
        form("/sandbox/sessions", {"title": "Intro call", "start": start, "minutes": "30", "phone": "Zoom 845 1234 5678 or 0151 234"})
        time.sleep(3)
        for width_name, width in WIDTHS.items():
            browser = driver(width)
            try:
                booking_pages(browser, base, width_name)
                after_cancelling(browser, base, width_name, "+919876543210" if width_name == "desktop" else "+14155550132")
                shoot(browser, base + "/sandbox", "sandbox", width_name)
                browser.get(base + "/host")
                browser.find_element(By.NAME, "password").send_keys(password)
                browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
                time.sleep(0.8)
                shoot(browser, base + "/host", "dashboard", width_name)
            finally:
                browser.quit()
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
