"""The project's URLs as the walking tests see them: object URLs (every kwarg an object id,
`<model>_id`) and the pages people open, with the model each id names."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# The admin is Django's (walked separately by the isolation test); the API takes keys, not
# sessions (tests/reports/test_api.py walks it); logging in and out, and the language switch.
SKIPPED_NAMESPACES = {"admin", "api"}
SKIPPED_NAMES = {"logout", "set_language", "login"}

MODELS_BY_KWARG = {f"{model._meta.model_name}_id": model for model in apps.get_models()}


def _named_patterns() -> list[tuple[str, list[str]]]:
    """(name, [kwargs]) of every named project URL outside the skipped namespaces."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex)))

    walk(get_resolver().url_patterns, "")
    return found


def object_url_patterns():
    """(name, [kwargs]) for every named project URL that takes object ids."""
    return [(name, kwargs) for name, kwargs in _named_patterns() if kwargs]


def page_patterns():
    """(name, [kwargs]) of every page people open (not logging in or out, not the language)."""
    return [
        (name, kwargs)
        for name, kwargs in _named_patterns()
        if name.rsplit(":", 1)[-1] not in SKIPPED_NAMES
    ]
