"""A warehouse's first steps: the demo (built only when asked for, and only into an empty
warehouse), and a real municipality's setup: which steps are done and which are missing.

The steps are the same in the app (Kom i gang, Innstillinger) and on the command line: the
municipality (checked against the 357 municipalities of 2024, data/geodata/kommuner_2024.csv),
areas, area statistics, targets (optional), roles, and the first month.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.i18n import N_, translate
from core.roles import WriteRefused
from services.access import DEMO_BUILD, NOT_THE_DEMO, Writer, role_mapping_in
from warehouse import demo_mark
from warehouse.audit import Actor
from warehouse.queries import read_mart
from warehouse.schema import init
from warehouse.settings import read_settings


def is_demo(db_path: Path) -> bool:
    """Whether the warehouse holds the demo municipality (its figures are invented)."""
    return demo_mark.is_demo(db_path)


def start_demo(db_path: Path, by: Writer = DEMO_BUILD) -> bool:
    """Mark an empty warehouse as the demo before the demo is loaded into it; True when this
    call marked it, False when it was the demo already. WriteRefused (nothing written) when
    the warehouse holds anything else."""
    init(db_path)
    if demo_mark.is_demo(db_path):
        return False
    if not demo_mark.is_empty(db_path):
        raise WriteRefused(translate(NOT_THE_DEMO, by.language))
    demo_mark.mark_demo(db_path, actor=Actor(by.name or "demo", "demo"))
    return True


def is_empty(db_path: Path) -> bool:
    """Whether the warehouse holds nothing at all yet: where the demo may be built."""
    return demo_mark.is_empty(db_path)


@dataclass(frozen=True)
class Step:
    """One step of a real municipality's setup: its title, whether it may be left out, where
    in the app it can be done later, and the command line that does it (bokmål)."""

    id: str
    title: str
    optional: bool
    later_in: str
    command: str


STEPS: tuple[Step, ...] = (
    Step("kommune", N_("Kommune"), False, N_("Innstillinger"), "cli.py municipality 1108"),
    Step(
        "omrader",
        N_("Områder (grunnkretser)"),
        False,
        N_("Innstillinger"),
        "cli.py areas grunnkretser.geojson",
    ),
    Step(
        "omradestatistikk",
        N_("Områdestatistikk"),
        False,
        N_("Innstillinger"),
        "cli.py area-stats omradestatistikk.csv",
    ),
    Step("mal", N_("Mål fra handlingsplanen"), True, N_("Innstillinger"), "cli.py targets mal.csv"),
    Step("roller", N_("Roller"), False, N_("Innstillinger"), "data/roller.toml"),
    Step(
        "maaned",
        N_("Første måned"),
        False,
        N_("Last opp"),
        "cli.py ingest --month 2026-10 boliger.csv husstander.csv",
    ),
)


@dataclass(frozen=True)
class SetupStatus:
    """Which setup steps are done, by step id (STEPS)."""

    done: dict[str, bool]

    @property
    def missing(self) -> list[str]:
        """The steps not done that are not optional, in order."""
        return [step.id for step in STEPS if not step.optional and not self.done[step.id]]

    @property
    def complete(self) -> bool:
        return not self.missing


def _has_rows(db_path: Path, mart: str, column: str) -> bool:
    return not read_mart(db_path, mart, [column]).is_empty()


def setup_status(db_path: Path) -> SetupStatus:
    """What is done of the setup: the municipality set, areas, area statistics and targets
    loaded, someone given a role (the roles file or Innstillinger), a month loaded."""
    values = read_settings(db_path)
    mapping = role_mapping_in(values)
    return SetupStatus(
        {
            "kommune": bool(values["kommunenummer"]),
            "omrader": _has_rows(db_path, "omrader", "grunnkrets"),
            "omradestatistikk": _has_rows(db_path, "omradestatistikk", "grunnkrets"),
            "mal": _has_rows(db_path, "mal", "indikator"),
            "roller": bool(mapping.users or mapping.groups),
            "maaned": _has_rows(db_path, "maaneder", "maaned"),
        }
    )
