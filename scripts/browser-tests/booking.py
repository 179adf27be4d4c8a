#!/usr/bin/env python3
"""Drives the booking page in headless Chromium, as an attendee on a phone and on a laptop would.

    python3 scripts/browser-tests/booking.py [path/to/gcal-whatsapp]   # default .build/debug/gcal-whatsapp

Starts `sandbox --port 0` (everything on 127.0.0.1), then at 390 and 1280 px: opens the attendee's
reschedule link from their WhatsApp thread, tabs through the page by keyboard (every stop visible),
checks there is no sideways scroll (also at 320 px), picks a day and a time, confirms, reads the
result, and checks in the emulated calendar that the session left its old time for the new one.
Exits non-zero on the first failure. Needs Debian's chromium and chromium-driver, Python's selenium.
"""
import datetime
import html
import os
import re
import sys
import time
from zoneinfo import ZoneInfo

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib"))
from sandbox_browser import check, each_width, sandbox, thread_link  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/gcal-whatsapp")
ATTENDEE = "+919876543210"
SUMMARY = "Coaching session"
WIDTHS = {"phone": 390, "desktop": 1280}


def calendar_start(base):
    """The session's start as the emulated calendar holds it, in the page's zone (naive local time)."""
    page = requests.get(base + "/sandbox/calendar").text
    zone = re.search(r"Times in ([^.<]+)\.", page).group(1).strip()
    events = re.findall(r'<strong>([^<]*)</strong>.*?name="start" value="([^"]+)"', page, re.S)
    starts = [value for summary, value in events if html.unescape(summary) == SUMMARY]
    check(len(starts) == 1, f"one '{SUMMARY}' in the calendar")
    return datetime.datetime.fromisoformat(starts[0]), ZoneInfo("UTC" if zone in ("UTC", "GMT") else zone)


def no_sideways_scroll(driver, width):
    driver.set_window_size(width, 900)
    time.sleep(0.2)
    wide = driver.execute_script("return document.documentElement.scrollWidth")
    check(wide <= width, f"no sideways scroll at {width} px ({wide} px wide)")


def keyboard(driver):
    """Tab through the page: focus lands on the day links and the times, each with a visible outline."""
    # Start from the top of the document, as a page just opened does (a click could hit a link).
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    seen = []
    for _ in range(40):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        element = driver.switch_to.active_element
        classes = element.get_attribute("class") or ""
        outline = driver.execute_script("var s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' + s.outlineWidth;", element)
        label = (element.get_attribute("aria-label") or element.text or "").strip()
        if element.tag_name in ("a", "button"):
            check(not outline.startswith("none"), f"focus on '{label[:30]}' is visible ({outline})")
            check(label != "", "every control has a name")
        seen.append(classes)
    check(any("day" in c.split() for c in seen), "the keyboard reaches the days")
    check(any("time" in c.split() for c in seen), "the keyboard reaches the times")


def heading(driver):
    """The page's h1, or "" while a navigation replaces the page under us."""
    try:
        return driver.find_element(By.TAG_NAME, "h1").text
    except Exception:
        return ""


def reschedule(driver, base, width):
    before, zone = calendar_start(base)
    driver.set_window_size(width, 900)
    driver.get(thread_link(base, ATTENDEE, "Reschedule", follow=False))
    check("Move your session" in driver.find_element(By.TAG_NAME, "h1").text, f"{width} px: the booking page opens")
    check("Your session:" in driver.page_source and SUMMARY in driver.page_source,
          "it says which session and when: " + driver.find_element(By.TAG_NAME, "main").text[:200].replace("\n", " | "))
    no_sideways_scroll(driver, width)
    if width <= 390:
        no_sideways_scroll(driver, 320)
        driver.set_window_size(width, 900)
    keyboard(driver)
    days = driver.find_elements(By.CSS_SELECTOR, "a.day:not(.selected)")
    check(len(days) > 0, "other days are offered")
    days[0].click()
    check("day=" in driver.current_url, "picking a day is a link")
    times = driver.find_elements(By.CSS_SELECTOR, "a.time")
    check(len(times) > 0, "the day has free times")
    hrefs = [link.get_attribute("href") for link in times]
    question = ""
    for href in hrefs[len(hrefs) // 2:] + hrefs[: len(hrefs) // 2]:
        driver.get(href)
        question = driver.find_element(By.ID, "confirm-heading").text
        if question.startswith("That is your session's current time"):
            check("Nothing changes" in driver.page_source, "picking the current time says nothing changes")
            continue
        chosen = re.search(r"start=([^&]+)", href).group(1)
        break
    check(question.startswith("Move your session to"), f"a confirm step asks first: {question}")
    check(calendar_start(base)[0] == before, "nothing moved before confirming")
    driver.find_element(By.CSS_SELECTOR, ".confirm button[type=submit]").click()
    # The post navigates: wait for the result page rather than read the old one.
    deadline = time.time() + 15
    while time.time() < deadline and "Your session has moved" not in heading(driver):
        time.sleep(0.2)
    check("Your session has moved" in heading(driver),
          "the result says it moved: " + driver.find_element(By.TAG_NAME, "main").text[:200].replace("\n", " | "))
    check("Google Calendar" in driver.page_source and "session.ics" in driver.page_source, "it offers to add it to a calendar")
    wanted = datetime.datetime.fromisoformat(requests.utils.unquote(chosen).replace("Z", "+00:00")).astimezone(zone).replace(tzinfo=None)
    deadline = time.time() + 20
    while time.time() < deadline and calendar_start(base)[0] != wanted:
        time.sleep(0.3)
    after = calendar_start(base)[0]
    check(after == wanted and after != before, f"the calendar moved it from {before} to {after}")


def main():
    with sandbox(BINARY) as (base, _):
        each_width(WIDTHS, lambda driver, name: reschedule(driver, base, WIDTHS[name]))
        print("PASS: the booking page, at 390 and 1280 px")


if __name__ == "__main__":
    main()
