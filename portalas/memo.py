"""A memo that lives for one request: what several parts of a page ask for (the statistics
version that keys every dashboard cache entry) is computed once per request, and never
outlives it. Outside a request (commands, tasks, tests calling selectors) nothing is kept."""

from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("portal_request_memo", default=None)


def per_request(key: str, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget(key: str) -> None:
    """Drop a remembered value (after a write that changes it within the same request)."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
