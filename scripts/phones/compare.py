#!/usr/bin/env python3
"""Compare the service's phone reader with the phonenumbers oracle on Tests/Fixtures/phones/corpus.tsv.

    python3 scripts/phones/compare.py .build/debug/gcal-whatsapp phones --tsv
    python3 scripts/phones/compare.py --reading reading.txt     # that command's output, saved

The command reads "REGION<TAB>location" lines on stdin and prints, one line per input line, the
E.164 numbers it would message, comma-separated (an empty line for none). A line agrees when it
names the same numbers as the corpus's `expected` column (order ignored). Exits 1 when a threshold
below fails, 2 on a usage or input error.
"""
import argparse
import os
import subprocess
import sys

# Share of lines that must agree, per category, in percent.
# e164: "+<digits>" leaves nothing to interpret but validity; 99.5 % allows ~3 of ~690 lines for
#   libphonenumber quirks (national prefix stripped after the country code, e.g. "+7 8...").
E164_MIN_AGREE = 99.5
# international: separators, "(0)", "00"/"011"-style prefixes and wa.me links add ways to differ;
#   1 % allows ~8 of ~800 lines.
INTERNATIONAL_MIN_AGREE = 99.0
# national: needs the default region's national prefix and its exceptions (Argentina's "15" mobile
#   infix, Mexico and Colombia without a prefix, Italy's leading 0 kept); 2 % allows ~14 of ~690 lines.
NATIONAL_MIN_AGREE = 98.0
# impossible: a message to an invalid number is a message to a stranger or a failed send; at most
#   1 % of the lines the oracle rejects may be sent (that is ~5 of ~470).
IMPOSSIBLE_MAX_SENT_WHEN_INVALID = 1.0
# non_phone: order numbers, meeting ids, postcodes and dates are never recipients; not one may be sent.
NON_PHONE_MAX_SENT = 0

CATEGORIES = ("e164", "international", "national", "impossible", "non_phone")
EXAMPLES_PER_CATEGORY = 10


def read_corpus(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["category", "region", "location", "expected"]:
            sys.exit("%s: unexpected header %r" % (path, header))
        for number, line in enumerate(f, start=2):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 4:
                print("%s:%d: expected 4 fields, got %d" % (path, number, len(fields)), file=sys.stderr)
                sys.exit(2)
            rows.append(fields)
    return rows


def numbers(field):
    return [n for n in field.strip().split(",") if n.strip()] if field.strip() else []


def reading_from_command(command, rows):
    stdin = "".join("%s\t%s\n" % (region, location) for _, region, location, _ in rows)
    try:
        done = subprocess.run(command, input=stdin.encode("utf-8"), stdout=subprocess.PIPE, check=False)
    except OSError as error:
        print("cannot run %s: %s" % (" ".join(command), error), file=sys.stderr)
        sys.exit(2)
    if done.returncode != 0:
        print("%s exited with status %d" % (" ".join(command), done.returncode), file=sys.stderr)
        sys.exit(2)
    return done.stdout.decode("utf-8")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=os.path.join(root, "Tests", "Fixtures", "phones", "corpus.tsv"))
    parser.add_argument("--reading", help="file with the reader's output, instead of running a command")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the reader command and its arguments")
    args = parser.parse_args()
    if bool(args.reading) == bool(args.command):
        parser.error("give either a command or --reading FILE")

    rows = read_corpus(args.corpus)
    if args.reading:
        with open(args.reading, encoding="utf-8") as f:
            output = f.read()
    else:
        output = reading_from_command(args.command, rows)
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(rows):
        print("the reader gave %d lines for %d corpus lines" % (len(lines), len(rows)), file=sys.stderr)
        sys.exit(2)

    stats = {c: {"lines": 0, "agree": 0, "sent_none": 0, "missed": 0, "different": 0, "oracle_none": 0} for c in CATEGORIES}
    examples = {c: [] for c in CATEGORIES}
    for (category, region, location, expected), got in zip(rows, lines):
        if category not in stats:
            print("unknown category %r" % category, file=sys.stderr)
            sys.exit(2)
        want, have = numbers(expected), numbers(got)
        s = stats[category]
        s["lines"] += 1
        if not want:
            s["oracle_none"] += 1
        if set(want) == set(have):
            s["agree"] += 1
            continue
        if not want:
            s["sent_none"] += 1
            kind = "sent, oracle none"
        elif not have:
            s["missed"] += 1
            kind = "not sent, oracle valid"
        else:
            s["different"] += 1
            kind = "different"
        if len(examples[category]) < EXAMPLES_PER_CATEGORY:
            examples[category].append("  %-22s %s  %r\n      expected [%s]  got [%s]" % (kind, region, location, expected, got.strip()))

    def pct(part, whole):
        return 100.0 * part / whole if whole else 100.0

    print("%-14s %6s %6s %8s %10s %10s %10s" % ("category", "lines", "agree", "agree %", "sent/none", "missed", "different"))
    for c in CATEGORIES:
        s = stats[c]
        print("%-14s %6d %6d %7.2f%% %10d %10d %10d" % (c, s["lines"], s["agree"], pct(s["agree"], s["lines"]), s["sent_none"], s["missed"], s["different"]))
    print("(sent/none: sent but the oracle says none; missed: not sent but the oracle says valid; different: both sent, other numbers)")

    for c in CATEGORIES:
        if examples[c]:
            print("\n%s: disagreements (up to %d)" % (c, EXAMPLES_PER_CATEGORY))
            print("\n".join(examples[c]))

    failures = []
    for c, minimum in (("e164", E164_MIN_AGREE), ("international", INTERNATIONAL_MIN_AGREE), ("national", NATIONAL_MIN_AGREE)):
        share = pct(stats[c]["agree"], stats[c]["lines"])
        if share < minimum:
            failures.append("%s: %.2f %% agree, below %.1f %%" % (c, share, minimum))
    s = stats["impossible"]
    share = pct(s["sent_none"], s["oracle_none"]) if s["oracle_none"] else 0.0
    if share > IMPOSSIBLE_MAX_SENT_WHEN_INVALID:
        failures.append("impossible: %.2f %% of invalid numbers sent, above %.1f %%" % (share, IMPOSSIBLE_MAX_SENT_WHEN_INVALID))
    s = stats["non_phone"]
    sent = s["lines"] - s["agree"]
    if sent > NON_PHONE_MAX_SENT:
        failures.append("non_phone: %d lines sent, %d allowed" % (sent, NON_PHONE_MAX_SENT))
    if any(stats[c]["lines"] == 0 for c in CATEGORIES):
        failures.append("categories without lines: %s" % ", ".join(c for c in CATEGORIES if stats[c]["lines"] == 0))

    print()
    if failures:
        print("FAIL")
        for f in failures:
            print("  " + f)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
