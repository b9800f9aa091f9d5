"""Who may see what: the three roles of the portal, kept in one place.

OPCC staff (officers and the performance lead) see drafts, restricted content and papers under
embargo; panel members and the public see only what the OPCC has published. Every queryset's
`visible_to(user)` asks `is_opcc_staff` so that the rule lives here once.
"""

from django.contrib.auth.models import AnonymousUser

OFFICER = "OPCC officer"
PERFORMANCE_LEAD = "Performance lead"
PANEL_MEMBER = "Panel member"
ROLES = (OFFICER, PERFORMANCE_LEAD, PANEL_MEMBER)


def _group_names(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_pcc_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._pcc_group_names = cached
    return cached


def is_opcc_staff(user) -> bool:
    """Officers, the performance lead and superusers: may see unpublished material."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & {OFFICER, PERFORMANCE_LEAD})


def is_performance_lead(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or PERFORMANCE_LEAD in _group_names(user)


def is_panel_member(user) -> bool:
    return PANEL_MEMBER in _group_names(user)


def wants_drafts(request) -> bool:
    """OPCC staff may switch on the 'show drafts' view with ?drafts=1; nobody else can."""
    return is_opcc_staff(request.user) and request.GET.get("drafts") == "1"


def roles_context(request):
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "is_opcc_staff": is_opcc_staff(user),
        "is_performance_lead": is_performance_lead(user),
        "is_panel_member": is_panel_member(user),
        "show_drafts": wants_drafts(request) if hasattr(request, "GET") else False,
    }
