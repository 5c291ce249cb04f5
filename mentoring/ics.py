"""An iCalendar (.ics) event for a pair's next check-in (RFC 5545)."""

from datetime import datetime, timedelta

from icalendar import Calendar, Event, vText


class _Text(vText):
    """TEXT escaped exactly as RFC 5545 says, so every character reads back unchanged.

    icalendar's own escaping reads a literal backslash followed by "N" as a line
    break, and leaves a line break written as a lone CR to be guessed at.
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\r\n", "\n").replace("\r", "\n")
        return (
            text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n")
        ).encode(self.encoding)  # fmt: skip


def checkin_event(
    *, uid: str, start: datetime, minutes: int, summary: str, description: str,
    url: str, now: datetime, meeting_url: str = "",
) -> str:  # fmt: skip
    """Return a one-event calendar for a check-in at its time, in its time zone."""
    calendar = Calendar()
    calendar.add("prodid", "-//Cross-Sector Leadership Academy//Mentoring//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    # A zone-aware start is written with its TZID, and its VTIMEZONE is added.
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=minutes))
    event.add("summary", _Text(summary))
    if meeting_url:
        event.add("location", _Text(meeting_url))
        description = "\n\n".join(filter(None, [description, meeting_url]))
    event.add("description", _Text(description))
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
