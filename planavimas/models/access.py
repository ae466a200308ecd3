"""Who may do what with the Library's annual activity plan and report: staff prepare both,
management read every version, approve or return them with comments; every other signed-in
person (territory librarians) reads only what management approved — never a draft."""


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_read_all(user) -> bool:
    """Staff, management and administrators read drafts and every version."""
    return _signed_in(user) and user.sees_whole_territory


def may_read_approved(user) -> bool:
    """Every signed-in person reads the approved plan and report (the Library publishes
    them)."""
    return _signed_in(user)


def may_prepare(user) -> bool:
    """Staff (and administrators) write the plan and the report."""
    return _signed_in(user) and user.can_manage_territory


def may_approve(user) -> bool:
    """Management (and administrators) approve or return the plan and the report."""
    return _signed_in(user) and (user.is_management or user.is_administrator)
