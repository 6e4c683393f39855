"""The write authorisation every door passes: the role read again at the moment of a change.

A change through the app is allowed by the role its user has when the change is made, read
from the roles file and the warehouse's role mapping (never a cache, never the role the page was
drawn with). The command line and the demo build act as the local operator: whoever can run
them holds the warehouse file itself, so they act as `admin` (the audit log names them
`cli (<user>)` and `demo`, with their door).

The demo never mixes with real data: a warehouse marked as the demo (warehouse.demo_mark) takes
no change through the app or the command line, only a backup, and the demo build writes only
into the demo.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from core.formatting import Language
from core.i18n import N_, translate
from core.roles import (
    WRITES,
    Identity,
    RoleMapping,
    RolesFileError,
    Write,
    WriteRefused,
    may_write,
    read_roles_file,
    role_mapping,
    roles_file,
    user_for,
)
from core.warehouse_file import is_published, published_source
from warehouse import demo_mark
from warehouse.audit import Actor, Door
from warehouse.schema import init
from warehouse.settings import read_settings


@dataclass(frozen=True)
class Writer:
    """Who asks for a change and through which door, with what the door knows of them.

    The app passes the session's identity, whether sign-in is configured, whether local mode
    runs where it must not, and the language its refusals are said in. The local operator (the
    command line, the demo build) may give the name the audit log records.
    """

    door: Door
    identity: Identity | None = None
    sign_in: bool = False
    local_mode_refused: bool = False
    language: Language = "nb"
    name: str | None = None


COMMAND_LINE = Writer("cli")
DEMO_BUILD = Writer("demo")
SETTINGS_PLACE = "Innstillinger"  # where the stored role mapping is kept, for its messages
# What a demo warehouse says to a real change, and how to start a real warehouse instead.
DEMO_REFUSAL = N_(
    "Ingenting er lagret: dette datavarehuset er demokommunen, og tallene i det er oppdiktet. "
    "Ekte opplastinger, referansefiler og innstillinger lagres bare i kommunens eget "
    "datavarehus. Start et slikt med `make serve` (eller `streamlit run app.py` uten "
    "BOLIGMONITOR_DEMO), eller med `python cli.py --db data/warehouse.duckdb init`, og følg "
    "oppsettet under Kom i gang (README: «Ta Boligmonitor i bruk i egen kommune»)."
)
NOT_THE_DEMO = N_(
    "Ingenting er lagret: demokommunen bygges bare i et tomt datavarehus, og dette er ikke tomt. "
    "Bygg demoen i en egen fil, for eksempel `python cli.py --db data/demo.duckdb demo`."
)


def role_mapping_in(settings_values: dict[str, object], where: str = SETTINGS_PLACE) -> RoleMapping:
    """The roles file (read now) together with the role mapping in the settings given."""
    return read_roles_file(roles_file()).merged(role_mapping(settings_values["roller"], where))


def role_mapping_now(db_path: Path) -> RoleMapping:
    """The roles file and the warehouse's role mapping as they are at this moment, uncached."""
    return role_mapping_in(read_settings(db_path))


def refusal(write: Write, role: str | None, language: Language) -> WriteRefused:
    """Nothing was written: the role does not allow the change, said in `language`."""
    return WriteRefused(
        translate(
            "Ingenting er lagret: rollen din ({role}) gir ikke lov til å {change}.",
            language,
            role=translate(role or "ingen rolle", language),
            change=translate(WRITES[write][1], language),
        )
    )


def demo_refusal(db_path: Path, write: Write, writer: Writer) -> WriteRefused | None:
    """Why `writer` may not make the change `write` in this warehouse, demo or not, or None.

    Only the demo build writes into the demo, and only into the demo; a backup is taken of
    either. The warehouse is brought to the newest schema first, so that one built by an older
    first start knows that it holds the demo (migration 010).
    """
    if write == "backup":
        return None
    init(db_path)
    demo = demo_mark.is_demo(db_path)
    if demo and writer.door != "demo":
        return WriteRefused(translate(DEMO_REFUSAL, writer.language))
    if not demo and writer.door == "demo":
        return WriteRefused(translate(NOT_THE_DEMO, writer.language))
    return None


def replica_refusal(language: Language) -> WriteRefused:
    """Nothing was written: this instance reads published data (a replica), said in
    `language`."""
    return WriteRefused(
        translate(
            "Ingenting er lagret: denne instansen viser publiserte data. Endringer gjøres på "
            "hovedinstansen.",
            language,
        )
    )


def authorise(db_path: Path, write: Write, writer: Writer) -> Actor:
    """The actor making the change `write`, its role read again now; raises WriteRefused
    (nothing written) when that role does not allow it, on a replica whoever asks, and when
    the change would mix the demo with real data (demo_refusal). Every writer in services calls
    this before it writes."""
    if published_source() is not None or is_published(db_path):
        raise replica_refusal(writer.language)
    if (mixing := demo_refusal(db_path, write, writer)) is not None:
        raise mixing
    if writer.door == "cli":
        return Actor(writer.name or f"cli ({getpass.getuser()})", "cli")
    if writer.door == "demo":
        return Actor(writer.name or "demo", "demo")
    try:
        user = user_for(
            writer.identity or Identity(),
            sign_in=writer.sign_in,
            mapping=lambda: role_mapping_now(db_path),
        )
    except RolesFileError:
        user = None
    if user is not None and user.local and writer.local_mode_refused:
        user = None
    role = user.role if user is not None else None
    if user is None or not may_write(role, write):
        raise refusal(write, role, writer.language)
    return Actor(user.name, "app")
