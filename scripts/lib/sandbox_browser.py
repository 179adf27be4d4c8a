"""What the browser scripts share: a sandbox on 127.0.0.1, headless Chromium, and the links in an
attendee's WhatsApp thread. Debian's chromium and chromium-driver, never a download."""
import contextlib
import re
import subprocess
import sys
import time

import requests
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def check(condition, message):
    """Prints `ok: message`, or `FAIL: message` and exits non-zero."""
    if not condition:
        fail(message)
    print("ok:", message)


def each_width(widths, visit):
    """`visit(browser, width_name)` in a fresh headless Chromium for each of `widths` (name →
    pixels), each browser stopped whatever happens."""
    for width_name, width in widths.items():
        browser = chromium(width)
        try:
            visit(browser, width_name)
        finally:
            browser.quit()


def start_sandbox(binary, extra=()):
    """Starts `sandbox --port 0` (with `extra` arguments); returns the process, its base URL and the dashboard password."""
    process = subprocess.Popen([binary, "sandbox", "--port", "0", *extra], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = password = None
    deadline = time.time() + 90
    while time.time() < deadline and not (base and password):
        line = process.stdout.readline()
        found = re.search(r"Open (http://127\.0\.0\.1:\d+)/sandbox", line)
        base = base or (found.group(1) if found else None)
        found = re.search(r"password: (\S+)", line)
        password = password or (found.group(1) if found else None)
    if not (base and password):
        process.kill()
        sys.exit("the sandbox did not start")
    return process, base, password


@contextlib.contextmanager
def sandbox(binary, extra=()):
    """`start_sandbox` for a `with` block: yields the base URL and the dashboard password, and
    stops the sandbox when the block ends, however it ends."""
    process, base, password = start_sandbox(binary, extra)
    try:
        yield base, password
    finally:
        process.terminate()
        process.wait(timeout=30)


def chromium(width):
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},900"):
        options.add_argument(argument)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_window_size(width, 900)
    return driver


def thread_link(base, phone, label, follow=True):
    """The latest `label:` link (`Cancel`, `Reschedule`…) in `phone`'s thread on the sandbox page;
    with `follow`, where its short link leads."""
    deadline = time.time() + 30
    while time.time() < deadline:
        threads = requests.get(base + "/sandbox/threads").text
        start = threads.find(f'id="thread-{phone}"')
        end = threads.find('id="thread-', start + 1) if start >= 0 else -1
        mine = threads[start:end if end > 0 else None] if start >= 0 else ""
        found = re.findall(label + r': <a href="(http://127\.0\.0\.1:\d+/r/[0-9A-Za-z]+)"', mine)
        if found:
            return requests.get(found[-1], allow_redirects=False).headers["Location"] if follow else found[-1]
        time.sleep(0.5)
    sys.exit(f"no {label} link reached {phone}")


def open_dashboard(browser, base, password):
    """Logs in to the host dashboard through its form and opens it."""
    browser.get(base + "/host")
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    time.sleep(0.8)
    browser.get(base + "/host")
    time.sleep(0.8)
