"""bantin.errors: the ``path:line:col: error: message (hint)`` lines every phase reports."""

from bantin.errors import Loc, Problem, SiteError, did_you_mean


def test_a_problem_reads_path_line_column_severity_message_and_hint():
    problem = Problem("content/pages/a.md", 3, 7, "unknown key 'titel'", "did you mean 'title'?")
    assert problem.format() == (
        "content/pages/a.md:3:7: error: unknown key 'titel' (did you mean 'title'?)"
    )


def test_a_problem_without_a_line_names_only_the_file():
    assert Problem("content/pages/A.md", message="bad name").format() == (
        "content/pages/A.md: error: bad name"
    )


def test_a_problem_with_a_line_but_no_column_says_column_one():
    assert Problem("a.md", 4, 0, "x").format() == "a.md:4:1: error: x"


def test_a_loc_makes_warnings_too():
    problem = Loc("content/blocs/k.yaml", 9, 5).problem("no decision", severity="warning")
    assert problem.format() == "content/blocs/k.yaml:9:5: warning: no decision"


def test_problems_sort_by_file_then_line_then_column():
    problems = [Problem("b.md", 1, 1, "x"), Problem("a.md", 10, 1, "y"), Problem("a.md", 2, 5, "z")]
    assert [p.format() for p in sorted(problems)] == [
        "a.md:2:5: error: z",
        "a.md:10:1: error: y",
        "b.md:1:1: error: x",
    ]


def test_site_error_carries_its_problems_sorted_and_unique():
    b, a = Problem("b.md", 1, 1, "x"), Problem("a.md", 1, 1, "y")
    exc = SiteError([b, a, b])
    assert exc.problems == [a, b]
    assert str(exc) == "a.md:1:1: error: y\nb.md:1:1: error: x"


def test_did_you_mean_suggests_the_closest_choice_or_nothing():
    assert did_you_mean("tong-kett", ["tong-ket", "so-ket"]) == "did you mean 'tong-ket'?"
    assert did_you_mean("xyz", ["tong-ket"]) == ""
