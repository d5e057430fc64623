"""Every write to initiatives: one service per transition, each checking the actor's right
(`initiatives.rules`) and the state, writing the new state and an audit row in one
transaction.

    draft ──submit──▶ submitted ──accept──▶ accepted ──forward──▶ submitted (upper level)
                        │   ▲
                 return │   │ resubmit
                        ▼   │
                      returned          submitted ──reject──▶ rejected

A consolidation gathers the accepted items of a level; forwarding it moves each item to the
review of the plan above (`review_deadline`), where the same transitions apply again.

The services live in one module per concept; this package re-exports them, so callers write
`from initiatives import services; services.initiative_submit(...)`:
- `registration`: Mẫu 1 created, updated, submitted, and decided (return, accept, reject);
- `consolidation`: a level's list of accepted items, forwarded to the plan above;
- `scoring`: the reviewers' scores and who is assigned to give them;
- `results`: Mẫu 2 (the result report), its review and its evidence files;
- `replication`: models recommended for replication, and the reports that adopt them;
- `imports`: registrations collected offline, imported from Excel;
- `notices`: who is told of a decision, an assignment or a forwarded list, and in what words
  (notifications written in the transition's transaction);
- `review_work`: each reviewer's one morning message of their waiting work (Celery beat);
- `records`: what they share (the locked row, the audit event, the frozen version, the
  search text, the submit by a deadline: `campaign.submission`).
Reads are in `initiatives.selectors`, who may act in `initiatives.rules`.
"""

from .consolidation import consolidation_create, consolidation_forward
from .imports import registration_import_row, registrations_import
from .registration import (
    DECISIONS,
    initiative_accept,
    initiative_create,
    initiative_reject,
    initiative_return,
    initiative_save_and_submit,
    initiative_submit,
    initiative_update,
    initiatives_decide,
)
from .replication import initiative_recommend, result_report_adopt
from .results import (
    evidence_add,
    evidence_delete,
    result_report_decide,
    result_report_start,
    result_report_submit,
    result_report_update,
)
from .review_work import review_work_remind
from .scoring import assignment_set, score_save

__all__ = [
    "DECISIONS",
    "assignment_set",
    "consolidation_create",
    "consolidation_forward",
    "evidence_add",
    "evidence_delete",
    "initiative_accept",
    "initiative_create",
    "initiative_recommend",
    "initiative_reject",
    "initiative_return",
    "initiative_save_and_submit",
    "initiative_submit",
    "initiative_update",
    "initiatives_decide",
    "registration_import_row",
    "registrations_import",
    "result_report_adopt",
    "result_report_decide",
    "result_report_start",
    "result_report_submit",
    "result_report_update",
    "review_work_remind",
    "score_save",
]
