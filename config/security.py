"""The Content-Security-Policy header. Django 5.2 sets the other security headers itself
(HSTS, nosniff, referrer policy, X-Frame-Options); this adds the policy of
`settings.CONTENT_SECURITY_POLICY`, which allows scripts from the site's own files only: no
inline script, no event-handler attribute (behaviours live in static/js, bound by data
attributes), no eval."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {sources}" for directive, sources in settings.CONTENT_SECURITY_POLICY
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
