"""The benchmark report says what the audit chain figures were, and a run whose chain
did not hold fails."""

from bench import report


def _document(*, verified: bool = True, linked: bool = True) -> dict:
    run = {"workers": 16, "hold_ms": 1.0, "chain_verified": True, "all_linked": linked}
    return {
        "pages": [],
        "chain": {
            "verify_full": {
                "events": 3_000_000,
                "ok": verified,
                "seconds": 21.0,
                "seconds_per_million": 7.0,
            },
            "audit_append": [
                {**run, "mode": "queue", "actions_per_second": 900.0},
                {**run, "mode": "wait", "actions_per_second": 300.0},
            ],
        },
    }


def test_the_chain_figures_are_written_with_their_verdicts():
    text = "\n".join(report._chain_lines(_document()["chain"]))
    assert "3,000,000 events in 21.0 s (7.0 s per million" in text
    assert "under 10 s per million: met" in text
    assert "| queue when held (the app) | 16 | 1 ms | 900 | yes |" in text
    assert "| every action waits (before) | 16 | 1 ms | 300 | yes |" in text


def test_a_broken_chain_or_an_unlinked_action_fails_the_run():
    assert report.failures(_document()) == []
    assert report.failures(_document(verified=False)) == ["the audit chain did not verify"]
    assert report.failures(_document(linked=False)) == [
        "audited actions (queue): not every event was linked",
        "audited actions (wait): not every event was linked",
    ]


def test_a_second_run_the_same_day_is_kept_beside_the_first(tmp_path):
    (tmp_path / "docs").mkdir()
    document = {**_document(), "date": "2026-11-25T20:00:00+00:00", "scale": "small"}
    document.update(counts={}, machine={}, settings={}, seed="")
    first = report.write(document, root=tmp_path, only="ping")[0]
    second = report.write(document, root=tmp_path, only="ping")[0]
    assert first.name == "2026-11-25-small-only-ping.json"
    assert second.name == "2026-11-25-small-only-ping-run2.json"
    assert first.exists() and second.exists()
