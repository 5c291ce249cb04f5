from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from .models import LearnerProfile


def learner_required(view):
    """Require a logged-in learner with a profile; send others to onboarding."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not LearnerProfile.objects.filter(user=request.user).exists():
            return redirect(
                f"{reverse('academy:profile')}?next={request.get_full_path()}"
            )
        return view(request, *args, **kwargs)

    return wrapper
