import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jiefen.regions.management import divisions
from jiefen.regions.models import Region

SHIPPED_COUNTS = {"province": 1, "city": 1, "county": 7, "township": 109, "village": 1782}

# A tiny file in the shared format: two cities of Jiangsu and one of Anhui.
SAMPLE = """code,name,level,parent_code
320000000000,江苏省,province,
320100000000,南京市,city,320000000000
320102000000,玄武区,county,320100000000
320102002000,梅园新村街道,township,320102000000
320700000000,连云港市,city,320000000000
320706000000,海州区,county,320700000000
320706001000,朐阳街道,township,320706000000
320706001001,西门社区居委会,village,320706001000
320706001200,西门村委会,village,320706001000
340000000000,安徽省,province,
340100000000,合肥市,city,340000000000
"""


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "divisions.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def shipped_rows():
    with open(divisions.SHIPPED_SLICE, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_the_shipped_slice_loads_lianyungang_with_every_level_and_parent():
    result = divisions.load_file()

    assert result.created == 1900
    counts = {level: Region.objects.filter(level=level).count() for level in SHIPPED_COUNTS}
    assert counts == SHIPPED_COUNTS
    expected_parent = {row["code"]: row["parent_code"] or None for row in shipped_rows()}
    actual_parent = dict(Region.objects.values_list("code", "parent__code"))
    assert actual_parent == expected_parent
    parent_level = {"city": "province", "county": "city", "township": "county", "village": "township"}
    for region in Region.objects.select_related("parent").exclude(level="province"):
        assert region.parent.level == parent_level[region.level]
        assert region.code.startswith(region.parent.prefix)
    xm = Region.objects.get(code="320706001001")
    assert (xm.name, xm.level, xm.parent.name) == ("西门社区居委会", "village", "朐阳街道")
    assert xm.full_name == "连云港市海州区朐阳街道西门社区居委会"


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_a_changed_name_is_put_right(django_assert_max_num_queries):
    divisions.load_file()
    ids = dict(Region.objects.values_list("code", "pk"))
    Region.objects.filter(code="320706000000").update(name="旧名")

    with django_assert_max_num_queries(12):
        result = divisions.load_file()

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1899)
    assert dict(Region.objects.values_list("code", "pk")) == ids
    assert Region.objects.get(code="320706000000").name == "海州区"


@pytest.mark.django_db
def test_a_first_load_is_a_handful_of_bulk_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        divisions.load_file()


def test_the_prefix_selects_the_rows_under_it_and_the_rows_above_it(sample):
    rows = divisions.read(sample)

    assert [row.code for row in divisions.select(rows, "3207")] == [
        "320000000000", "320700000000", "320706000000", "320706001000", "320706001001", "320706001200",
    ]
    assert [row.code for row in divisions.select(rows, "320706001")] == [
        "320000000000", "320700000000", "320706000000", "320706001000", "320706001001", "320706001200",
    ]
    assert [row.code for row in divisions.select(rows, "32")] == [row.code for row in rows[:9]]
    assert len(divisions.select(rows, None)) == len(rows)


@pytest.mark.parametrize("prefix", ["320", "32070", "abcd", ""])
def test_a_prefix_must_be_the_significant_digits_of_a_code(sample, prefix):
    with pytest.raises(divisions.DivisionError):
        divisions.select(divisions.read(sample), prefix)


def test_the_shipped_slice_is_its_own_selection_and_writes_back_byte_for_byte(tmp_path):
    rows = divisions.read(divisions.SHIPPED_SLICE)
    out = tmp_path / "slice.csv"

    written = divisions.write_slice(divisions.select(rows, "3207"), out)

    assert written == 1900
    assert out.read_bytes() == divisions.SHIPPED_SLICE.read_bytes()


def test_write_slice_reproduces_the_shipped_format_from_a_larger_file(sample, tmp_path):
    out = tmp_path / "slice.csv"

    call_command("load_regions", str(sample), "--prefix", "3207", "--write-slice", str(out), stdout=StringIO())

    assert out.read_text(encoding="utf-8") == (
        "code,name,level,parent_code\n"
        "320000000000,江苏省,province,\n"
        "320700000000,连云港市,city,320000000000\n"
        "320706000000,海州区,county,320700000000\n"
        "320706001000,朐阳街道,township,320706000000\n"
        "320706001001,西门社区居委会,village,320706001000\n"
        "320706001200,西门村委会,village,320706001000\n"
    )


@pytest.mark.django_db
def test_the_command_loads_the_shipped_slice_by_default_and_reports_what_it_did():
    out = StringIO()
    call_command("load_regions", stdout=out)
    call_command("load_regions", stdout=out)

    assert Region.objects.count() == 1900
    first, second = out.getvalue().splitlines()
    assert "1900 rows, 1900 created, 0 updated, 0 unchanged" in first
    assert "1900 rows, 0 created, 0 updated, 1900 unchanged" in second


@pytest.mark.django_db
def test_the_command_loads_another_prefix_of_a_larger_file(sample):
    call_command("load_regions", str(sample), "--prefix", "3201", stdout=StringIO())

    names = sorted(Region.objects.values_list("name", flat=True))
    assert names == sorted(["江苏省", "南京市", "玄武区", "梅园新村街道"])
    assert Region.objects.get(code="320102002000").parent.parent.parent.name == "江苏省"


@pytest.mark.django_db
def test_every_row_with_prefix_all(sample):
    call_command("load_regions", str(sample), "--prefix", "all", stdout=StringIO())

    assert Region.objects.count() == 11
    assert Region.objects.get(code="340100000000").parent.name == "安徽省"


@pytest.mark.django_db
def test_a_row_whose_parent_is_nowhere_stops_the_load_and_changes_nothing(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(
        "code,name,level,parent_code\n"
        "320000000000,江苏省,province,\n"
        "320706000000,海州区,county,320700000000\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="320700000000"):
        call_command("load_regions", str(path), "--prefix", "32", stdout=StringIO())
    assert not Region.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        ("code,name,level\n320000000000,江苏省,province\n", "columns"),
        ("code,name,level,parent_code\n3200,江苏省,province,\n", "12 digits"),
        ("code,name,level,parent_code\n320000000000,江苏省,state,\n", "unknown level"),
    ],
)
def test_a_malformed_file_is_refused_with_the_line(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        call_command("load_regions", str(path), "--prefix", "32", stdout=StringIO())
