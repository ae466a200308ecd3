"""Who may do what with procurement: staff prepare, management approve and read all,
territory librarians see nothing of it (a 404)."""


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def may_read(user) -> bool:
    """Staff, management and administrators read the plan, the purchases and contracts."""
    return _signed_in(user) and user.sees_whole_territory


def may_prepare(user) -> bool:
    """Staff (and administrators) prepare plans, requests, surveys and contracts."""
    return _signed_in(user) and user.can_manage_territory


def may_approve(user) -> bool:
    """Management (and administrators) approve a purchase request and the year's plan."""
    return _signed_in(user) and (user.is_management or user.is_administrator)


class ReadableQuerySetMixin:
    def visible_to(self, user):
        return self if may_read(user) else self.none()
