"""The charts of the statistics pages (bantin.charts): each SVG is parsed, and every value read
back from the drawing through the chart's own axis (its ticks) must be the value given; every
value is written beside its mark; every text is escaped; nothing calls another host."""

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bantin.charts import FONT, PLOT_HEIGHT, Line, Series, bar_chart, nice_top, rank_chart
from bantin.sanitize import xml_safe

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def ticks(root: ET.Element) -> list[tuple[float, float]]:
    """(value, y) of each tick of the value axis."""
    out = []
    for g in root.iterfind(".//s:g[@class='chart__tick']", NS):
        line = g.find("s:line", NS)
        out.append((float(g.get("data-value")), float(line.get("y1"))))
    return out


def scale_back(root: ET.Element):
    """The value at a height y, from the axis ticks (a straight line through them)."""
    (v0, y0), (v1, y1) = ticks(root)[0], ticks(root)[-1]
    return lambda y: v0 + (y - y0) * (v1 - v0) / (y1 - y0)


def bars_of(root: ET.Element) -> list[list[ET.Element]]:
    return [g.findall("s:rect", NS) for g in root.iterfind(".//s:g[@class='chart__group']", NS)]


def values_of(root: ET.Element) -> list[list[str]]:
    return [
        [t.text or "" for t in g.iterfind("s:text[@class='chart__value']", NS)]
        for g in root.iterfind(".//s:g[@class='chart__group']", NS)
    ]


# ---------------------------------------------------------------- bars


def test_the_bars_are_as_tall_as_their_values_on_the_charts_own_axis():
    svg = bar_chart(
        "c",
        "Khen thưởng",
        "Đề nghị và đã tặng",
        ["2021", "2022", "2023"],
        [
            Series("Đề nghị", (3.0, 0.0, 2.0), ("3", "0", "2"), style=1),
            Series("Đã tặng", (2.0, 5.0, None), ("2", "5", "—"), style=0),
        ],
    )
    root = parse(svg)
    value = scale_back(root)
    drawn = [
        [(round(value(float(r.get("y"))), 6), round(value(0) - value(float(r.get("height"))), 6))]
        for group in bars_of(root)
        for r in group
    ]
    heights = [[top for top, _ in bar] for bar in drawn]
    # 2023 "Đã tặng" is not known: no bar, and "—" written where it would stand
    assert heights == [[3.0], [2.0], [0.0], [5.0], [2.0]]
    assert values_of(root) == [["3", "2"], ["0", "5"], ["2", "—"]]
    base = float(root.find(".//s:line[@class='chart__baseline']", NS).get("y1"))
    for group in bars_of(root):
        for r in group:
            assert float(r.get("y")) + float(r.get("height")) == pytest.approx(base)
    # the proposal is hatched, the award solid: told apart without colour
    first = bars_of(root)[0]
    assert first[0].get("fill") == "url(#c-p1)" and first[1].get("fill") is None


def test_a_chart_is_labelled_by_its_title_and_description():
    root = parse(bar_chart("x", "Tiêu đề", "Mô tả", ["2024"], [Series("a", (1.0,), ("1",))]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "x-t x-d"
    assert root.find("s:title", NS).get("id") == "x-t"
    assert root.find("s:title", NS).text == "Tiêu đề"
    assert root.find("s:desc", NS).text == "Mô tả"
    assert "style=" not in str(bar_chart("x", "t", "d", ["1"], [Series("a", (1.0,), ("1",))]))


def test_a_target_is_a_dashed_mark_at_its_value_with_its_text_and_a_legend():
    svg = bar_chart(
        "ty-le",
        "Tỷ lệ",
        "…",
        ["2023", "2024", "2025"],
        [Series("Thực tế", (None, 0.4333, None), ("—", "43,3%", "—"))],
        top=1.0,
        targets=[0.35, 0.4, None],
        target_texts=["35%", "40%", ""],
        target_name="Mục tiêu",
    )
    root = parse(svg)
    value = scale_back(root)
    assert [t for t, _ in ticks(root)] == [0, 0.25, 0.5, 0.75, 1]
    marks = [
        line
        for g in root.iterfind(".//s:g[@class='chart__group']", NS)
        for line in g.iterfind("s:line[@class='chart__target']", NS)
    ]
    assert [round(value(float(m.get("y1"))), 6) for m in marks] == [0.35, 0.4]
    texts = [t.text for t in root.iterfind(".//s:text[@class='chart__target-text']", NS)]
    assert texts == ["35%", "40%"]
    legend = [t.text for t in root.iterfind(".//s:g[@class='chart__legend-item']/s:text", NS)]
    assert legend == ["Thực tế", "Mục tiêu"]
    (bar,) = [r for group in bars_of(root) for r in group]
    assert round(value(float(bar.get("y"))), 4) == 0.4333


def test_hostile_words_are_text_not_markup():
    evil = '<script>alert("x")</script> & "quoted"'
    svg = bar_chart("e", evil, evil, [evil], [Series(evil, (1.0,), (evil,))])
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find("s:title", NS).text == evil
    assert values_of(root) == [[evil]]
    ranks = rank_chart("r", evil, evil, [2024], [Line(evil, (1,))], axis_name=evil)
    assert "<script>" not in ranks
    assert parse(ranks).find(".//s:text[@class='chart__label']", NS).text == evil


def test_no_chart_asks_another_host_or_runs_a_script():
    svg = str(bar_chart("a", "t", "d", ["1", "2"], [Series("a", (1.0, 2.0), ("1", "2"))]))
    svg += str(rank_chart("b", "t", "d", [2023, 2024], [Line("x", (1, 2))]))
    assert "<script" not in svg and "href" not in svg.replace('fill="url(#', "")
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"] * 2


def test_the_axis_is_round_numbers_above_the_data():
    assert nice_top(7) == (8, 2)
    assert nice_top(30) == (30, 10)
    assert nice_top(0) == (1.0, 0.25)
    assert nice_top(1) == (1.0, 0.25)
    top, step = nice_top(12345)
    assert top >= 12345 and top / step <= 5


def test_values_and_texts_must_match_the_categories():
    with pytest.raises(ValueError):
        bar_chart("a", "t", "d", ["1", "2"], [Series("a", (1.0,), ("1",))])
    with pytest.raises(ValueError):
        rank_chart("a", "t", "d", [2024], [Line("a", (1, 2))])


# ---------------------------------------------------------------- ranks


def markers_of(root: ET.Element) -> dict[str, list[tuple[float, float]]]:
    out = {}
    for g in root.iterfind(".//s:g[@data-name]", NS):
        pts = []
        for p in g.iterfind("s:path[@class='chart__marker']", NS):
            x, y = re.fullmatch(r"translate\(([\d.]+) ([\d.]+)\)", p.get("transform")).groups()
            pts.append((float(x), float(y)))
        out[g.get("data-name")] = pts
    return out


def test_ranks_are_drawn_with_rank_one_at_the_top_and_names_at_the_line_ends():
    years = [2021, 2022, 2023, 2024]
    lines = [
        Line("Hội ND tỉnh", (1, 5, 5, 6)),
        Line("Hội CCB tỉnh", (6, 3, 1, 7)),
        Line("Hội CTĐ tỉnh", (None, None, 7, 4)),  # a member since 2023
        Line("Sở Lao động", (4, None, 3, None)),  # left, and a year without a rank between
    ]
    root = parse(rank_chart("r", "Thứ hạng", "…", years, lines, axis_name="Hạng"))
    by_rank = {y: int(v) for v, y in ticks(root)}
    year_x = {
        float(t.get("x")): int(t.text)
        for t in root.iterfind(".//s:text[@class='chart__category']", NS)
    }
    drawn = {
        name: [(year_x[x], by_rank[y]) for x, y in pts] for name, pts in markers_of(root).items()
    }
    assert drawn == {
        line.name: [(y, r) for y, r in zip(years, line.ranks, strict=True) if r is not None]
        for line in lines
    }
    top_y = min(by_rank)
    assert by_rank[top_y] == 1  # rank 1 is the highest line of the chart
    # the unit with a gap has two pieces of line, none across the year it was not ranked
    gap = root.find(".//s:g[@data-name='Sở Lao động']", NS)
    assert gap.findall("s:polyline", NS) == []
    labels = {
        t.text: (float(t.get("x")), float(t.get("y")))
        for t in root.iterfind(".//s:text[@class='chart__label']", NS)
    }
    assert set(labels) == {line.name for line in lines}
    last_x = max(x for pts in markers_of(root).values() for x, _ in pts)
    for name, pts in markers_of(root).items():
        x, y = pts[-1]
        assert labels[name][0] > last_x  # in the column after the last year
        leader = root.find(f".//s:g[@data-name='{name}']/s:line[@class='chart__leader']", NS)
        if x == last_x and abs(labels[name][1] - FONT / 3 - y) < 0.5:
            assert leader is None  # beside its last mark
        else:  # a line that ends earlier: a leader from its last mark to its name
            assert float(leader.get("x1")) == pytest.approx(x + 6)
            assert float(leader.get("y1")) == pytest.approx(y)
            assert float(leader.get("y2")) == pytest.approx(labels[name][1] - FONT / 3, abs=0.1)
    ys = sorted(y for _, y in labels.values())
    assert all(b - a >= FONT for a, b in itertools.pairwise(ys))  # no two names touch


def test_series_differ_by_marker_shape_and_dash_not_only_colour():
    lines = [Line(f"Đơn vị {i}", (i + 1,)) for i in range(6)]
    root = parse(rank_chart("r", "t", "d", [2024], lines))
    shapes = {p.get("d") for p in root.iterfind(".//s:path[@class='chart__marker']", NS)}
    assert len(shapes) == 6


# ---------------------------------------------------------------- any data


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
maybe = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    data=st.integers(min_value=1, max_value=6).flatmap(
        lambda n: st.tuples(
            st.lists(texts, min_size=n, max_size=n),
            st.lists(st.tuples(texts, st.lists(maybe, min_size=n, max_size=n)), max_size=3),
        )
    )
)
def test_any_bars_are_well_formed_and_every_value_is_drawn_and_written(data):
    categories, raw = data
    series = [
        Series(name, tuple(vals), tuple("—" if v is None else f"{v:g}" for v in vals))
        for name, vals in raw
    ]
    root = parse(bar_chart("h", "t", "d", categories, series))
    value = scale_back(root)
    written = [[xml_safe(s.texts[c]) for s in series] for c in range(len(categories))]
    assert values_of(root) == written
    everything = [v for s in series for v in s.values if v is not None]
    # coordinates are written to a tenth of a pixel: that much of the axis, at most
    slack = nice_top(max(everything, default=0))[0] / PLOT_HEIGHT * 0.06
    for c, group in enumerate(bars_of(root)):
        known = [s.values[c] for s in series if s.values[c] is not None]
        assert len(group) == len(known)
        for rect, v in zip(group, known, strict=True):
            assert value(float(rect.get("y"))) == pytest.approx(v, abs=slack)


@settings(max_examples=60, deadline=None)
@given(
    data=st.integers(min_value=1, max_value=6).flatmap(
        lambda n: st.lists(
            st.tuples(texts, st.lists(st.none() | st.integers(1, 30), min_size=n, max_size=n)),
            max_size=8,
        ).map(lambda ls: (n, ls))
    )
)
def test_any_ranks_are_well_formed_and_every_rank_is_drawn(data):
    n, raw = data
    years = list(range(2020, 2020 + n))
    lines = [Line(name, tuple(ranks)) for name, ranks in raw]
    root = parse(rank_chart("k", "t", "d", years, lines))
    by_rank = {y: int(v) for v, y in ticks(root)}
    groups = root.findall(".//s:g[@data-name]", NS)
    assert [g.get("data-name") for g in groups] == [line.name for line in lines]
    for g, line in zip(groups, lines, strict=True):
        pts = [
            re.fullmatch(r"translate\(([\d.]+) ([\d.]+)\)", p.get("transform")).groups()
            for p in g.iterfind("s:path[@class='chart__marker']", NS)
        ]
        assert [by_rank[float(y)] for _, y in pts] == [r for r in line.ranks if r is not None]
        label = g.find("s:text[@class='chart__label']", NS)
        if any(r is not None for r in line.ranks):
            assert label is not None and (label.text or "") == xml_safe(line.name)
    ys = sorted(float(t.get("y")) for t in root.iterfind(".//s:text[@class='chart__label']", NS))
    assert all(b - a >= FONT for a, b in itertools.pairwise(ys))
    assert not ys or ys[-1] < float(root.get("height"))
