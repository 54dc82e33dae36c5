"""Check Azure Communication Services log exports against the documented schemas.

The same engine as the ``acs-logs`` command line: build an :class:`Index` once, check lines,
parsed records or whole files into a :class:`Partial`, merge partials in any order (they merge
associatively and commutatively), and render the report. The report of merged partials is byte
for byte the report ``acs-logs check`` gives over the same inputs in canonical order (paths
sorted component by component).

Bad input never raises: a line that is not text, not UTF-8, not JSON or too long is counted as an
``unreadable-record`` finding at its place. Misuse of the API (a source name that is not a str,
an unknown format) raises ``TypeError`` or ``ValueError``; an unusable schema set, config,
baseline or partial raises :class:`AcsLogsError` naming the file and the place.
"""

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any, Optional, Union

__version__: str
FORMAT_VERSION: int
"""The version of the partial file format this build writes and reads."""

_Path = Union[str, PathLike[str]]

class AcsLogsError(ValueError):
    """A schema set, config, baseline or partial that cannot be used."""

class Partial:
    """The mergeable result of checking some inputs."""

    @property
    def records(self) -> int:
        """Every record counted: valid, with drift, or unreadable."""
    @property
    def inputs(self) -> list[str]:
        """The input names, in canonical order."""
    def merge(self, other: Partial) -> Partial:
        """A new partial holding both; raises :class:`AcsLogsError` for another schema set."""
    def to_bytes(self) -> bytes:
        """The versioned partial file format (what ``acs-logs merge`` reads)."""
    def write(self, path: _Path) -> None:
        """Writes the partial to a file for ``acs-logs merge``."""

class Index:
    """A compiled schema set and config. Build once per process and reuse."""

    def __init__(
        self,
        schemas: Optional[_Path] = None,
        config: Optional[_Path] = None,
        category: Optional[str] = None,
    ) -> None:
        """Compile the embedded ACS schema set, or the one in directory ``schemas``.

        ``config`` is an ``.acs-logs.toml`` with finding levels; ``category`` is the category of
        records that name none.
        """
    @property
    def schema_set(self) -> str:
        """The fingerprint of the schema set, carried by every partial."""
    def check_lines(
        self,
        lines: Iterable[
            Union[tuple[str, Union[str, bytes]], tuple[str, Union[str, bytes], Optional[str]]]
        ],
    ) -> Partial:
        """Check JSON Lines given as ``(source, line)`` or ``(source, line, category)``.

        Every line of a source must come through the same call, in order: line numbers count
        from 1 per source. Lines of different sources may interleave. A ``category`` names the
        category of records that name none; one the catalog lacks raises ``ValueError``.
        """
    def check_records(
        self,
        records: Iterable[
            Union[tuple[str, Union[Mapping[str, Any], str]], tuple[str, Union[Mapping[str, Any], str], Optional[str]]]
        ],
    ) -> Partial:
        """Check parsed records (dicts, or JSON text) given as ``(source, record[, category])``."""
    def check_files(self, files: Iterable[tuple[str, bytes]], jobs: int = 1) -> Partial:
        """Check whole files held in memory, given as ``(name, bytes)``.

        Each is read exactly as ``acs-logs check`` reads a file (format detection, gzip, CSV,
        JSON arrays, Event Hubs), on ``jobs`` threads (0: one per core). The GIL is released.
        """
    def empty(self) -> Partial:
        """An empty partial: the neutral element of :meth:`Partial.merge`."""
    def read_partial(self, data: Union[bytes, _Path]) -> Partial:
        """Read a partial from bytes or a file; refuse another schema set or a damaged file."""
    def report(
        self,
        partial: Partial,
        format: str = "json",
        fail_on: str = "error",
        baseline: Optional[_Path] = None,
    ) -> str:
        """Render the report: ``text``, ``json``, ``markdown``, ``sarif``, ``junit`` or ``github``."""
    def exit_code(
        self, partial: Partial, fail_on: str = "error", baseline: Optional[_Path] = None
    ) -> int:
        """The exit code ``acs-logs check`` would give: 1 when a finding reaches ``fail_on``."""

def catalog() -> list[dict[str, Any]]:
    """The embedded ACS catalog: ``category``, ``title``, ``table``, ``schema``, ``pages``."""

def schema(category: str) -> Optional[str]:
    """The embedded JSON Schema of a category as JSON text, or ``None`` if unknown."""
