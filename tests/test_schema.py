"""bantin.schema: parsed YAML → typed records, every problem with its file, line and column."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bantin.errors import Loc
from bantin.models import Bloc, Bulletin, Campaign, Profile
from bantin.schema import Ctx, convert
from bantin.vocab import shipped
from bantin.yamlio import parse_yaml

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PATH = "content/bulletins/2024/a.md"
BULLETIN = 'title: "Tin"\ndate: 2024-01-10T16:30:00+07:00\n'


def parse(text: str, cls=Bulletin, offset: int = 1):
    """Convert ``text`` (front matter starting on file line 1 + offset) into ``cls``."""
    problems = []
    ctx = Ctx(PATH, offset, VN, shipped(), problems)
    item = convert(parse_yaml(text), cls, ctx)
    return item, [p.format() for p in sorted(set(problems))]


def problems_of(text: str, cls=Bulletin) -> list[str]:
    _, problems = parse(text, cls)
    assert problems, "expected problems"
    return problems


def test_a_valid_bulletin_converts_to_a_frozen_record():
    item, problems = parse(BULLETIN + "event_types: [tong-ket]\nunits: [a, b]\n")
    assert problems == []
    assert item.title == "Tin"
    assert item.event_types == ("tong-ket",)
    assert item.units == ("a", "b")
    with pytest.raises(AttributeError):
        item.title = "khác"


def test_unknown_key_is_an_error_with_a_did_you_mean():
    assert problems_of('titel: "Tin"\ndate: 2024-01-10\n') == [
        f"{PATH}:2:1: error: unknown key 'titel' (did you mean 'title'?)",
    ]


def test_unknown_key_without_a_close_match_points_to_extra():
    assert problems_of(BULLETIN + "ghi_chu: x\n") == [
        f"{PATH}:4:1: error: unknown key 'ghi_chu' (free-form data goes under 'extra:')"
    ]


def test_unknown_key_in_a_nested_mapping_names_the_mapping():
    assert problems_of(BULLETIN + "image: {src: a.jpg, atl: x}\n") == [
        f"{PATH}:4:21: error: unknown key 'atl' in 'image' (did you mean 'alt'?)"
    ]


def test_free_form_data_under_extra_is_kept_as_plain_dicts():
    item, problems = parse(BULLETIN + "extra: {nguon_goc: {so: 12}}\n")
    assert problems == []
    assert item.extra == {"nguon_goc": {"so": 12}}
    assert type(item.extra) is dict


def test_missing_required_key_is_reported_at_the_mapping():
    assert problems_of('date: 2024-01-10\ntags: ["a"]\n') == [
        f"{PATH}:2:1: error: missing required key 'title' (add 'title: …')"
    ]


def test_missing_required_key_in_a_nested_mapping():
    assert problems_of(BULLETIN + "image:\n  alt: x\n") == [
        f"{PATH}:5:3: error: missing required key 'src' in 'image' (add 'src: …')"
    ]


def test_null_for_a_required_value_is_an_error():
    assert problems_of("title:\ndate: 2024-01-10\n") == [
        f"{PATH}:2:1: error: 'title' must not be empty (give text)"
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("title: true", "'title' must be text, got 'true' (put it in double quotes)"),
        ("title: 98.5", "'title' must be text, got '98.5' (put it in double quotes)"),
        ("title: [a]", "'title' must be text, got a list"),
        ('draft: "maybe"', "'draft' must be true or false, got 'maybe'"),
        ("draft: no", "'draft' must be true or false, got 'no'"),
        (
            'date: "hôm qua"',
            "'date': expected a date like 2024-01-10 or 2024-01-10T16:30:00+07:00, got 'hôm qua'",
        ),
        (
            "date: 19:29",
            "'date': expected a date like 2024-01-10 or 2024-01-10T16:30:00+07:00, got '19:29'",
        ),
        (
            "event_date: 2024-01-10 10:00",
            "'event_date': expected a date like 2024-01-10, got '2024-01-10 10:00'",
        ),
        ("units: {a: 1}", "'units' must be a list, got a mapping"),
        ("image: a.jpg", "'image' must be a mapping of fields, got 'a.jpg'"),
        ("extra: [1]", "'extra' must be a mapping, got a list"),
    ],
)
def test_wrong_types_are_errors_at_the_value(line, message):
    key = line.split(":")[0]
    text = {"title": "", "date": 'title: "Tin"\n'}.get(key, BULLETIN) + line + "\n"
    if key == "title":
        text += "date: 2024-01-10\n"
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].endswith(f": error: {message}")


def test_whole_numbers_refuse_booleans_and_text_and_floats():
    base = (
        'name: "A"\nconsent: true\npositions:\n  - {title: x, unit: a, holds_leadership_post: false'
    )
    assert problems_of(base + ", from: true}\n", Profile) == [
        f"{PATH}:5:55: error: 'from' must be a whole number, got 'true'"
    ]
    assert problems_of(base + ', from: "2019"}\n', Profile)[0].endswith(
        "'from' must be a whole number, got '2019'"
    )
    assert problems_of(base + ", from: 2019.5}\n", Profile)[0].endswith(
        "'from' must be a whole number, got '2019.5'"
    )


def test_a_whole_number_is_accepted_as_text():
    item, problems = parse("title: 2024\ndate: 2024-01-10\nperiod: 2023\n")
    assert problems == []
    assert (item.title, item.period) == ("2024", "2023")


def test_a_single_text_is_accepted_for_a_list_of_text():
    item, problems = parse(BULLETIN + 'tags: "Tổng kết"\n')
    assert problems == []
    assert item.tags == ("Tổng kết",)


def test_literal_choices_suggest_the_closest_value():
    assert problems_of(BULLETIN + "event_part: sangg\n") == [
        f"{PATH}:4:1: error: 'event_part' cannot be 'sangg' (did you mean 'sang'?)"
    ]


def test_literal_choices_list_every_value_when_none_is_close():
    assert problems_of(BULLETIN + "event_part: trua\n") == [
        f"{PATH}:4:1: error: 'event_part' cannot be 'trua' (one of: sang, chieu, toi)"
    ]


def test_vocabulary_values_are_checked_at_the_list_item():
    assert problems_of(BULLETIN + "event_types: [tong-ket, tong-kett]\n") == [
        f"{PATH}:4:25: error: 'event_types[2]': unknown value 'tong-kett' in the event_types "
        "vocabulary (did you mean 'tong-ket'?)"
    ]


def test_vocabulary_values_in_nested_records():
    text = (
        'kind: khoi\nname: "K"\nprovince: lao-cai\nmembers: [{slug: a, name: A}]\n'
        "results:\n  - year: 2023\n    awards:\n"
        "      - {unit: a, title: co-thi-dua, authority: ubnd-tinh}\n"
    )
    _, problems = parse(text, Bloc, offset=0)
    assert problems == [
        f"{PATH}:8:19: error: 'title': unknown value 'co-thi-dua' in the award_titles vocabulary "
        "(did you mean 'co-thi-dua-tinh'?)"
    ]


def test_every_problem_in_a_file_is_collected():
    problems = problems_of('titel: "x"\ndate: "hôm qua"\ndraft: maybe\nevent_part: trua\n')
    assert len(problems) == 4  # the misspelt 'title' is reported once, as the typo


def test_naive_dates_take_the_site_time_zone():
    item, _ = parse('title: "x"\ndate: 2024-01-01 00:30:00\nevent_date: 2023-12-29\n')
    assert item.date == datetime(2024, 1, 1, 0, 30, tzinfo=VN)
    assert item.event_date == date(2023, 12, 29)


def test_records_remember_where_each_field_and_list_item_stood():
    item, _ = parse(BULLETIN + "people:\n  - a\n  - b\nimage: {src: x.jpg}\n", offset=1)
    assert item.loc == Loc(PATH, 2, 1)
    assert item.pos["title"] == Loc(PATH, 2, 1)
    assert item.pos["people"] == Loc(PATH, 4, 1)
    assert item.pos["people[0]"] == Loc(PATH, 5, 5)
    assert item.pos["people[1]"] == Loc(PATH, 6, 5)
    assert item.image.loc == Loc(PATH, 7, 8)  # where its mapping starts


def test_yaml_keys_that_are_python_keywords_map_to_fields():
    item, problems = parse(
        'name: "A"\nconsent: true\npositions:\n'
        "  - {title: x, unit: a, holds_leadership_post: false, from: 2019, to: 2023}\n",
        Profile,
    )
    assert problems == []
    assert (item.positions[0].from_year, item.positions[0].to_year) == (2019, 2023)


def test_campaign_scope_is_a_closed_set():
    text = 'name: "A"\ntype: cuoc-van-dong\nlaunched_by: "Bộ Chính trị"\nscope: quoc-gia\n'
    [problem] = problems_of(text, Campaign)
    assert "'scope' cannot be 'quoc-gia'" in problem
    assert "one of: national, sector, provincial, organisation, bloc" in problem


def test_a_profile_needs_at_least_one_position():
    _, problems = parse('name: "A"\nconsent: true\npositions: []\n', Profile)
    assert problems
