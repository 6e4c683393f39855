"""After every change: keep the month values it needs, and publish a snapshot for replicas.

Every writer in services calls `committed` once its change has committed (a load, a replacement,
a restore, reference data, settings, a restored backup) and the app once at start. When the
writer is given a folder to publish to ($BOLIGMONITOR_PUBLISH), the warehouse is then published
there (warehouse.publish) on a background thread, one publication at a time: it takes seconds,
and the change itself has already succeeded, so a failed publication is logged, never reported
as a failed change. Replicas read that folder ($BOLIGMONITOR_SOURCE).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from core.warehouse_file import WarehouseBusy, publish_folder
from services.indicators import SNAPSHOT_VALUES, keep_month_values
from warehouse.publish import Publication, Retention, folder_name, publish
from warehouse.publish import PublishError as PublishError  # what a refused publication raises

_log = logging.getLogger(__name__)
# One thread: publications take turns (the folder's lock would serialise them anyway).
KEEP = Retention()  # the newest 3, a day's, and 10 minutes' grace for slow readers
_publisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")


def publish_now(db_path: Path, out_dir: Path, keep: Retention = KEEP) -> Publication:
    """Publish the warehouse into `out_dir` with this code's month values (`cli.py publish`)."""
    return publish(db_path, out_dir, SNAPSHOT_VALUES.fingerprint, keep=keep)


def version_folder(source: Path, version: int) -> Path:
    """Where a replica reads `version` of its folder `source`: that version's own folder
    (`v000123`), or `source` itself while nothing is published (version 0)."""
    return Path(source) / folder_name(version) if version else Path(source)


def retention(versions: int, days: float, grace_minutes: float) -> Retention:
    """Keep the newest `versions`, those younger than `days`, and none replaced less than
    `grace_minutes` ago (warehouse.publish.Retention)."""
    return Retention(versions, timedelta(days=days), timedelta(minutes=grace_minutes))


def published_as(publication: Publication) -> str:
    """What `cli.py publish` says: `Publisert v000123 til DIR`, or that it was there already."""
    name = folder_name(publication.version)
    if publication.status == "unchanged":
        return f"Uendret: {name} er allerede publisert i {publication.folder.parent}."
    return f"Publisert {name} til {publication.folder.parent}."


def _published_or_logged(db_path: Path, out_dir: Path) -> Publication | None:
    try:
        return publish_now(db_path, out_dir)
    except (PublishError, WarehouseBusy) as error:
        _log.warning("Publiseringen til replikaene mislyktes: %s", error)
    except Exception:  # a background job: nobody else would hear of it
        _log.exception("Publiseringen til replikaene mislyktes")
    return None


def committed(db_path: Path) -> Future[Publication | None] | None:
    """Call once a change has committed: keep the month values of what it touched, then, when
    a publish folder is set, publish in the background (the returned future; None without)."""
    keep_month_values(db_path)
    out_dir = publish_folder()
    if out_dir is None:
        return None
    return _publisher.submit(_published_or_logged, Path(db_path), out_dir)


def finish_publishing() -> None:
    """Wait until every publication asked for so far is done: a process that ends after its
    change (the command line) calls this first, since a publication needs threads of its own,
    which Python no longer starts once it is shutting down."""
    _publisher.submit(lambda: None).result()
