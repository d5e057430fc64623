"""The registry of document builders that background render jobs run.

A builder turns one object into a file — a rendered PDF, or plain bytes (a ZIP)::

    @register("campaign.documents.plan")
    def build_plan(object_id: int, progress: Callable[[int], None]) -> tuple[str, RenderedDocument]:
        ...
        progress(50)
        return "ke-hoach-05-KH-MNCG.pdf", render_pdf("campaign/plan_pdf.html", context)

A job stores the builder's name. Name builders by the dotted path of the module that defines
them plus a short name ("campaign.documents.plan"): a worker that has not imported that module
yet imports it on first use, so registration never depends on import order.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from .rendering import RenderedDocument

Progress = Callable[[int], None]
Builder = Callable[[int, Progress], "tuple[str, RenderedDocument]"]

_registry: dict[str, Builder] = {}


def register(name: str) -> Callable[[Builder], Builder]:
    """Register the decorated function as the builder called `name`."""

    def decorator(func: Builder) -> Builder:
        existing = _registry.get(name)
        # Re-registering the same function (a reloaded module) is fine; another one is not.
        same = existing is not None and (existing.__module__, existing.__qualname__) == (
            func.__module__,
            func.__qualname__,
        )
        if existing is not None and not same:
            raise ValueError(f"Document builder {name!r} is already registered ({existing!r}).")
        _registry[name] = func
        return func

    return decorator


def _import_module_of(name: str) -> None:
    module, _, _short = name.rpartition(".")
    # Only modules of installed apps (or tests) are imported: the name comes from a stored job.
    top = module.partition(".")[0]
    if module and (apps.is_installed(top) or top == "tests"):
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            # The module itself is gone: "not registered" below. A module that fails to
            # import for another reason raises, so the job shows the real error.
            if exc.name is None or not (module + ".").startswith(exc.name + "."):
                raise


def get(name: str) -> Builder:
    """The builder registered as `name`; `LookupError` if there is none."""
    if name not in _registry:
        _import_module_of(name)
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"No document builder is registered as {name!r}.") from None


def is_registered(name: str) -> bool:
    try:
        get(name)
    except LookupError:
        return False
    return True
