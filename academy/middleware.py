"""Show every date and time in the time zone of the person asking."""

from django.conf import settings
from django.utils import timezone

from .timezones import SESSION_KEY, time_zone_remember, zone


class TimeZoneMiddleware:
    """Activate the person's time zone for the request; visitors get TIME_ZONE.

    Place it after AuthenticationMiddleware. The zone is read from the session,
    where logging in and saving the profile put it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(zone(self._zone_name(request)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def _zone_name(self, request) -> str:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return settings.TIME_ZONE
        name = request.session.get(SESSION_KEY)
        if name is None:
            # A session from before the zone was remembered: look it up once.
            name = time_zone_remember(request=request, user=user)
        return name
