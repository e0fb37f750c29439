#!/usr/bin/env python3
"""Reads an iCalendar feed on stdin with the icalendar library and prints it as JSON for tst_calendar:
{"prodid","version","timezones":[TZID…],"events":[{"uid","summary","user_id","tzid","start","end"}]} where start
and end are the event's DTSTART/DTEND converted to UTC (RFC 3339, "Z")."""
import datetime
import json
import re
import sys

import icalendar


def local_until(text):
    """icalendar 4.0 (Debian 12) cannot expand a VTIMEZONE rule whose UNTIL is in UTC, which RFC 5545 requires
    (dateutil refuses a UTC UNTIL with the rule's local DTSTART). Rewrite each such UNTIL as the same instant in the
    observance's local time (UTC + TZOFFSETFROM), which dateutil accepts and which bounds the rule identically."""
    out, block = [], None
    for line in text.split("\r\n"):
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            block = [line]
            continue
        if block is None:
            out.append(line)
            continue
        block.append(line)
        if line in ("END:STANDARD", "END:DAYLIGHT"):
            offset = next(l.split(":", 1)[1] for l in block if l.startswith("TZOFFSETFROM:"))
            sign = -1 if offset.startswith("-") else 1
            delta = sign * datetime.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]),
                                              seconds=int(offset[5:7] or 0))

            def to_local(m):
                until = datetime.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S") + delta
                return "UNTIL=" + until.strftime("%Y%m%dT%H%M%S")

            out.extend(re.sub(r"UNTIL=(\d{8}T\d{6})Z", to_local, l) if l.startswith("RRULE:") else l
                       for l in block)
            block = None
    return "\r\n".join(out)


def utc(value):
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        raise SystemExit("DTSTART/DTEND must be a date-time with a zone, not %r" % (value,))
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    text = sys.stdin.buffer.read().decode("utf-8")
    # Unfold first (RFC 5545 3.1), so that every property is one line.
    text = re.sub(r"\r\n[ \t]", "", text)
    cal = icalendar.Calendar.from_ical(local_until(text))
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.get("DTSTART")
        events.append({
            "uid": str(ev.get("UID")),
            "summary": str(ev.get("SUMMARY")),
            "user_id": str(ev.get("X-VIGIL-USER-ID")),
            "tzid": str(start.params.get("TZID", "")),
            "dtstamp": utc(ev.decoded("DTSTAMP")),
            "start": utc(ev.decoded("DTSTART")),
            "end": utc(ev.decoded("DTEND")),
        })
    json.dump({"prodid": str(cal.get("PRODID")), "version": str(cal.get("VERSION")),
               "timezones": [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")], "events": events},
              sys.stdout, indent=1)


if __name__ == "__main__":
    main()
