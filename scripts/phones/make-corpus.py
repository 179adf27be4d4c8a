#!/usr/bin/env python3
"""Write Tests/Fixtures/phones/corpus.tsv: calendar "location" strings with the numbers that should get a message.

    pip install phonenumbers
    python3 scripts/phones/make-corpus.py            # writes Tests/Fixtures/phones/corpus.tsv
    python3 scripts/phones/make-corpus.py -o -       # to stdout

Columns: category, region (the DEFAULT_COUNTRY_CODE of the line), location, expected
(E.164 numbers, comma-separated, in order of appearance, deduplicated; empty for none).

Every phone-bearing location is built from a number chosen here, so the text of each number in
it is known. The oracle is phonenumbers: parse(text_of_the_number, region), and the E.164 form
is expected only when is_valid_number and number_type is MOBILE, FIXED_LINE or
FIXED_LINE_OR_MOBILE. Lines of the non_phone category hold no phone number: expected is empty.
The output depends only on the seed and on the phonenumbers version (its metadata).
"""
import argparse
import os
import random
import re
import sys

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType

SEED = 20261206

REGIONS = (
    "US CA MX BR AR CL CO PE GB IE DE AT CH FR BE NL ES PT IT PL SE NO DK FI CZ RO GR TR RU UA "
    "IN PK BD ID MY SG PH TH VN AU NZ ZA NG KE EG MA AE SA IL JP KR CN HK"
).split()

ACCEPTED_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
OTHER_TYPES = (
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.UAN,
)

# Lines per region and category; non_phone is a fixed total.
PER_REGION = {"e164": 13, "international": 15, "national": 13, "impossible": 10}
NON_PHONE_LINES = 420

rnd = random.Random(SEED)


# ---------------------------------------------------------------- oracle

def oracle(text, region):
    """E.164 of the number written as `text`, read with default `region`, or None."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in ACCEPTED_TYPES:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def expected_of(texts, region):
    seen = []
    for text in texts:
        e164 = oracle(text, region)
        if e164 and e164 not in seen:
            seen.append(e164)
    return ",".join(seen)


# ---------------------------------------------------------------- numbers

def valid_pool(region, kind, count):
    """Valid numbers of `kind` for `region`: the example number, then variants of its last digits."""
    example = phonenumbers.example_number_for_type(region, kind)
    if example is None:
        return []
    pool = []
    if phonenumbers.is_valid_number(example) and phonenumbers.number_type(example) in ACCEPTED_TYPES:
        pool.append(example)
    nsn = phonenumbers.national_significant_number(example)
    tries = 0
    while len(pool) < count and tries < 400:
        tries += 1
        keep = len(nsn) - rnd.choice((3, 4, 4, 5))
        candidate = nsn[:keep] + "".join(rnd.choice("0123456789") for _ in range(len(nsn) - keep))
        number = phonenumbers.parse("+%d%s" % (example.country_code, candidate), None)
        if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in ACCEPTED_TYPES:
            continue
        if phonenumbers.region_code_for_number(number) != region:
            continue
        if any(phonenumbers.format_number(n, PhoneNumberFormat.E164) == phonenumbers.format_number(number, PhoneNumberFormat.E164) for n in pool):
            continue
        pool.append(number)
    return pool


def numbers_for(region):
    mobiles = valid_pool(region, PhoneNumberType.MOBILE, 6)
    fixed = valid_pool(region, PhoneNumberType.FIXED_LINE, 6)
    mixed = []
    for pair in zip(mobiles, fixed):
        mixed.extend(pair)
    mixed.extend(mobiles[len(fixed):] + fixed[len(mobiles):])
    return mixed


def e164(number):
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def international(number):
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def national(number):
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)


def dialing_prefix(region):
    """A digits-only international dialling prefix of `region` (what replaces "+"), e.g. 00, 011, 810."""
    md = PhoneMetadata.metadata_for_region(region)
    if md.preferred_international_prefix:
        return md.preferred_international_prefix.replace("~", "")
    for candidate in ("00", "011", "001", "010", "0011", "000", "009", "810"):
        if re.fullmatch(md.international_prefix, candidate):
            return candidate
    return None


# ---------------------------------------------------------------- text around numbers

NAMES = ["Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemal", "Lena",
         "Maria Souza", "Nikos", "Olga", "Priya", "Quinn", "Rafael", "Sara", "Tomás", "Uma", "Vikram", "Wen", "Yusuf"]
PLACES = ["Main office", "Café Central", "Reception", "Lobby", "Client site", "Hotel lobby", "Clinic", "Studio",
          "Home visit", "Salão", "Praxis", "Cabinet", "Consultorio", "Kantoor", "Gabinet"]
ADDRESSES = {
    "DE": "Friedrichstraße 123, 10117 Berlin", "AT": "Kärntner Straße 12, 1010 Wien", "CH": "Bahnhofstrasse 21, 8001 Zürich",
    "GB": "221B Baker Street, London NW1 6XE", "US": "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
    "NL": "Damrak 1, 1012 LG Amsterdam", "BR": "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
    "FR": "12 rue de Rivoli, 75004 Paris", "ES": "Calle de Alcalá 48, 28014 Madrid", "IT": "Via del Corso 101, 00186 Roma",
    "PL": "ul. Marszałkowska 10, 00-590 Warszawa", "JP": "〒100-0005 東京都千代田区丸の内1-9-1", "IN": "MG Road 42, Bengaluru 560001",
    "CA": "100 Queen St W, Toronto, ON M5H 2N2", "AU": "1 Macquarie St, Sydney NSW 2000", "MX": "Av. Reforma 222, Col. Juárez, 06600 CDMX",
}
LABELS = ["Tel.", "Tel:", "Phone:", "WhatsApp", "Mobile:", "Cel.", "Celular:", "Handy:", "Tél.", "Telefon:", "Телефон:", "電話",
          "Contact:", "Call", "Móvil:", "Whatsapp:", "tel", "Ph."]


def in_text(text, region):
    """A location string holding one number written as `text`."""
    name = rnd.choice(NAMES)
    forms = [
        "{n}",
        "{n}",
        "WhatsApp {n}",
        "Client: {name}, {n}",
        "{n} (mobile)",
        "{label} {n}",
        "{name} {n}",
        "{place} - {label} {n}",
        "{name} ({n})",
        "{n} / {name}",
        "Meet {name} at {place}, {label} {n}",
        "{place}; contact {name} on {n}",
    ]
    if region in ADDRESSES:
        forms.append(ADDRESSES[region] + " — {label} {n}")
        forms.append("{n}, " + ADDRESSES[region])
    return rnd.choice(forms).format(n=text, name=name, place=rnd.choice(PLACES), label=rnd.choice(LABELS))


def two_in_text(a, b):
    """Two numbers in one location, and the numbers messaged. `,` `;` `/` separate two attendees
    (DESIGN.md §16); "or" and "(alt. …)" give one attendee a second number, and the first one
    written is theirs: the second is never messaged as well."""
    n1, n2 = rnd.sample(NAMES, 2)
    form = rnd.choice(["{n1} {a}, {n2} {b}", "{a} / {b}", "{n1}: {a}; {n2}: {b}", "{a} or {b}", "Call {a} (alt. {b})"])
    location = form.format(a=a, b=b, n1=n1, n2=n2)
    return location, ([a, b] if any(sep in form for sep in (",", ";", "/")) else [a])


# ---------------------------------------------------------------- categories

def foreign_or_own(i, region, pools):
    """Mostly the line's own region's numbers; every third line a number of another country."""
    if i % 3 == 2:
        return rnd.choice([pools[r] for r in REGIONS if r != region])
    return pools[region]


def e164_lines(region, pools):
    lines = []
    for i in range(PER_REGION["e164"]):
        pool = foreign_or_own(i, region, pools)
        number = pool[i % len(pool)]
        text = e164(number)
        if i == 10 and len(pool) > 1:
            other = pool[(i + 1) % len(pool)]
            lines.append(two_in_text(text, e164(other)))
        elif i == 11:
            location = "%s (WhatsApp: %s)" % (text, text)
            lines.append((location, [text, text]))
        elif i == 12:
            location = rnd.choice(["Zoom 845 1234 5678, or call %s", "Room 4.012, %s", "Order 2026120612345 - %s",
                                   "06.12.2026 15:30, %s", "%s, https://zoom.us/j/84512345678"]) % text
            lines.append((location, [text]))
        else:
            lines.append((in_text(text, region), [text]))
    return lines


def international_variants(number, region):
    text = international(number)
    cc = str(number.country_code)
    rest = text[len(cc) + 2:]  # after "+CC "
    nsn = phonenumbers.national_significant_number(number)
    md = PhoneMetadata.metadata_for_region(phonenumbers.region_code_for_number(number))
    variants = [
        text,
        text,
        "+%s-%s" % (cc, re.sub(r"[ ]", "-", rest)),
        "+%s.%s" % (cc, re.sub(r"[ -]", ".", rest)),
        "+%s %s" % (cc, " ".join(nsn[i:i + 3] for i in range(0, len(nsn), 3))),
        "(+%s) %s" % (cc, rest),
    ]
    groups = re.split(r"[ -]", rest, maxsplit=1)
    if len(groups) == 2:
        variants.append("+%s (%s) %s" % (cc, groups[0], groups[1]))
    if md.national_prefix == "0" and not nsn.startswith("0"):
        variants.append("+%s (0)%s" % (cc, rest))
        variants.append("+%s (0) %s" % (cc, rest))
    idd = dialing_prefix(region)
    if idd:
        variants.append("%s %s %s" % (idd, cc, rest))
        variants.append("%s%s%s" % (idd, cc, nsn))
    return variants


def international_variant(number, region):
    """One of the international spellings of `number` that the oracle reads as the number itself.

    Spellings the oracle reads otherwise are left out (e.g. "00 852 ..." read in HK, where 008 is
    itself an international prefix; "+57 (0) 321 ..." for a Colombian mobile): they test
    phonenumbers' quirks more than the service."""
    variants = [v for v in international_variants(number, region) if oracle(v, region) == e164(number)]
    return rnd.choice(variants)


def international_lines(region, pools):
    lines = []
    for i in range(PER_REGION["international"]):
        pool = foreign_or_own(i, region, pools)
        number = pool[i % len(pool)]
        digits = e164(number)[1:]
        if i in (3, 9):
            link = rnd.choice(["https://wa.me/%s", "wa.me/%s", "https://wa.me/%s?text=Hi", "https://api.whatsapp.com/send?phone=%s"]) % digits
            location = rnd.choice(["{l}", "WhatsApp: {l}", "{name} {l}"]).format(l=link, name=rnd.choice(NAMES))
            lines.append((location, ["+" + digits]))
            continue
        text = international_variant(number, region)
        if i == 14 and len(pool) > 1:
            other = international_variant(pool[(i + 1) % len(pool)], region)
            lines.append(two_in_text(text, other))
        else:
            lines.append((in_text(text, region), [text]))
    return lines


def national_variants(number):
    text = national(number)
    variants = [text, text, text, re.sub(r"[ ()\-]", "", text)]
    if " " in text:
        variants.append(text.replace(" ", "-"))
        variants.append(text.replace(" ", "."))
    if "-" in text:
        variants.append(text.replace("-", " "))
    return variants


def national_lines(region, pools):
    pool = pools[region]
    lines = []
    for i in range(PER_REGION["national"]):
        number = pool[i % len(pool)]
        text = rnd.choice(national_variants(number))
        if i == 12 and len(pool) > 1:
            other = national(pool[(i + 1) % len(pool)])
            lines.append(two_in_text(text, other))
        else:
            lines.append((in_text(text, region), [text]))
    return lines


def mutate(number):
    """Digits of a national significant number with a few digits dropped, added or replaced."""
    nsn = phonenumbers.national_significant_number(number)
    how = rnd.choice(("drop1", "drop1", "drop2", "add1", "add1", "add2", "prefix"))
    if how == "drop1":
        return nsn[:-1]
    if how == "drop2":
        return nsn[:-2]
    if how == "add1":
        return nsn + rnd.choice("0123456789")
    if how == "add2":
        return nsn + rnd.choice("0123456789") + rnd.choice("0123456789")
    return rnd.choice("0123456789") + nsn[1:]


def impossible_lines(region, pools):
    pool = pools[region]
    lines = []
    cc = pool[0].country_code
    for i in range(PER_REGION["impossible"]):
        if i == 9:
            # Valid numbers of a type that gets no message (toll-free, premium rate, shared cost, VoIP, ...).
            others = [n for n in (phonenumbers.example_number_for_type(region, t) for t in OTHER_TYPES) if n is not None]
            if others:
                number = rnd.choice(others)
                text = rnd.choice([e164(number), international(number), national(number)])
                lines.append((in_text(text, region), [text]))
                continue
        digits = mutate(pool[i % len(pool)])
        style = rnd.choice(("e164", "e164", "international", "national", "national"))
        if style == "e164":
            text = "+%d%s" % (cc, digits)
        elif style == "international":
            text = "+%d %s" % (cc, " ".join(digits[j:j + 3] for j in range(0, len(digits), 3)))
        else:
            prefix = PhoneMetadata.metadata_for_region(region).national_prefix or ""
            if digits.startswith("0"):
                prefix = ""
            body = prefix + digits
            text = " ".join(body[j:j + 4] for j in range(0, len(body), 4))
        lines.append((in_text(text, region), [text]))
    return lines


# ---------------------------------------------------------------- non-phone digits

def d(n):
    return "".join(rnd.choice("0123456789") for _ in range(n))


def d1(n):
    return rnd.choice("123456789") + d(n - 1)


def phone_shaped(region):
    """Digits that phonenumbers would take for a valid national number of `region` if they stood alone."""
    return phonenumbers.national_significant_number(rnd.choice(valid_pool(region, PhoneNumberType.MOBILE, 4) or [phonenumbers.example_number(region)]))


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def non_phone(region):
    y = rnd.choice((2025, 2026, 2027))
    mo, da, hh, mi = rnd.randint(1, 12), rnd.randint(1, 28), rnd.randint(7, 20), rnd.choice((0, 15, 30, 45))
    h12 = hh % 12 or 12
    ampm = "am" if hh < 12 else "pm"
    makers = [
        # IP addresses and ports
        lambda: "%d.%d.%d.%d" % (rnd.randint(10, 223), rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254)),
        lambda: "Server 192.168.%d.%d:%d" % (rnd.randint(0, 255), rnd.randint(1, 254), rnd.choice((8080, 443, 5432, 3000))),
        lambda: "VPN 10.%d.%d.%d" % (rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254)),
        lambda: "Host 2001:db8:%x::%x" % (rnd.randint(1, 65535), rnd.randint(1, 65535)),
        # postcodes
        lambda: "CEP %s-%s, São Paulo" % (d(5), d(3)),
        lambda: "Av. Paulista, %d - %s-%s" % (rnd.randint(1, 2999), d(5), d(3)),
        lambda: "San Francisco, CA %s-%s" % (d1(5), d(4)),
        lambda: "%d Market St, Suite %d, ZIP %s" % (rnd.randint(1, 9999), rnd.randint(100, 999), d1(5)),
        lambda: "London %s" % rnd.choice(["SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"]),
        lambda: "Damrak %d, %s %s Amsterdam" % (rnd.randint(1, 99), d1(4), rnd.choice(["AB", "LG", "XZ", "KL"])),
        lambda: "Hauptstraße %d, %s Berlin" % (rnd.randint(1, 250), d1(5)),
        lambda: "%s %s" % (d1(5), rnd.choice(["München", "Hamburg", "Köln", "Paris", "Madrid", "Milano", "Lyon"])),
        lambda: "ul. Długa %d, %s-%s Gdańsk" % (rnd.randint(1, 99), d(2), d(3)),
        lambda: "〒%s-%s 東京都" % (d(3), d(4)),
        lambda: "Toronto, ON M5V 3L9, unit %d" % rnd.randint(100, 4999),
        lambda: "Bengaluru %s, Block %d" % (d1(6), rnd.randint(1, 9)),
        # dates and times
        lambda: "%d-%02d-%02d %02d:%02d" % (y, mo, da, hh, mi),
        lambda: "%02d.%02d.%d" % (da, mo, y),
        lambda: "%02d/%02d/%d %d%s" % (mo, da, y, h12, ampm),
        lambda: "%02d/%02d/%d - %02d/%02d/%d" % (da, mo, y, da, mo, y),
        lambda: "%d-%02d-%02dT%02d:%02d:00+01:00" % (y, mo, da, hh, mi),
        lambda: "%d-%02d-%02dT%02d:%02d:00-05:00" % (y, mo, da, hh, mi),
        lambda: "%d%02d%02d %02d%02d" % (y, mo, da, hh, mi),
        lambda: "%d %s %d, %d:%02d %s" % (da, MONTHS[mo - 1], y, h12, mi, ampm.upper()),
        lambda: "%02d:%02d-%02d:%02d" % (hh, mi, hh + 1, mi),
        lambda: "%02d.%02d.%d %02d:%02d – %02d:%02d Uhr" % (da, mo, y, hh, mi, hh + 2, mi),
        lambda: "%d年%d月%d日 %d:%02d" % (y, mo, da, hh, mi),
        # order / invoice / reference / account / ticket numbers
        lambda: "Order no. %s" % d1(13),
        lambda: "Invoice #INV-%d-%s" % (y, d(6)),
        lambda: "Ref: %s" % d1(9),
        lambda: "Ref. %s" % phone_shaped(region),
        lambda: "Pedido %s" % d1(8),
        lambda: "Pedido nº %s" % phone_shaped(region),
        lambda: "Bestellnr. %s" % d1(9),
        lambda: "Rechnung %d-%s" % (y, d1(4)),
        lambda: "Kundennummer %s" % phone_shaped(region),
        lambda: "Commande n° %s" % d1(10),
        lambda: "Numéro de dossier %s" % phone_shaped(region),
        lambda: "Ordine %s" % d1(11),
        lambda: "Zamówienie nr %s" % d1(10),
        lambda: "Ticket #%s" % d1(7),
        lambda: "Case %s" % d1(8),
        lambda: "Booking ref %s" % phone_shaped(region),
        lambda: "Account %s" % d1(12),
        lambda: "Conta %s-%s" % (d1(5), d(1)),
        lambda: "Reservation %s, %d guests" % (d1(10), rnd.randint(1, 8)),
        lambda: "Tracking: 1Z%s" % d(16),
        lambda: "Sendungsnummer %s" % d1(14),
        lambda: "Flight LH %d, seat %d%s" % (rnd.randint(100, 2999), rnd.randint(1, 45), rnd.choice("ABCDEF")),
        lambda: "Customer ID %s" % phone_shaped(region),
        # meetings
        lambda: "Zoom %s %s %s (passcode %s)" % (d1(3), d(4), d(4), d(6)),
        lambda: "Meeting ID: %s %s %s" % (d1(3), d(4), d(4)),
        lambda: "Meeting ID: %s %s %s" % (d1(3), d(3), d(4)),
        lambda: "Zoom meeting ID %s, Passcode: %s" % (d1(11), d(6)),
        lambda: "Teams: %s %s %s %s, Passcode: %s" % (d1(3), d(3), d(3), d(3), rnd.choice(["abc123", "Xy7kLm", "9pQr2s"])),
        lambda: "Microsoft Teams meeting, Meeting ID: %s %s %s %s" % (d1(3), d(3), d(3), d(3)),
        lambda: "Webex access code %s %s %s" % (d1(4), d(3), d(4)),
        lambda: "Webex meeting number: %s %s %s" % (d1(4), d(3), d(4)),
        lambda: "meet.google.com/%s-%s-%s" % ("".join(rnd.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(3)), "".join(rnd.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(4)), "".join(rnd.choice("abcdefghijkmnpqrstuvwxyz") for _ in range(3))),
        lambda: "https://zoom.us/j/%s?pwd=%s" % (d1(11), "".join(rnd.choice("abcdefXYZ0123456789") for _ in range(16))),
        lambda: "https://us02web.zoom.us/j/%s" % d1(10),
        lambda: "https://zoom.us/j/%s" % phone_shaped(region),
        lambda: "https://teams.microsoft.com/l/meetup-join/19%%3ameeting_%s%%40thread.v2/0?context=%s" % ("".join(rnd.choice("abcdefXYZ") for _ in range(20)), d(12)),
        lambda: "https://example.com/orders/%s" % d1(13),
        lambda: "https://shop.example/track?id=%s&ts=%s" % (phone_shaped(region), d1(10)),
        lambda: "https://maps.google.com/?q=%d.%s,%d.%s" % (rnd.randint(-60, 60), d(6), rnd.randint(-150, 150), d(6)),
        lambda: "PIN %s" % d1(8),
        lambda: "PIN: %s#" % d(6),
        lambda: "Dial-in passcode %s" % d1(9),
        lambda: "Conference room %d, access code %s" % (rnd.randint(100, 999), d1(6)),
        # prices, IBAN, rooms, coordinates, misc
        lambda: "Price €%d.%03d,%02d" % (rnd.randint(1, 99), rnd.randint(0, 999), rnd.randint(0, 99)),
        lambda: "Total USD %d,%03d.%02d" % (rnd.randint(1, 999), rnd.randint(0, 999), rnd.randint(0, 99)),
        lambda: "R$ %d.%03d,%02d" % (rnd.randint(1, 99), rnd.randint(0, 999), rnd.randint(0, 99)),
        lambda: "Fee %d %03d ₽" % (rnd.randint(1, 99), rnd.randint(0, 999)),
        lambda: "IBAN DE%s %s %s %s %s %s" % (d(2), d(4), d(4), d(4), d(4), d(2)),
        lambda: "IBAN: GB%sNWBK%s%s" % (d(2), d(6), d(8)),
        lambda: "BIC COBADEFFXXX, Konto %s" % d1(10),
        lambda: "Room %d.%03d, Floor %d" % (rnd.randint(1, 9), rnd.randint(1, 999), rnd.randint(1, 30)),
        lambda: "Raum %d.%02d, %d. OG" % (rnd.randint(1, 5), rnd.randint(1, 60), rnd.randint(1, 9)),
        lambda: "Building %d, Gate %d, Level %d" % (rnd.randint(1, 99), rnd.randint(1, 40), rnd.randint(1, 9)),
        lambda: "%d.%04d, %d.%04d" % (rnd.randint(-60, 60), rnd.randint(0, 9999), rnd.randint(-150, 150), rnd.randint(0, 9999)),
        lambda: "GPS %d.%s°N %d.%s°E" % (rnd.randint(0, 60), d(5), rnd.randint(0, 150), d(5)),
        lambda: "Parking spot %d, plate B-AB %d" % (rnd.randint(1, 500), rnd.randint(1, 9999)),
        lambda: "VAT DE%s" % d1(9),
        lambda: "CNPJ %s.%s.%s/0001-%s" % (d(2), d(3), d(3), d(2)),
        lambda: "CPF %s.%s.%s-%s" % (d(3), d(3), d(3), d(2)),
        lambda: "ISBN 978-%d-%s-%s-%d" % (rnd.randint(0, 9), d(3), d(5), rnd.randint(0, 9)),
        lambda: "Serial %s-%s-%s" % (d(4), d(4), d(4)),
        lambda: "%d people, %d%% deposit" % (rnd.randint(2, 40), rnd.choice((10, 20, 25, 50))),
    ]
    return rnd.choice(makers)()


# ---------------------------------------------------------------- main

def clean(location):
    assert "\t" not in location and "\n" not in location, location
    return location


def build():
    rows = []
    pools = {}
    for region in REGIONS:
        pool = numbers_for(region)
        if not pool:
            sys.exit("no valid mobile or fixed-line example for %s" % region)
        pools[region] = pool
    for category, maker in (("e164", e164_lines), ("international", international_lines),
                            ("national", national_lines), ("impossible", impossible_lines)):
        for region in REGIONS:
            for location, texts in maker(region, pools):
                rows.append((category, region, clean(location), expected_of(texts, region)))
    for i in range(NON_PHONE_LINES):
        region = REGIONS[i % len(REGIONS)]
        rows.append(("non_phone", region, clean(non_phone(region)), ""))
    return rows


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=os.path.join(root, "Tests", "Fixtures", "phones", "corpus.tsv"),
                        help="file to write, or - for stdout")
    args = parser.parse_args()
    rows = build()
    text = "category\tregion\tlocation\texpected\n" + "".join("\t".join(row) + "\n" for row in rows)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        os.makedirs(os.path.dirname(args.output), exist_ok=True)
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    counts = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    print("phonenumbers %s: %d lines %s" % (phonenumbers.__version__, len(rows), counts), file=sys.stderr)


if __name__ == "__main__":
    main()
