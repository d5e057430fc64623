"""Who may do what in the notifications app."""

from __future__ import annotations

from units.permissions import Actor, administers


def can_manage_notifications(actor: Actor, tenant_id: int | None) -> bool:
    """The tenant's default channels, and the e-mails that could not be delivered."""
    return tenant_id is not None and administers(actor, tenant_id)
