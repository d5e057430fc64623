from .models import Role
from .permissions import is_tenant_admin
from .selectors import user_memberships


def acting_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = user_memberships(user)
    roles = {m.role for m in memberships}
    membership = request.membership if memberships else None
    return {
        "acting_membership": membership,
        "memberships": memberships,
        "nav": {
            "is_tenant_admin": is_tenant_admin(user),
            "is_reviewer": bool(roles & {Role.REVIEWER, Role.TENANT_ADMIN}),
            "is_award_officer": Role.AWARD_OFFICER in roles,
        },
    }
