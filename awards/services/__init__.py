"""The awards app's writes, by concept: eligibility (and its reasons), nominations, the
council and its decision, conduct records, recognition of initiatives. Who may act is
`awards.rules`; each service checks it, then the state. Callers import from here."""

from .conduct import (
    CONDUCT_FIELDS,
    conduct_record_create,
    conduct_record_update,
)
from .council import (
    COUNT_FIELDS,
    DECISION_BUILDER,
    DOSSIER_BUILDER,
    Attendance,
    Tally,
    attendance,
    decision_record,
    dossier_start,
    quorum,
    quorum_error,
    session_close,
    session_members_save,
    session_open,
    tallies,
    vote_base,
    votes_for_total,
    votes_record,
)
from .eligibility import (
    CONDUCT_BREACHES,
    eligibility_by_nomination,
    eligibility_reasons,
    used_reason,
)
from .nominations import (
    nomination_save,
    nomination_submit,
)
from .recognition import (
    RECOGNITION_BUILDER,
    recognition_delete,
    recognition_issue,
    recognition_render_start,
    recognition_save,
)

__all__ = [
    "Attendance",
    "CONDUCT_BREACHES",
    "CONDUCT_FIELDS",
    "COUNT_FIELDS",
    "DECISION_BUILDER",
    "DOSSIER_BUILDER",
    "RECOGNITION_BUILDER",
    "Tally",
    "attendance",
    "conduct_record_create",
    "conduct_record_update",
    "decision_record",
    "dossier_start",
    "eligibility_by_nomination",
    "eligibility_reasons",
    "nomination_save",
    "nomination_submit",
    "quorum",
    "quorum_error",
    "recognition_delete",
    "recognition_issue",
    "recognition_render_start",
    "recognition_save",
    "session_close",
    "session_members_save",
    "session_open",
    "tallies",
    "used_reason",
    "vote_base",
    "votes_for_total",
    "votes_record",
]
