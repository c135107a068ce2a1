"""The task registry: importing this package registers every task module in it."""

from importlib import import_module
from pkgutil import iter_modules

from replicate.tasks.registry import TASKS, TaskSpec, get_task

_INFRASTRUCTURE = {"registry", "readers", "examples", "defaults"}
for _module in iter_modules(__path__):
    if _module.name not in _INFRASTRUCTURE:
        import_module(f"{__name__}.{_module.name}")

__all__ = ["TASKS", "TaskSpec", "get_task"]
