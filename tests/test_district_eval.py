"""The district's compiled figures: pooled counts, funnel limits, outside flags, district.json."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planlib.evaluation.district import Submission, compile_district
from planlib.evaluation.evaluate import status_of
from planlib.evaluation.funnel import (
    count_limits,
    funnel_limits,
    has_width,
    position,
    positions,
    quantile_counts,
)
from planlib.evaluation.session import open_evaluation, open_plan
from planlib.inputs.sample.district import write_district_sample

PLAN = open_plan()
TARGETS = {t.id: t for t in PLAN.targets}


# --- funnel limits, worked by hand -------------------------------------------------------------


def _binom_cdf(r: int, n: int, theta: float) -> float:
    return sum(math.comb(n, k) * theta**k * (1 - theta) ** (n - k) for k in range(r + 1))


def _poisson_cdf(r: int, mu: float) -> float:
    return sum(math.exp(-mu) * mu**k / math.factorial(k) for k in range(r + 1))


def test_binomial_limits_at_400_around_85_percent():
    """Bin(400, 0.85); F computed here from the binomial sum, independently of scipy.

    Lower 95% (p = 0.025): r_p = 326 (F(325) = 0.023571 < 0.025 ≤ F(326) = 0.031955);
    α = (0.031955 − 0.025) / (0.031955 − 0.023571) = 0.006955 / 0.008384 = 0.82955;
    limit = (326 − 0.82955) / 400 = 0.812926 → 81.2926%.
    Upper 95% (p = 0.975): r_p = 354 (F(353) = 0.973698, F(354) = 0.981636);
    α = (0.981636 − 0.975) / 0.007938 = 0.83597; limit = (354 − 0.83597) / 400 → 88.2910%.
    Lower 99.8% (p = 0.001): r_p = 317 (F(316) = 0.000804, F(317) = 0.001238);
    α = 0.000238 / 0.000434 = 0.5480; limit = 316.452 / 400 → 79.1131%.
    Upper 99.8% (p = 0.999): r_p = 361 (F(360) = 0.998706, F(361) = 0.999239);
    α = 0.000239 / 0.000533 = 0.4491; limit = 360.551 / 400 → 90.1377%.
    """
    n, theta = 400, 0.85
    expected = {}
    for p, r in ((0.025, 326), (0.975, 354), (0.001, 317), (0.999, 361)):
        below, at = _binom_cdf(r - 1, n, theta), _binom_cdf(r, n, theta)
        assert below < p <= at
        expected[p] = (r - (at - p) / (at - below)) / n * 100
    limits = funnel_limits(85, [400], factor=100, model="binomial").iloc[0]
    assert limits["lower95"] == pytest.approx(expected[0.025], abs=1e-9)
    assert limits["upper95"] == pytest.approx(expected[0.975], abs=1e-9)
    assert limits["lower998"] == pytest.approx(expected[0.001], abs=1e-9)
    assert limits["upper998"] == pytest.approx(expected[0.999], abs=1e-9)
    assert limits["lower95"] == pytest.approx(81.2926, abs=5e-4)
    assert limits["upper95"] == pytest.approx(88.2910, abs=5e-4)
    assert limits["lower998"] == pytest.approx(79.1131, abs=5e-4)
    assert limits["upper998"] == pytest.approx(90.1377, abs=5e-4)


def test_poisson_limits_at_600_around_60_per_10000():
    """Poi(600 × 60/10.000 = 3.6); F from the Poisson sum.

    Upper 95%: r_p = 8 (F(7) = 0.969211, F(8) = 0.988329); α = 0.013329 / 0.019118 = 0.69718;
    limit = (8 − 0.69718) / 600 × 10.000 = 121.714 per 10.000.
    Upper 99.8%: r_p = 11 (F(10) = 0.998729, F(11) = 0.999630); α = 0.000630 / 0.000901 =
    0.69889; limit = 10.30111 / 600 × 10.000 = 171.685.
    Lower (both): r_p = 0 as F(0) = e^−3.6 = 0.027324 ≥ 0.025; α > 0 puts the limit below
    0, shown at 0: no school of 600 children can be "below" 60 per 10.000.
    """
    mu = 3.6
    up95 = (8 - (_poisson_cdf(8, mu) - 0.975) / (_poisson_cdf(8, mu) - _poisson_cdf(7, mu))) / 600
    up998 = 11 - (_poisson_cdf(11, mu) - 0.999) / (_poisson_cdf(11, mu) - _poisson_cdf(10, mu))
    limits = funnel_limits(60, [600], factor=10_000, model="poisson").iloc[0]
    assert limits["upper95"] == pytest.approx(up95 * 10_000, abs=1e-9)
    assert limits["upper998"] == pytest.approx(up998 / 600 * 10_000, abs=1e-9)
    assert limits["upper95"] == pytest.approx(121.714, abs=1e-3)
    assert limits["upper998"] == pytest.approx(171.685, abs=1e-3)
    assert limits["lower95"] == 0 and limits["lower998"] == 0
    assert count_limits(60, [600], 0.025, factor=10_000, model="poisson")[0] < 0


def test_outside_is_the_exact_count_test_at_the_boundary():
    """At 600 children and 60/10.000, r_{0.999} = 11: 11 injured is inside, 12 above."""
    kw = {"centre": 60, "factor": 10_000, "model": "poisson"}
    assert quantile_counts(60, 600, 0.998, factor=10_000, model="poisson") == (0, 11)
    assert position(11, 600, **kw) is None and position(12, 600, **kw) == "above"
    assert position(8, 600, **kw, level=0.95) is None
    assert position(9, 600, **kw, level=0.95) == "above"
    assert position(0, 600, **kw) is None  # the lower limit cannot be crossed
    # Bin(400, 0.85): r_{0.001} = 317, so 316 passed is below and 317 is not
    kw = {"centre": 85, "factor": 100, "model": "binomial"}
    assert position(316, 400, **kw) == "below" and position(317, 400, **kw) is None
    assert position(361, 400, **kw) is None and position(362, 400, **kw) == "above"
    # 10 of 10 against 95%: P(X ≥ 10) = 0.95^10 ≈ 0.60, not outside
    assert position(10, 10, centre=95, factor=100, model="binomial") is None
    assert position(5, 0, **kw) is None
    assert position(5, 10, centre=100, factor=100, model="binomial") is None  # no width


@settings(max_examples=60, deadline=None)
@given(
    model=st.sampled_from([("binomial", 85, 100), ("poisson", 60, 10_000), ("binomial", 100, 100)]),
    pairs=st.lists(
        st.integers(0, 700).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))),
        max_size=12,
    ),
    level=st.sampled_from([0.95, 0.998]),
)
def test_positions_at_once_are_positions_one_by_one(model, pairs, level):
    name, centre, factor = model
    kw = {"centre": centre, "factor": factor, "model": name, "level": level}
    nums, dens = [n for n, _ in pairs], [d for _, d in pairs]
    assert positions(nums, dens, **kw) == [position(n, d, **kw) for n, d in pairs]


def test_a_funnel_of_no_width_is_refused():
    assert not has_width(100, factor=100, model="binomial")
    assert not has_width(0, factor=10_000, model="poisson")
    assert has_width(100, factor=10_000, model="poisson")
    with pytest.raises(ValueError, match="no width"):
        funnel_limits(100, [10], factor=100, model="binomial")
    with pytest.raises(ValueError, match="positive"):
        funnel_limits(50, [0, 10], factor=100, model="binomial")


_MODELS = st.one_of(
    st.tuples(st.just("binomial"), st.floats(0.5, 99.5), st.just(100)),
    st.tuples(st.just("poisson"), st.floats(0.5, 500), st.just(10_000)),
)


@settings(max_examples=150, deadline=None)
@given(model=_MODELS, n=st.integers(1, 5000))
def test_limits_nest_and_contain_the_centre(model, n):
    """Nested always; around the centre once a case (and, for a share, a non-case) is expected."""
    name, centre, factor = model
    row = funnel_limits(centre, [n], factor=factor, model=name).iloc[0]
    assert 0 <= row["lower998"] <= row["lower95"] <= row["upper95"] <= row["upper998"]
    if name == "binomial":
        assert row["upper998"] <= 100
    expected = n * centre / factor
    if expected >= 1 and (name == "poisson" or n - expected >= 1):
        assert row["lower95"] <= centre <= row["upper95"]


@settings(max_examples=100, deadline=None)
@given(model=_MODELS, n=st.integers(20, 2000))
def test_limits_narrow_as_the_denominator_grows(model, n):
    """Four times the denominator: each limit at least as close to the centre.

    Once a case (and, for a share, a non-case) is expected at the smaller denominator: below
    that, the upper limit is cut at 0, or a share's pressed against 100%, and moves outwards
    with the denominator until one is.
    """
    name, centre, factor = model
    assume(n * centre / factor >= 1)
    assume(name == "poisson" or n * (factor - centre) / factor >= 1)
    rows = funnel_limits(centre, [n, 4 * n], factor=factor, model=name)
    small, large = rows.iloc[0], rows.iloc[1]
    for key in ("95", "998"):
        assert large[f"upper{key}"] <= small[f"upper{key}"] + 1e-12
        assert large[f"lower{key}"] >= small[f"lower{key}"] - 1e-12


@settings(max_examples=100, deadline=None)
@given(centre=st.floats(1, 99), n=st.integers(1, 3000))
def test_binomial_limits_mirror_at_one_minus_the_centre(centre, n):
    """X ~ Bin(n, θ) ⇔ n − X ~ Bin(n, 1 − θ), one count apart.

    The interpolation spreads the mass at r over (r − 1, r]; mirrored, that is [r, r + 1), so
    the upper count limit at θ is ``n − 1 −`` the lower count limit at 1 − θ, exactly.
    """
    for tail in (0.025, 0.001):
        high = count_limits(centre, [n], 1 - tail, factor=100, model="binomial")[0]
        low = count_limits(100 - centre, [n], tail, factor=100, model="binomial")[0]
        assert high == pytest.approx(n - 1 - low, abs=1e-7)


def test_large_denominators_approach_the_normal_limits():
    n = np.array([10_000, 100_000])
    rows = funnel_limits(85, n, factor=100, model="binomial")
    sd = np.sqrt(0.85 * 0.15 / n) * 100
    assert np.allclose(rows["upper998"], 85 + 3.0902 * sd, atol=0.05 * sd.max() + 0.01)
    assert np.allclose(rows["lower95"], 85 - 1.96 * sd, atol=0.05 * sd.max() + 0.01)


# --- compile_district on synthetic results -----------------------------------------------------


def _results(counts: dict[str, tuple[int, int] | None], **school: str) -> dict:
    indicators = []
    for target in PLAN.targets:
        pair = counts.get(target.id)
        if pair is None:
            indicators.append(
                {
                    "id": target.id,
                    "numerator": None,
                    "denominator": None,
                    "value": None,
                    "status": "no_data",
                }
            )
            continue
        n, d = pair
        indicators.append(
            {
                "id": target.id,
                "numerator": n,
                "denominator": d,
                "value": n * target.factor / d if d else None,
                "status": status_of(target, n, d),
            }
        )
    return {
        "schema": "planlib.results/1",
        "plan": {"id": PLAN.id, "period": {"start": "2023-01-01", "end": "2023-12-31"}},
        "school": {
            "name": school.get("name", "x"),
            "district": school.get("district", ""),
            "province": school.get("province", ""),
        },
        "data": {"source": "x", "sha256": "0", "sample": False},
        "indicators": indicators,
        "solution_areas": [{"id": "S1", "planned": 4, "counted": 3, "completion": 0.75}],
        "funding": [
            {
                "id": "F1",
                "planned": 10,
                "received": 2,
                "spent": 5,
                "by_source": [
                    {"source": "regular_budget", "planned": 10, "received": 2, "spent": 5}
                ],
            }
        ],
    }


def _ok(name: str, counts: dict, **school: str) -> Submission:
    return Submission(name, f"{name}.xlsx", "ok", results=_results(counts, name=name, **school))


_PAIR = st.integers(0, 700).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d)))
_SCHOOL = st.fixed_dictionaries({t: st.one_of(st.none(), _PAIR) for t in TARGETS})


@settings(max_examples=60, deadline=None)
@given(
    schools=st.lists(_SCHOOL, min_size=1, max_size=12),
    others=st.lists(st.sampled_from(["invalid", "failed", "missing"]), max_size=4),
)
def test_pooled_counts_are_the_sums_over_the_ok_schools(schools, others):
    subs = [_ok(f"s{i}", counts) for i, counts in enumerate(schools)]
    for j, status in enumerate(others):  # a failed school's results exist but are not pooled
        big = _results({t: (500, 500) for t in TARGETS}) if status == "failed" else None
        subs.insert(j, Submission(f"o{j}", f"o{j}", status, errors=3, results=big))
    district = compile_district(PLAN, subs)
    for target_id, target in TARGETS.items():
        pooled = district.indicator(target_id)
        pairs = [c[target_id] for c in schools if c[target_id] is not None]
        counted = [(n, d) for n, d in pairs if d > 0]
        assert pooled.numerator == sum(n for n, _ in counted)
        assert pooled.denominator == sum(d for _, d in counted)
        assert pooled.schools_evaluated == len(counted)
        assert pooled.schools_achieved == sum(target.holds(n, d) for n, d in counted)
        if not pairs:
            assert pooled.status == "no_data"
        elif not counted:
            assert pooled.status == "not_applicable" and pooled.value is None
        else:
            assert pooled.status == status_of(target, pooled.numerator, pooled.denominator)
            assert Fraction(pooled.value).limit_denominator(10**7) == Fraction(
                pooled.numerator * target.factor, pooled.denominator
            ).limit_denominator(10**7)
        assert [f.school for f in pooled.schools] == [f"s{i}" for i in range(len(schools))]
    doc = district.to_dict()
    assert [s["name"] for s in doc["schools"]] == [s.name for s in subs]
    for entry in doc["schools"]:
        if entry["status"] != "ok":
            assert entry["indicators"] == {} and entry["outside_limits"] == []
    assert doc["areas"][0]["planned"] == 4 * len(schools)
    assert doc["funding"][0]["spent"] == 5 * len(schools)


def test_pooled_value_exactly_at_the_threshold():
    """1/100 + 2/100 = 3/200 = 1,5%: not below 1,5% (T1.1); 170/200 = 85% meets ≥ 85 (T5)."""
    subs = [
        _ok("a", {"T1.1": (1, 100), "T5": (80, 100)}),
        _ok("b", {"T1.1": (2, 100), "T5": (90, 100)}),
    ]
    district = compile_district(PLAN, subs)
    assert district.indicator("T1.1").status == "not_achieved"
    assert district.indicator("T1.1").value == 1.5
    assert district.indicator("T5").status == "achieved"
    assert district.indicator("T5").schools_achieved == 1


def test_no_case_anywhere_is_not_applicable_and_no_data_anywhere_is_no_data():
    subs = [_ok("a", {"T3": (0, 0)}), _ok("b", {"T3": (0, 0)})]
    district = compile_district(PLAN, subs)
    t3 = district.indicator("T3")
    assert (t3.status, t3.numerator, t3.denominator, t3.value, t3.ci95) == (
        "not_applicable",
        0,
        0,
        None,
        None,
    )
    assert t3.schools_evaluated == 0 and t3.centre is None and not t3.centre_is_target
    assert all(f.outside998 is None for f in t3.schools)
    assert district.indicator("T4").status == "no_data"
    assert {f.status for f in district.indicator("T4").schools} == {"no_data"}


def test_centre_is_the_target_unless_the_target_gives_no_width():
    subs = [
        _ok("a", {"T5": (300, 400), "T6": (10, 12)}),
        _ok("b", {"T5": (390, 400), "T6": (12, 12)}),
    ]
    district = compile_district(PLAN, subs)
    t5, t6 = district.indicator("T5"), district.indicator("T6")
    assert (t5.centre, t5.centre_is_target, t5.model) == (85, True, "binomial")
    assert [f.outside998 for f in t5.schools] == ["below", "above"]
    assert (t6.centre, t6.centre_is_target) == (22 * 100 / 24, False)
    assert district.indicator("T2.1").model == "poisson"


def test_district_identity_given_else_agreed_else_empty():
    same = {"district": "huyện Phú Vang", "province": "tỉnh Thừa Thiên Huế"}
    subs = [_ok("a", {}, **same), _ok("b", {}, **same)]
    assert compile_district(PLAN, subs).district == {
        "name": "huyện Phú Vang",
        "province": "tỉnh Thừa Thiên Huế",
    }
    mixed = [*subs, _ok("c", {}, district="huyện Phú Lộc", province="tỉnh Thừa Thiên Huế")]
    assert compile_district(PLAN, mixed).district == {"name": "", "province": "tỉnh Thừa Thiên Huế"}
    given_ = compile_district(PLAN, mixed, {"name": "huyện A Lưới", "province": "tỉnh X"})
    assert given_.district == {"name": "huyện A Lưới", "province": "tỉnh X"}


def test_district_json_keys_and_order():
    subs = [_ok("a", {"T2.1": (2, 600)}), Submission("lỗi", "loi", "invalid", errors=7)]
    doc = compile_district(PLAN, subs).to_dict()
    assert list(doc)[:6] == ["schema", "plan", "district", "indicators", "schools", "areas"]
    assert doc["schema"] == "planlib.district/1"
    assert doc["plan"] == {"id": PLAN.id, "period": {"start": "2023-01-01", "end": "2023-12-31"}}
    assert list(doc["indicators"][0])[:8] == [
        "id",
        "numerator",
        "denominator",
        "value",
        "ci95",
        "status",
        "schools_achieved",
        "schools_evaluated",
    ]
    assert list(doc["schools"][0])[:7] == [
        "name",
        "source",
        "status",
        "errors",
        "indicators",
        "outside_limits",
        "report",
    ]
    assert list(doc["schools"][0]["indicators"]["T2.1"]) == [
        "numerator",
        "denominator",
        "value",
        "status",
    ]
    assert doc["schools"][1] == {
        "name": "lỗi",
        "source": "loi",
        "status": "invalid",
        "errors": 7,
        "indicators": {},
        "outside_limits": [],
        "report": None,
    }
    assert [i["id"] for i in doc["indicators"]] == list(TARGETS)
    assert json.loads(json.dumps(doc)) == doc


# --- built from real evaluations ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    folder = tmp_path_factory.mktemp("district")
    paths = write_district_sample(folder, 4)
    subs = []
    for path in paths:
        results = open_evaluation(path).to_dict()
        subs.append(Submission(results["school"]["name"], path.name, "ok", results=results))
    subs.append(Submission("thcs-loi", "thcs-loi", "invalid", errors=7))
    return subs, compile_district(PLAN, subs)


def test_real_schools_pool_to_the_sums_of_their_results(real):
    subs, district = real
    doc = district.to_dict()
    assert doc["district"] == {"name": "huyện Phú Vang", "province": "tỉnh Thừa Thiên Huế"}
    for pooled in doc["indicators"]:
        entries = [
            next(i for i in s.results["indicators"] if i["id"] == pooled["id"])
            for s in subs
            if s.results
        ]
        assert pooled["numerator"] == sum(e["numerator"] for e in entries if e["denominator"])
        assert pooled["denominator"] == sum(e["denominator"] for e in entries)
    by_name = {s["name"]: s for s in doc["schools"]}
    assert by_name["Trường THCS Vinh Xuân"]["indicators"]["T2.1"]["numerator"] == 18
    assert "T2.1" in by_name["Trường THCS Vinh Xuân"]["outside_limits"]
    assert "T5" in by_name["Trường THCS Phú Diên"]["outside_limits"]
    assert by_name["Trường THCS Phú Thuận"]["outside_limits"] == []
    assert doc["sample"] is True  # every school carries the sample-data marker


def test_no_personal_data_in_district_json(real):
    text = json.dumps(real[1].to_dict(), ensure_ascii=False)
    assert (
        "Hiệu trưởng HT" not in text
        and "HS0" not in text
        and "/" not in text.replace("planlib.district/1", "")
    )


def test_schools_of_the_same_name_keep_their_own_figures():
    subs = [
        _ok("THCS A", {"T2.1": (1, 300)}),
        Submission("THCS B", "b", "ok", results=None),  # ok without results: not pooled
        _ok("THCS A", {"T2.1": (30, 400)}),
    ]
    district = compile_district(PLAN, subs)
    doc = district.to_dict()
    assert [s["indicators"].get("T2.1", {}).get("numerator") for s in doc["schools"]] == [
        1,
        None,
        30,
    ]
    assert doc["schools"][2]["outside_limits"] == ["T2.1"]
    assert district.indicator("T2.1").denominator == 700
    assert district.school_figures(subs[2])["T2.1"].outside998 == "above"
    assert district.school_figures(subs[1]) == {}


def test_a_school_without_funding_or_activities_tables_compiles():
    """case-01 has no funding table (its ``by_source`` is null): its figures still pool, and the
    funding sums are those of the schools that have one."""
    from conftest import CASES

    plan = open_plan(None)
    sample = open_evaluation(None).to_dict()
    case = open_evaluation(CASES / "case-01").to_dict()
    assert case["funding"] and all(f["by_source"] is None for f in case["funding"])
    district = compile_district(
        plan,
        [Submission("A", "a.xlsx", "ok", results=sample), Submission("B", "b", "ok", results=case)],
    )
    t21 = district.indicator("T2.1")
    pairs = [(d["indicators"], "T2.1") for d in (sample, case)]
    expected = [next(i for i in ind if i["id"] == tid) for ind, tid in pairs]
    assert t21.numerator == sum(e["numerator"] for e in expected)
    assert t21.denominator == sum(e["denominator"] for e in expected)
    planned = sum(f["planned"] or 0 for f in sample["funding"])
    assert sum(f.planned for f in district.funding) == planned
    json.dumps(district.to_dict())
