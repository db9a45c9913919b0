"""The hostile inputs' linearity: each read at n and 4n in turn, and each ratio said against the bound."""

from __future__ import annotations

from dataclasses import replace

from msblog.bench.linear import BOUND, HOSTILE, SCALE, Hostile, Linearity, linearity_table, measure_linearity
from msblog.cli import main


def test_each_size_is_read_in_turn_after_one_untimed_reading():
    read = []
    counted = Hostile("n words", 2, lambda n, folder: lambda: read.append(n))
    [measured] = measure_linearity(3, (counted,))
    assert read == [2, 2, 2 * SCALE, 2, 2 * SCALE, 2, 2 * SCALE]
    assert (measured.name, measured.size) == ("n words", 2) and measured.ratio == measured.scaled_seconds / measured.seconds


def test_every_hostile_input_is_read_at_a_small_size():
    measured = measure_linearity(1, tuple(replace(hostile, size=3) for hostile in HOSTILE))
    assert [(m.name, m.size) for m in measured] == [(hostile.name, 3) for hostile in HOSTILE]
    assert all(m.seconds > 0 and m.scaled_seconds > 0 for m in measured)


def test_the_table_says_each_ratio_against_the_bound():
    lines = linearity_table([Linearity("a DOI closed by n brackets", 200_000, 0.0245, 0.0906),
                             Linearity("a papers.bib of n entries", 500, 0.05, 0.05 * 15.9)], 7)
    assert lines[0].startswith("Hostile inputs, each read at a size n and at 4n in turn, 7 times,")
    assert lines[-4:] == [
        f"| hostile input | n | median at n | median at 4n | 4n / n | linear: under {BOUND:g} |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        "| a DOI closed by n brackets | 200,000 | 24.5 ms | 90.6 ms | 3.70 | yes |",
        "| a papers.bib of n entries | 500 | 50.0 ms | 795.0 ms | 15.90 | **no** |",
    ]


def test_msblog_bench_linear_prints_the_table_and_writes_nothing(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    runs = []
    measured = [Linearity("a DOI closed by n brackets", 200_000, 0.0245, 0.0906)]
    monkeypatch.setattr("msblog.bench.linear.measure_linearity", lambda n: runs.append(n) or measured)
    assert main(["bench", "linear", "--runs", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("On ") and out.endswith("\n".join(linearity_table(measured, 3)) + "\n")
    assert runs == [3] and list(tmp_path.iterdir()) == []
