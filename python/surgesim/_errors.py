"""surgesim.ScenarioError: a scenario (or a design, or a --set) that cannot be run."""


class ScenarioError(ValueError):
    """A problem in a scenario, located as the CLI locates it.

    Attributes: ``file``, ``line`` and ``column`` (None where unknown), ``path`` (the key path,
    e.g. ``clinics[0].doctors``), ``message`` (what was expected) and ``problems`` (every problem
    the load found, one "file:line:col: key.path: message" each). ``str(e)`` is the CLI's message.
    """

    def __init__(self, text, where="", path="", message="", problems=()):
        super().__init__(text)
        self.file, self.line, self.column = _split_where(where)
        self.path = path
        self.message = message
        self.problems = list(problems) or [text]
        self._where = where

    def __reduce__(self):  # keeps the place across processes (Dask, multiprocessing)
        return (ScenarioError, (str(self), self._where, self.path, self.message, self.problems))


def _split_where(where):
    """'file:12:3' -> ('file', 12, 3); 'file:12' -> ('file', 12, None); else (where, None, None)."""
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    parts = where.rsplit(":", 1)
    if len(parts) == 2 and parts[1].isdigit():
        return parts[0], int(parts[1]), None
    return (where or None), None, None


def scenario_error(text, where, path, message, problems):
    """Called by the native module to raise a ScenarioError."""
    return ScenarioError(text, where, path, message, problems)
