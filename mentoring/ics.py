"""An iCalendar (.ics) event for a pair's next check-in (RFC 5545)."""

from datetime import date, datetime, timedelta

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
    *, uid: str, day: date, summary: str, description: str, url: str, now: datetime
) -> str:
    """Return a one-event calendar for an all-day check-in reminder."""
    calendar = Calendar()
    calendar.add("prodid", "-//Cross-Sector Leadership Academy//Mentoring//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", _Text(summary))
    event.add("description", _Text(description))
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical().decode()
