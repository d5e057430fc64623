"""A create form makes one object, however often it is sent.

A user who saves a new plan, presses Back and saves again (or clicks Save twice) sends the same
form twice. Each create form carries a one-time token: a hidden field holding a random UUID,
made when the empty form is shown and kept when the form comes back with errors. When the
form creates its object, the view records the token with the object's address in the user's
session; the same form sent again finds its token there and is taken to the object made the
first time, with "Đã tạo trước đó", instead of creating a twin.

    form = PlanForm(request.POST or None)          # the form class uses CreateOnceMixin
    if request.method == "POST":
        if (earlier := created_earlier(request)) is not None:
            return earlier
        ...create...
        remember_created(request, url)
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

TOKEN_FIELD = "form_token"
SESSION_KEY = "created_by_form"
# The session keeps the addresses of the last creations only: enough for Back, bounded.
KEEP = 30


class CreateOnceMixin:
    """Adds the hidden one-time token to a create form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=new_token
        )


def new_token() -> str:
    return uuid.uuid4().hex


def _posted_token(request) -> str | None:
    token = request.POST.get(TOKEN_FIELD, "")
    try:
        return uuid.UUID(token).hex
    except ValueError:
        return None


def created_earlier(request):
    """The redirect to the object this very form created before, or None."""
    token = _posted_token(request)
    url = request.session.get(SESSION_KEY, {}).get(token) if token else None
    if url is None:
        return None
    messages.info(
        request,
        _("Already created: this form was saved before, so nothing new was made."),
    )
    return redirect(url)


def remember_created(request, url: str) -> None:
    """Records that the posted form created the object at `url`."""
    token = _posted_token(request)
    if token is None:
        return
    created = dict(request.session.get(SESSION_KEY, {}))
    created[token] = url
    request.session[SESSION_KEY] = dict(list(created.items())[-KEEP:])
