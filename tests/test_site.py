"""bantin.site: the linker resolves every reference, checks what spans files, and builds the
read-only indexes the templates use."""

import pytest
from conftest import SITES, bulletin_text, copy_site, formatted, load_and_link, write_files

from bantin.site import ShareFigure, UnitRef

NEW = "content/bulletins/2024/tin-moi.md"
HEAD = 'title: "Tin mới"\ndate: 2024-03-01T08:00:00+07:00\n'
BLOC = "content/blocs/khoi-thu.yaml"
BLOC_TEXT = (SITES / "minimal" / BLOC).read_text(encoding="utf-8")


def problems_with(root, files) -> list[str]:
    write_files(root, files)
    _, problems = load_and_link(root)
    return formatted(problems)


def bulletin_problems(root, front: str = "", body: str = "Nội dung.\n") -> list[str]:
    return problems_with(root, {NEW: bulletin_text(HEAD + front, body)})


def bloc_problems(root, old: str, new: str) -> list[str]:
    assert old in BLOC_TEXT
    return problems_with(root, {BLOC: BLOC_TEXT.replace(old, new)})


@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    root = copy_site("basic", tmp_path_factory.mktemp("site"), theme=False)
    site, problems = load_and_link(root)
    assert problems == []
    return site


# ---------------------------------------------------------------- references


def test_the_minimal_site_links_without_problems(minimal_site):
    assert load_and_link(minimal_site)[1] == []


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("bloc: khoi-khac\n", "4:1: error: unknown bloc 'khoi-khac' (did you mean 'khoi-thu'?)"),
        (
            "host_unit: hoi-ccb\n",
            "4:1: error: 'hoi-ccb' is not a member unit of bloc 'khoi-thu' "
            "(members: ubmttq, hoi-nong-dan, hoi-lhpn, tinh-doan)",
        ),
        (
            "units: [ubmttq, hoi-nong]\n",
            "4:17: error: 'hoi-nong' is not a member unit of bloc 'khoi-thu' "
            "(did you mean 'hoi-nong-dan'?)",
        ),
        (
            "people: [nguyen-thi-b]\n",
            "4:10: error: unknown profile 'nguyen-thi-b'",  # another person: no suggestion
        ),
        ("campaigns: [hoc-tap-bac]\n", "4:13: error: unknown campaign 'hoc-tap-bac'"),
        (
            "category: tin-khac\n",
            "4:1: error: unknown category 'tin-khac' "
            "(declare it under categories: in site_config.yaml)",
        ),
        (
            "image: {src: khong-co.jpg}\n",
            "4:8: error: missing media file 'content/media/khong-co.jpg' "
            "(put the file under content/media/)",
        ),
        (
            "images:\n  - {src: anh.jpg}\n",
            "5:5: error: missing media file 'content/media/anh.jpg' (did you mean 'anh.png'?)",
        ),
    ],
)
def test_front_matter_references_are_checked(minimal_site, front, message):
    assert bulletin_problems(minimal_site, front) == [f"{NEW}:{message}"]


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            "bulletin:2024/hop-khoi-cu",
            "unknown bulletin '2024/hop-khoi-cu' (did you mean '2024/hop-khoi'?)",
        ),
        ("profile:nguyen-thi", "unknown profile 'nguyen-thi'"),
        ("campaign:dan-van", "unknown campaign 'dan-van' (did you mean 'dan-van-kheo'?)"),
        ("page:gioi-thieu-khoi", "unknown page 'gioi-thieu-khoi' (did you mean 'gioi-thieu'?)"),
        ("bloc:khoi-ba", "unknown bloc 'khoi-ba' (did you mean 'khoi-thu'?)"),
        (
            "unit:khoi-thu/tinh-doan-x",
            "'tinh-doan-x' is not a member unit of bloc 'khoi-thu' (did you mean 'tinh-doan'?)",
        ),
        ("unit:khoi-thu", "a unit link needs 'unit:khoi-thu/<unit>'"),
        ("tag:tong-kett", "unknown tag 'tong-kett' (did you mean 'tong-ket'?)"),
        ("event:tong-kett", "unknown event type 'tong-kett' (did you mean 'tong-ket'?)"),
        (
            "media/quy-che.pdf",
            "missing media file 'content/media/quy-che.pdf' (put the file under content/media/)",
        ),
        (
            "bulletin:2024/hop-khoi#ket-luan",
            "'bulletin:2024/hop-khoi' has no heading "
            "'#ket-luan' (link to a heading id of that page)",
        ),
    ],
)
def test_body_links_are_checked_at_their_line_and_column(minimal_site, link, message):
    problems = bulletin_problems(minimal_site, body=f"Mở đầu.\n\nXem [liên kết]({link}).\n")
    assert problems == [f"{NEW}:7:16: error: {message}"]


@pytest.mark.parametrize(
    "link",
    [
        "bulletin:2024/hop-khoi",
        "profile:nguyen-thi-a",
        "campaign:dan-van-kheo",
        "page:gioi-thieu",
        "bloc:khoi-thu",
        "unit:khoi-thu/hoi-lhpn",
        "tag:tong-ket",
        "event:so-ket",
        "media/anh.png",
    ],
)
def test_body_links_to_existing_items_are_fine(minimal_site, link):
    assert bulletin_problems(minimal_site, body=f"Xem [liên kết]({link}).\n") == []


def test_a_link_to_an_existing_heading_is_fine(minimal_site):
    write_files(
        minimal_site,
        {"content/pages/quy-che.md": '---\ntitle: "Quy chế"\n---\n## Điều 1. Phạm vi\n'},
    )
    assert bulletin_problems(minimal_site, body="[x](page:quy-che#dieu-1-pham-vi)\n") == []


def test_references_from_profiles_and_campaigns_are_checked(minimal_site):
    assert problems_with(
        minimal_site,
        {
            "content/profiles/le-van-c.md": bulletin_text(
                'name: "Lê Văn C"\nconsent: true\nbloc: khoi-thu\ncampaigns: [dan-van]\n'
                "photo: {src: le-van-c.jpg}\npositions:\n"
                "  - {title: x, unit: hoi-ccb, holds_leadership_post: false}\n"
                "  - {title: y, holds_leadership_post: true}\n"
            ),
            "content/campaigns/cu.md": bulletin_text(
                'name: "Cũ"\ntype: de-an\nlaunched_by: "UBND tỉnh"\nscope: provincial\n'
                "supersedes: [khong-co]\n"
            ),
        },
    ) == [
        "content/campaigns/cu.md:6:14: error: unknown campaign 'khong-co'",
        "content/profiles/le-van-c.md:5:13: error: unknown campaign 'dan-van' "
        "(did you mean 'dan-van-kheo'?)",
        "content/profiles/le-van-c.md:6:8: error: missing media file "
        "'content/media/le-van-c.jpg' (put the file under content/media/)",
        "content/profiles/le-van-c.md:8:5: error: 'hoi-ccb' is not a member unit of bloc "
        "'khoi-thu' (members: ubmttq, hoi-nong-dan, hoi-lhpn, tinh-doan)",
        "content/profiles/le-van-c.md:9:5: error: a position needs 'unit' (a member of the bloc) "
        "or 'unit_name'",
    ]


def test_references_from_the_bloc_file_are_checked(minimal_site):
    text = (
        BLOC_TEXT.replace("deputy: hoi-nong-dan}", "deputy: hoi-nong-dan, bulletin: 2024/khong-co}")
        + "pledges:\n  - {year: 2024, signatories: [ubmttq, hoi-x], document: giao-uoc.pdf}\n"
    )
    assert problems_with(minimal_site, {BLOC: text}) == [
        f"{BLOC}:10:5: error: unknown bulletin '2024/khong-co' (did you mean '2024/hop-khoi'?)",
        f"{BLOC}:19:5: error: 'hoi-x' is not a member unit of bloc 'khoi-thu' "
        "(did you mean 'hoi-lhpn'?)",
        f"{BLOC}:19:5: error: missing media file 'content/media/giao-uoc.pdf' "
        "(put the file under content/media/)",
    ]


# ---------------------------------------------------------------- membership by year


def test_a_unit_is_checked_against_membership_in_the_bulletin_year(minimal_site):
    assert bulletin_problems(minimal_site, "units: [ubmttq, tinh-doan]\n") == [
        f"{NEW}:4:17: error: 'tinh-doan' was not a member of bloc 'khoi-thu' in 2024 "
        "(member 2025–…)"
    ]


def test_a_unit_that_joined_that_year_is_fine(minimal_site):
    files = {
        "content/bulletins/2025/tin-2025.md": bulletin_text(
            'title: "Tin"\ndate: 2025-02-01\nunits: [tinh-doan]\n'
        )
    }
    assert problems_with(minimal_site, files) == []


def test_the_event_year_decides_membership_over_the_publication_year(minimal_site):
    files = {
        "content/bulletins/2025/tong-ket-2024.md": bulletin_text(
            'title: "Tổng kết"\ndate: 2025-01-03\nevent_date: 2024-12-28\nunits: [tinh-doan]\n'
        )
    }
    assert problems_with(minimal_site, files) == [
        "content/bulletins/2025/tong-ket-2024.md:5:9: error: 'tinh-doan' was not a member of "
        "bloc 'khoi-thu' in 2024 (member 2025–…)"
    ]


def test_a_unit_that_left_is_not_a_member_after_its_last_year(minimal_site):
    write_files(
        minimal_site,
        {
            BLOC: BLOC_TEXT.replace(
                'name: "Hội Liên hiệp Phụ nữ tỉnh"}', 'name: "Hội LHPN", to: 2023}'
            )
        },
    )
    assert bulletin_problems(minimal_site, "units: [hoi-lhpn]\n") == [
        f"{NEW}:4:9: error: 'hoi-lhpn' was not a member of bloc 'khoi-thu' in 2024 (member …–2023)"
    ]


def test_leadership_and_results_use_their_own_year(minimal_site):
    assert bloc_problems(minimal_site, "head: ubmttq", "head: tinh-doan") == [
        f"{BLOC}:10:5: error: 'tinh-doan' was not a member of bloc 'khoi-thu' in 2024 "
        "(member 2025–…)"
    ]


# ---------------------------------------------------------------- consent


def test_a_profile_without_consent_is_never_published(minimal_site):
    site, problems = load_and_link(minimal_site)
    assert problems == []
    assert [p.slug for p in site.profiles] == ["nguyen-thi-a"]
    assert "tran-van-b" not in site.profile_by_slug


@pytest.mark.parametrize(
    ("front", "body", "where"),
    [
        ("people: [tran-van-b]\n", "x\n", "4:10"),
        ("", "Anh [Trần Văn B](profile:tran-van-b) phát biểu.\n", "5:18"),
    ],
)
def test_referencing_a_profile_without_consent_is_an_error(minimal_site, front, body, where):
    assert bulletin_problems(minimal_site, front, body) == [
        f"{NEW}:{where}: error: profile 'tran-van-b' has consent: false and must not be named "
        "or linked (remove the reference, or record the person's consent)"
    ]


# ---------------------------------------------------------------- drafts


def test_drafts_are_not_published_and_links_to_them_are_errors(minimal_site):
    files = {
        "content/bulletins/2024/nhap.md": bulletin_text(HEAD + "draft: true\n"),
        NEW: bulletin_text(HEAD, "[x](bulletin:2024/nhap)\n"),
    }
    problems = problems_with(minimal_site, files)
    assert problems == [
        f"{NEW}:5:5: error: bulletin '2024/nhap' is a draft and is not published "
        "(publish it or remove the link)"
    ]
    write_files(minimal_site, {NEW: None})
    site, problems = load_and_link(minimal_site)
    assert problems == []
    assert "2024/nhap" not in site.by_id


# ---------------------------------------------------------------- the bloc file is authoritative


def test_a_leadership_change_that_disagrees_with_the_bloc_file_is_an_error(minimal_site):
    front = "leadership_change: {year: 2024, head: hoi-nong-dan, deputy: ubmttq}\n"
    assert bulletin_problems(minimal_site, front) == [
        f"{NEW}:4:20: error: the bulletin says 2024 head/deputy are hoi-nong-dan/ubmttq, but the "
        "bloc file says ubmttq/hoi-nong-dan (the bloc file is authoritative: correct one of them; "
        f"see {BLOC}:10)"
    ]


def test_a_leadership_change_that_agrees_is_fine_even_without_the_deputy(minimal_site):
    assert bulletin_problems(minimal_site, "leadership_change: {year: 2024, head: ubmttq}\n") == []


def test_a_leadership_change_for_a_year_the_bloc_file_lacks_is_an_error(minimal_site):
    assert bulletin_problems(minimal_site, "leadership_change: {year: 2023, head: ubmttq}\n") == [
        f"{NEW}:4:20: error: the bulletin reports the 2023 leadership but bloc 'khoi-thu' has "
        f"none for 2023 (add it under leadership: in {BLOC})"
    ]


def test_an_award_the_bloc_file_does_not_record_is_an_error(minimal_site):
    front = "awards_mentioned:\n  - {unit: hoi-lhpn, title: co-thi-dua-tinh}\n"
    assert bulletin_problems(minimal_site, front) == [
        f"{NEW}:5:5: error: the bulletin mentions 'co-thi-dua-tinh' for 'hoi-lhpn' in 2024, which "
        f"bloc 'khoi-thu' does not record (add it under results: in {BLOC})"
    ]


def test_an_award_called_awarded_while_the_bloc_file_says_proposed_is_an_error(minimal_site):
    front = "awards_mentioned:\n  - {unit: ubmttq, title: co-thi-dua-tinh, status: awarded}\n"
    front += "period: '2023'\n"
    assert bulletin_problems(minimal_site, front) == [
        f"{NEW}:5:5: error: the bulletin says 'co-thi-dua-tinh' for 'ubmttq' was awarded, but the "
        "bloc file says proposed (record the decision in the bloc file)"
    ]


def test_an_award_mentioned_as_proposed_matches_the_bloc_file(minimal_site):
    front = "awards_mentioned:\n  - {unit: ubmttq, title: co-thi-dua-tinh, year: 2023}\n"
    assert bulletin_problems(minimal_site, front) == []


# ---------------------------------------------------------------- bloc checks


def test_ranks_are_unique_within_a_year(minimal_site):
    assert bloc_problems(minimal_site, "rank: 2", "rank: 1") == [
        f"{BLOC}:15:9: error: rank 1 in 2023 is given to both 'ubmttq' and 'hoi-nong-dan'"
    ]


def test_the_same_rank_in_different_years_is_fine(minimal_site):
    text = BLOC_TEXT + "  - year: 2024\n    scores:\n      - {unit: hoi-lhpn, rank: 1}\n"
    assert problems_with(minimal_site, {BLOC: text}) == []


def test_an_award_marked_awarded_without_a_decision_is_a_warning(minimal_site):
    write_files(minimal_site, {BLOC: BLOC_TEXT.replace("status: proposed", "status: awarded")})
    _, problems = load_and_link(minimal_site)
    assert formatted(problems) == [
        f"{BLOC}:17:9: warning: award 'co-thi-dua-tinh' for 'ubmttq' is marked awarded without a "
        'decision number (add decision: "163/QĐ-UBND" or set status: proposed)'
    ]
    assert [p.severity for p in problems] == ["warning"]


def test_an_awarded_award_with_a_decision_is_fine(minimal_site):
    new = 'status: awarded, decision: "215/QĐ-UBND"'
    assert bloc_problems(minimal_site, "status: proposed", new) == []


def test_head_and_deputy_must_differ(minimal_site):
    assert bloc_problems(minimal_site, "deputy: hoi-nong-dan", "deputy: ubmttq") == [
        f"{BLOC}:10:5: error: in 2024 the same unit is head and deputy"
    ]


def test_a_member_listed_twice_is_an_error(minimal_site):
    assert bloc_problems(
        minimal_site,
        '  - {slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh"}\n',
        '  - {slug: hoi-lhpn, name: "Hội Liên hiệp Phụ nữ tỉnh"}\n'
        '  - {slug: ubmttq, name: "MTTQ"}\n',
    ) == [
        f"{BLOC}:8:5: error: member 'ubmttq' is listed twice "
        "(delete this second entry; the first is on line 5)"
    ]


def test_a_year_given_twice_is_an_error(minimal_site):
    text = (
        BLOC_TEXT.replace("leadership:\n", "leadership:\n  - {year: 2024, head: hoi-lhpn}\n")
        + "  - {year: 2023}\n"
    )
    assert problems_with(minimal_site, {BLOC: text}) == [
        f"{BLOC}:11:5: error: this leadership entry and the one on line 10 both cover "
        "2024-01-01: a bloc has one head a day (for a handover during the year give the "
        "outgoing head to: (its last day) and the new one from: (its first day))",
        f"{BLOC}:19:5: error: results for 2023 are given twice",
    ]


@pytest.mark.parametrize("share", ["40", "-0.1", "1.5"])
def test_a_non_leader_share_outside_zero_to_one_is_an_error(minimal_site, share):
    text = BLOC_TEXT + f"targets:\n  - {{year: 2024, non_leader_share: {share}}}\n"
    assert problems_with(minimal_site, {BLOC: text}) == [
        f"{BLOC}:19:5: error: non_leader_share must be between 0 and 1 (write 0.4 for 40%)"
    ]


# ---------------------------------------------------------------- pages and URLs


@pytest.mark.parametrize("slug", ["tin-tuc", "khoi", "chu-de", "trang", "media", "static", "404"])
def test_a_page_named_like_a_segment_is_an_error(minimal_site, slug):
    problems = problems_with(
        minimal_site, {f"content/pages/{slug}.md": '---\ntitle: "Trang"\n---\nx\n'}
    )
    assert problems == [
        f"content/pages/{slug}.md:2:1: error: the page '{slug}' would take the URL /{slug}/ "
        "that bantin uses (rename the file)"
    ]


def test_renamed_segments_free_their_old_names_for_pages(minimal_site):
    config = (minimal_site / "site_config.yaml").read_text(encoding="utf-8")
    files = {
        "site_config.yaml": config + "segments: {bulletins: tin}\n",
        "content/pages/tin-tuc.md": '---\ntitle: "Tin tức"\n---\nx\n',
    }
    assert problems_with(minimal_site, files) == []
    assert problems_with(minimal_site, {"content/pages/tin.md": '---\ntitle: "T"\n---\nx\n'}) == [
        "content/pages/tin.md:2:1: error: the page 'tin' would take the URL /tin/ that bantin "
        "uses (rename the file)"
    ]


# ---------------------------------------------------------------- indexes of the basic site

B1 = "2023/phat-dong-thi-dua-nam-2023"
B2 = "2023/so-ket-6-thang-nam-2023"
B3 = "2024/tong-ket-khoi-nam-2023"
B4 = "2024/kiem-tra-cheo-nam-2024"


def test_bulletins_are_newest_first(basic):
    assert [b.id for b in basic.bulletins] == [B4, B3, B2, B1]


def test_bulletins_by_bloc_and_by_year(basic):
    assert basic.bulletins_by_bloc == {"khoi-doan-the": (B4, B3, B2, B1)}
    assert basic.bulletins_by_year == {2024: (B4, B3), 2023: (B2, B1)}
    assert list(basic.bulletins_by_year) == [2024, 2023]


def test_bulletins_by_unit_include_host_units_and_leadership_changes(basic):
    def unit(slug):
        return basic.bulletins_by_unit[UnitRef("khoi-doan-the", slug)]

    assert unit("hoi-nong-dan") == (B4, B3, B2, B1)
    assert unit("hoi-lhpn") == (B3, B2, B1)
    assert unit("ubmttq") == (B3, B2, B1)
    assert unit("tinh-doan") == (B4,)


def test_bulletins_by_profile_campaign_and_event(basic):
    assert basic.bulletins_by_profile == {"tran-thi-mai": (B4, B3)}
    assert basic.bulletins_by_campaign == {
        "dan-van-kheo": (B3, B2, B1),
        "hoc-tap-lam-theo-bac": (B3,),
    }
    assert basic.bulletins_by_event["kiem-tra-cheo"] == (B4, B2)
    assert basic.bulletins_by_event["tong-ket"] == (B3,)


def test_tags_are_slugged_and_sorted_by_their_vietnamese_label(basic):
    assert [(t.slug, t.label) for t in basic.tags] == [
        ("dien-hinh-tien-tien", "Điển hình tiên tiến"),
        ("giao-uoc-thi-dua", "Giao ước thi đua"),
        ("kiem-tra-cheo", "Kiểm tra chéo"),
        ("so-ket", "Sơ kết"),
        ("thi-dua-yeu-nuoc", "Thi đua yêu nước"),
        ("tong-ket", "Tổng kết"),
    ]
    assert basic.tag_by_slug["thi-dua-yeu-nuoc"].bulletins == (B3, B2, B1)


def test_tag_spellings_that_fold_to_one_slug_share_a_page_under_the_commonest_label(minimal_site):
    for i, tag in enumerate(["Tổng kết", "tổng kết", "Tổng kết"]):
        write_files(
            minimal_site,
            {
                f"content/bulletins/2024/tin-{i}.md": bulletin_text(
                    f'title: "T{i}"\ndate: 2024-02-0{i + 1}\ntags: ["{tag}"]\n'
                )
            },
        )
    site, problems = load_and_link(minimal_site)
    assert problems == []
    [tag] = site.tags
    assert (tag.slug, tag.label, len(tag.bulletins)) == ("tong-ket", "Tổng kết", 4)


def test_related_bulletins_share_the_most_and_never_include_themselves(basic):
    assert basic.related[B4] == (B3, B2, B1)  # the same person, then the same event type
    assert all(bid not in related for bid, related in basic.related.items())


def test_related_bulletins_are_capped_by_related_count(minimal_site):
    config = (minimal_site / "site_config.yaml").read_text(encoding="utf-8")
    files = {"site_config.yaml": config + "related_count: 2\n"}
    for i in range(4):
        files[f"content/bulletins/2024/tin-{i}.md"] = bulletin_text(
            f'title: "T{i}"\ndate: 2024-02-0{i + 1}\ntags: ["Tổng kết"]\n'
        )
    write_files(minimal_site, files)
    site, _ = load_and_link(minimal_site)
    assert all(len(r) <= 2 for r in site.related.values())
    # equal scores: the closest in time wins
    assert site.related["2024/tin-0"] == ("2024/tin-1", "2024/tin-2")


def test_neighbours_are_older_and_newer(basic):
    assert basic.neighbours == {
        B4: (B3, None),
        B3: (B2, B4),
        B2: (B1, B3),
        B1: (None, B2),
    }
    assert basic.bloc_neighbours == basic.neighbours  # one bloc


def test_profiles_by_unit_and_by_campaign(basic):
    assert basic.profiles_by_unit == {UnitRef("khoi-doan-the", "hoi-lhpn"): ("tran-thi-mai",)}
    # named in the profile, or in a bulletin of the campaign
    assert basic.profiles_by_campaign == {
        "dan-van-kheo": ("tran-thi-mai",),
        "hoc-tap-lam-theo-bac": ("tran-thi-mai",),
    }


def test_non_leader_shares_come_from_the_numbers_the_bloc_records(basic):
    # 12 commended, 5 of them not leaders; the one published profile (not a leader) is not
    # the count
    assert basic.shares == {"khoi-doan-the": (ShareFigure(2023, 12, 5, 0.5),)}
    assert basic.shares["khoi-doan-the"][0].share == 5 / 12


def test_published_profiles_do_not_feed_the_share(minimal_site):
    """30 people were commended, 12 of them not leaders; the 4 profiles that happen to be
    published (3 of them not leaders) say nothing about the share."""
    commended = "    commended: {individuals: 30, collectives: 6, non_leaders: 12}\n"
    files = {BLOC: BLOC_TEXT + commended}
    for i, leader in enumerate([True, False, False, False]):
        files[f"content/profiles/nguoi-{i}.md"] = bulletin_text(
            f'name: "Người {i}"\nconsent: true\nbloc: khoi-thu\npositions:\n'
            f"  - {{title: Cán bộ, unit: hoi-lhpn, holds_leadership_post: {str(leader).lower()}}}\n"
            "awards:\n  - {year: 2023, title: bang-khen-tinh, authority: chu-tich-ubnd-tinh}\n"
        )
    write_files(minimal_site, files)
    site, problems = load_and_link(minimal_site)
    assert problems == []
    assert site.shares["khoi-thu"] == (ShareFigure(2023, 30, 12, None),)
    assert site.shares["khoi-thu"][0].share == 0.4


def test_a_target_year_without_recorded_numbers_has_no_share(minimal_site):
    text = BLOC_TEXT + "    commended: {individuals: 30}\n"
    text += "targets:\n  - {year: 2023, non_leader_share: 0.4}\n"
    write_files(minimal_site, {BLOC: text})
    site, _ = load_and_link(minimal_site)
    assert site.shares["khoi-thu"] == (ShareFigure(2023, None, None, 0.4),)
    assert site.shares["khoi-thu"][0].share is None


def test_more_non_leaders_than_commended_individuals_is_an_error(minimal_site):
    text = BLOC_TEXT + "    commended: {individuals: 3, non_leaders: 4}\n"
    assert problems_with(minimal_site, {BLOC: text}) == [
        f"{BLOC}:12:5: error: in 2023, non_leaders (4) is more than the commended individuals (3) "
        "(non_leaders counts those of the commended individuals who hold no leadership post)"
    ]


def test_collections_are_in_vietnamese_order(basic):
    assert [c.slug for c in basic.campaigns] == ["hoc-tap-lam-theo-bac", "dan-van-kheo"]
    assert [p.slug for p in basic.pages] == ["gioi-thieu"]


def test_today_is_the_day_of_the_newest_bulletin(basic):
    assert basic.today.isoformat() == "2024-06-12"


def test_only_media_the_content_uses_is_marked_used(basic):
    assert basic.media_used == {"2023/so-ket.png", "2024/tong-ket.png"}
