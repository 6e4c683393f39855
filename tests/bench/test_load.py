"""bench/load.py: the pieces of the load generator, and one small load against the served app.

The load itself prints figures and asserts nothing about time; the smoke test only checks that
every session finished every rerun without an exception and that the upload loaded, so the
benchmark cannot rot unnoticed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import load
from bench.load import LoadResult, Plan, Rerun, Server
from demo.build import LAST_MONTH

ROOT = Path(__file__).resolve().parents[2]


def test_a_percentile_is_the_nearest_rank():
    # 20 values 1..20: P50 is the 10th (ceil(0.5 × 20)), P95 the 19th (ceil(0.95 × 20)).
    values = [float(value) for value in range(20, 0, -1)]
    assert load.percentile(values, 0.5) == 10.0
    assert load.percentile(values, 0.95) == 19.0
    assert load.percentile([4.0], 0.95) == 4.0


def test_an_address_on_this_machine_is_accepted_without_its_trailing_slash():
    assert load.loopback_url("http://localhost:8501/") == "http://localhost:8501"
    assert load.loopback_url("http://127.0.0.1:8501") == "http://127.0.0.1:8501"
    assert load.loopback_url("http://[::1]:8501") == "http://[::1]:8501"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://example.org:8501", "only talks to this machine"),
        ("http://10.0.0.5:8501", "only talks to this machine"),
        ("https://localhost:8501", "expected http://localhost:PORT"),
        ("http://localhost", "expected http://localhost:PORT"),
    ],
)
def test_an_address_elsewhere_or_without_a_port_is_refused(url, message):
    with pytest.raises(ValueError, match=message):
        load.loopback_url(url)


def test_the_command_refuses_another_machine_before_it_sends_anything(tmp_path, capsys):
    figures = tmp_path / "figures.json"
    with pytest.raises(SystemExit) as stopped:
        load.main(["--url", "http://example.org:8501", "--no-upload", "--json", str(figures)])
    assert stopped.value.code == 2
    assert "only talks to this machine" in capsys.readouterr().err
    assert not figures.exists()


def test_the_command_wants_the_running_apps_warehouse_to_upload_to(tmp_path, capsys):
    figures = tmp_path / "figures.json"
    with pytest.raises(SystemExit) as stopped:
        load.main(["--url", "http://localhost:8501", "--json", str(figures)])
    assert stopped.value.code == 2
    assert "the upload needs --db" in capsys.readouterr().err
    assert not figures.exists()


@pytest.mark.parametrize("count", ["0", "-3", "2.5", "many"])
def test_sessions_and_rounds_are_whole_numbers_of_at_least_one(count, tmp_path, capsys):
    figures = tmp_path / "figures.json"
    with pytest.raises(SystemExit) as stopped:
        load.main(["--sessions", count, "--no-upload", "--json", str(figures)])
    assert stopped.value.code == 2
    assert "a whole number, at least 1" in capsys.readouterr().err
    assert not figures.exists()


def test_a_sweep_is_a_list_of_session_counts_of_at_least_one():
    assert load.sweep_list("1,5,10,25") == [1, 5, 10, 25]
    with pytest.raises(argparse.ArgumentTypeError, match="each ≥ 1"):
        load.sweep_list("0,5")


def test_a_streamlit_option_becomes_the_two_words_of_streamlit_run():
    assert load.streamlit_option("runner.postScriptGC=false") == ["--runner.postScriptGC", "false"]
    with pytest.raises(argparse.ArgumentTypeError, match="OPTION=VALUE"):
        load.streamlit_option("postScriptGC")


def test_sessions_are_spread_round_robin_and_each_keeps_its_server():
    first, second = Server("http://localhost:1"), Server("http://localhost:2")
    spread = [load.server_for(session, [first, second]) for session in range(5)]
    assert spread == [first, second, first, second, first]


def test_the_month_after_december_is_january():
    assert load.next_month("2026-12") == "2027-01"
    assert load.next_month("2026-10") == "2026-11"


def exception_message(text: str, *, warning: bool = False) -> ForwardMsg:
    message = ForwardMsg()
    message.delta.new_element.exception.type = "ValueError"
    message.delta.new_element.exception.message = text
    message.delta.new_element.exception.is_warning = warning
    return message


def test_an_exception_element_counts_by_its_type_and_first_line():
    shown = load.exceptions_in(exception_message("bad month\nmore detail"))
    assert shown == ["ValueError: bad month"]


def test_a_warning_shown_as_an_exception_or_a_plain_element_is_no_error():
    plain = ForwardMsg()
    plain.delta.new_element.markdown.body = "Oversikt"
    assert load.exceptions_in(exception_message("deprecated", warning=True)) == []
    assert load.exceptions_in(plain) == []


def test_a_page_that_was_not_found_counts_as_an_error():
    message = ForwardMsg()
    message.page_not_found.page_name = "overview"
    assert load.exceptions_in(message) == ["page not found: overview"]


def test_cookies_are_the_name_value_pairs_of_set_cookie_without_attributes():
    headers = [
        ("Content-Type", "text/plain"),
        ("Set-Cookie", "_streamlit_xsrf=2|ab|cd|17; Path=/; SameSite=Lax"),
        ("set-cookie", "other=1"),
    ]
    assert load.cookies_from(headers) == {"_streamlit_xsrf": "2|ab|cd|17", "other": "1"}


def role_selectbox(key: str) -> ForwardMsg:
    message = ForwardMsg()
    message.delta.new_element.selectbox.id = f"$$ID-0123abcd-{key}"
    message.delta.new_element.selectbox.options.extend(
        ["Leser", "Planlegger", "Saksbehandler", "Administrator"]
    )
    return message


def test_the_role_is_chosen_by_its_label_in_the_sidebars_selectbox():
    chosen = load.role_choice([role_selectbox("spraak"), role_selectbox("vis_som_rolle")], "leser")
    assert chosen.id == "$$ID-0123abcd-vis_som_rolle"
    assert chosen.string_value == "Leser"


def test_without_the_role_selectbox_the_app_is_not_in_local_mode():
    with pytest.raises(load.ProtocolError, match="is the app in local mode"):
        load.role_choice([role_selectbox("spraak")], "leser")


def test_the_table_has_the_openings_each_page_and_all_with_unfinished_reruns_counted():
    # 2 sessions × 1 round over a and b: a took 1 s and 3 s; b 2 s (one exception) and one
    # b never finished; one opening never finished either.
    plan = Plan(("a", "b"), rounds=1, role="leser", message_timeout=1, deadline=1)
    result = LoadResult(2)
    result.reruns = [
        Rerun(load.OPENING, 0.5, 0, 0.0),
        Rerun(load.OPENING, None, 0, 0.0),
        Rerun("a", 1.0, 0, 0.5),
        Rerun("a", 3.0, 0, 0.6),
        Rerun("b", 2.0, 1, 1.5),
        Rerun("b", None, 0, 3.6),
    ]
    rows = {row["page"]: row for row in load.page_rows(result, plan)}
    assert list(rows) == [load.OPENING, "a", "b", "all"]
    assert rows[load.OPENING] == {
        "page": load.OPENING,
        "reruns": 1,
        "p50": 0.5,
        "p95": 0.5,
        "max": 0.5,
        "exceptions": 0,
        "unfinished": 1,
    }
    assert (rows["a"]["reruns"], rows["a"]["p50"], rows["a"]["max"]) == (2, 1.0, 3.0)
    assert (rows["b"]["exceptions"], rows["b"]["unfinished"]) == (1, 1)
    # all: 1, 2, 3 s finished of 4 planned; P50 is the 2nd of 3, P95 the 3rd.
    assert rows["all"] == {
        "page": "all",
        "reruns": 3,
        "p50": 2.0,
        "p95": 3.0,
        "max": 3.0,
        "exceptions": 1,
        "unfinished": 1,
    }


def test_the_cpu_time_of_a_process_is_what_it_has_spent_on_every_thread():
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:  # spend some CPU, so a wrong field would show
        pass
    # /proc counts in clock ticks (10 ms); the two clocks are read a moment apart.
    assert abs(load.cpu_seconds(os.getpid()) - time.process_time()) < 0.1


def test_replicas_are_started_by_the_command_not_given_with_url(tmp_path, capsys):
    figures = tmp_path / "figures.json"
    with pytest.raises(SystemExit) as stopped:
        load.main(["--url", "http://localhost:8501", "--no-upload", "--replicas", "2"])
    assert stopped.value.code == 2
    assert "--replicas starts apps itself" in capsys.readouterr().err
    assert not figures.exists()


@pytest.mark.slow
@pytest.mark.parametrize("servers", [1, 2], ids=["one app", "two replicas"])
def test_two_sessions_finish_a_round_over_the_three_pages_with_the_upload(
    demo_db, tmp_path, servers
):
    figures_file = tmp_path / "figures.json"
    command = [sys.executable, "bench/load.py", "--db", str(demo_db), "--sessions", "2"]
    command += ["--rounds", "1", "--deadline", "300", "--json", str(figures_file)]
    command += ["--replicas", "2"] if servers == 2 else []
    finished = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    (figures,) = json.loads(figures_file.read_text())
    assert (figures["finished_sessions"], figures["servers"]) == (2, servers)
    assert figures["failures"] == [] and figures["exceptions"] == []
    rows = {row["page"]: row for row in figures["pages"]}
    assert list(rows) == [load.OPENING, "overview", "indicators", "quarterly-report", "all"]
    for row in rows.values():
        assert row["exceptions"] == 0 and row["unfinished"] == 0
    # 2 sessions × 1 round: two reruns of each page, six in all.
    assert [row["reruns"] for row in rows.values()] == [2, 2, 2, 2, 6]
    assert figures["upload"]["loaded"] and figures["upload"]["month"] == load.next_month(LAST_MONTH)
    assert load.latest_month(demo_db) == LAST_MONTH  # the upload went to a copy
