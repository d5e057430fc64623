"""Who may do what to a nomination, a council session and its dossier, state included: one
predicate serves the page, its button and the service.

- The head of a unit proposes its awards (seed 000: the principal signs the Tờ trình):
  creates nominations of the unit or of its people, changes them and sends them to the
  council while they are drafts.
- The unit's award officer, or the tenant administrator, holds the unit's council: opens a
  session, keeps its members, attendance and ballots while it votes, records the result,
  produces the dossier once the result is recorded, and records the decision once.
- The head of a unit, its award officer or the tenant administrator recognises initiatives
  of the unit and of the units below it by a decision (Quyết định công nhận sáng kiến):
  drafts it, changes it while it is a draft, issues it once (then it no longer changes).
- Conduct records are `units.rules.can_record_conduct` (the person's page belongs to units);
  `require_conduct` gives the services its refusal.
`SYSTEM` (units.permissions) may do all of it; an actor of None raises `MissingActor`.
Seeing a nomination or a session at all is decided by `awards.selectors`; these rules come
after it. The `require_*` functions raise PermissionDenied with the words the page shows;
a service then checks the state and refuses a wrong one with a ValidationError.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from units.models import Person, Role, Unit
from units.permissions import Actor, heads, holds_at, is_system, is_tenant_admin
from units.rules import can_record_conduct

from .models import CouncilSession, Nomination, Recognition

# --- Nominations ---


def can_nominate(user: Actor, unit: Unit) -> bool:
    """Propose `unit`'s awards: its head."""
    return is_system(user) or heads(user, unit)


def require_nominate(user: Actor, unit: Unit) -> None:
    if not can_nominate(user, unit):
        raise PermissionDenied(_("Only the unit's head proposes its awards."))


def can_edit_nomination(user: Actor, nomination: Nomination) -> bool:
    """Change the nomination: a draft, by the head of its unit."""
    return nomination.is_draft and can_nominate(user, nomination.unit)


def can_submit_nomination(user: Actor, nomination: Nomination) -> bool:
    """Send the nomination to the council (the service refuses it while it is not eligible,
    with every reason): a draft, by the head of its unit."""
    return can_edit_nomination(user, nomination)


# --- The council ---


def can_run_council(user: Actor, unit: Unit) -> bool:
    """Hold `unit`'s council: the unit's award officer, or the tenant administrator."""
    if is_system(user):
        return True
    return holds_at(user, unit, Role.AWARD_OFFICER, Role.TENANT_ADMIN) or is_tenant_admin(
        user, unit.tenant_id
    )


def require_council(user: Actor, unit: Unit) -> None:
    if not can_run_council(user, unit):
        raise PermissionDenied(_("Only the unit's award officer runs its council."))


def can_record_votes(user: Actor, session: CouncilSession) -> bool:
    """Change the members and their attendance, record the ballots and then the result:
    while the council votes."""
    return session.is_open and can_run_council(user, session.unit)


def can_produce_dossier(user: Actor, session: CouncilSession) -> bool:
    """Number and render the award dossier (again): once the result is recorded."""
    return not session.is_open and can_run_council(user, session.unit)


def can_record_decision(user: Actor, session: CouncilSession) -> bool:
    """Record the award decision: after the result, once."""
    return session.awaits_decision and can_run_council(user, session.unit)


# --- Recognition of initiatives ---


def can_recognise(user: Actor, unit: Unit) -> bool:
    """Recognise initiatives of `unit`'s subtree by a decision of `unit`: its head (who
    signs it), or whoever holds its council (its award officer, the tenant administrator)."""
    return can_nominate(user, unit) or can_run_council(user, unit)


def require_recognise(user: Actor, unit: Unit) -> None:
    if not can_recognise(user, unit):
        raise PermissionDenied(
            _("Only the unit's head or its award officer recognises its initiatives.")
        )


def can_edit_recognition(user: Actor, recognition: Recognition) -> bool:
    """Change the decision's date, signer and initiatives, or discard it: while a draft."""
    return recognition.is_draft and can_recognise(user, recognition.unit)


def can_issue_recognition(user: Actor, recognition: Recognition) -> bool:
    """Number the decision from the unit's register and render it: a draft, once."""
    return can_edit_recognition(user, recognition)


def can_render_recognition(user: Actor, recognition: Recognition) -> bool:
    """Render the issued decision's PDF again (a render that failed)."""
    return recognition.is_issued and can_recognise(user, recognition.unit)


# --- Conduct records ---


def require_conduct(user: Actor, person: Person) -> None:
    if not can_record_conduct(user, person):
        raise PermissionDenied(
            _(
                "Only the tenant administrator, the head of the person's unit and the award "
                "officers above it record conduct."
            )
        )
