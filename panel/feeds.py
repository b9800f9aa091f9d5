"""The iCalendar feed of upcoming meetings (/panel/meetings.ics)."""

import datetime as dt

from django.conf import settings
from icalendar import Calendar, Event

from pcc_portal.identity import site_identity

from .models import AgendaItem, Meeting, MeetingStatus

# A meeting without an agreed time is a whole-day event; one with a time lasts about this long.
MEETING_LENGTH = dt.timedelta(hours=2)


def meetings_calendar(*, user, base_url: str) -> bytes:
    """Upcoming meetings as an iCalendar file; agenda titles only where `user` may see them."""
    meetings = list(Meeting.objects.upcoming().order_by("date", "time"))
    items = {}
    for item in (
        AgendaItem.objects.visible_to(user)
        .filter(meeting__in=meetings)
        .order_by("meeting", "position")
    ):
        items.setdefault(item.meeting_id, []).append(item)
    calendar = Calendar()
    site = site_identity()
    calendar.add("prodid", f"-//{site.short_name}//Police and Crime Panel meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", site.panel)
    for meeting in meetings:
        calendar.add_component(_event(meeting, items.get(meeting.pk, []), base_url))
    return calendar.to_ical()


def _event(meeting, items, base_url) -> Event:
    event = Event()
    url = base_url.rstrip("/") + meeting.get_absolute_url()
    event.add("uid", f"panel-meeting-{meeting.pk}@{settings.HOME_FORCE.lower()}-opcc")
    event.add("summary", meeting.get_body_display())
    if meeting.starts_at:
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.starts_at + MEETING_LENGTH)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    lines = []
    if meeting.status == MeetingStatus.RESCHEDULED:
        lines.append(f"Rescheduled to {meeting.rescheduled_to:%-d %B %Y}.")
    if meeting.note:
        lines.append(meeting.note)
    if items:
        lines.append("Agenda:")
        lines.extend(f"{item.label}. {item.title}" for item in items)
    if meeting.webcast_url:
        lines.append(f"Webcast: {meeting.webcast_url}")
    lines.append(f"Papers: {url}")
    event.add("description", "\n".join(lines))
    return event
