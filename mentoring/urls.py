from django.urls import path

from .views import pairs, people, shadowing

app_name = "mentoring"

urlpatterns = [
    path("", pairs.dashboard, name="dashboard"),
    path("request/", people.request_form, name="request"),
    path("request/withdraw/", people.request_withdraw, name="request-withdraw"),
    path("profile/", people.mentor_profile, name="mentor-profile"),
    path("pairs/<int:pk>/", pairs.pair_detail_view, name="pair-detail"),
    path("pairs/<int:pk>/next-checkin.ics", pairs.pair_calendar, name="pair-calendar"),
    path("pairs/<int:pk>/accept/", pairs.pair_accept, name="pair-accept"),
    path("pairs/<int:pk>/decline/", pairs.pair_decline, name="pair-decline"),
    path("pairs/<int:pk>/close/", pairs.pair_close, name="pair-close"),
    path("pairs/<int:pk>/complete/", pairs.pair_complete, name="pair-complete"),
    path("pairs/<int:pk>/checkins/new/", pairs.checkin_create, name="checkin-create"),
    path("pairs/<int:pk>/goals/new/", pairs.goal_create, name="goal-create"),
    path(
        "pairs/<int:pk>/goals/<int:goal_pk>/achieved/",
        pairs.goal_achieved,
        name="goal-achieved",
    ),
    path(
        "pairs/<int:pk>/placement/new/",
        shadowing.placement_create,
        name="placement-create",
    ),
    path(
        "pairs/<int:pk>/placements/<int:placement_pk>/return-visit/new/",
        shadowing.placement_reciprocal_create,
        name="placement-reciprocal-create",
    ),
    path(
        "pairs/<int:pk>/placements/<int:placement_pk>/confirm/",
        shadowing.placement_confirm,
        name="placement-confirm",
    ),
    path(
        "pairs/<int:pk>/placements/<int:placement_pk>/visits/new/",
        shadowing.visit_create,
        name="visit-create",
    ),
    path(
        "pairs/<int:pk>/placements/<int:placement_pk>/feedback/",
        shadowing.host_feedback,
        name="host-feedback",
    ),
]
