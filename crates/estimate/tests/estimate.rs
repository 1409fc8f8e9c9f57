//! The whole estimation: strata, JSON of formats.md section 5, model search, bootstrap
//! reproducibility, and golden text output (regenerate with `UPDATE_GOLDEN=1`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use zicht_codebook::Lang;
use zicht_estimate::{
    Criterion, HistoriesFile, Method, ModelSpec, Options, bootstrap_bca, estimate, read_histories,
    read_histories_path, render_text, search,
};

/// The published MSE data sets (`testdata/mse`), or `$ZICHT_MSE_DATA`.
fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ZICHT_MSE_DATA") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/mse")
}

fn load(name: &str) -> HistoriesFile {
    read_histories_path(&data_dir().join(name)).unwrap()
}

fn opts(method: Method) -> Options {
    Options {
        method,
        threads: 2,
        compare: false,
        ..Options::default()
    }
}

#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing; run with UPDATE_GOLDEN=1", path.display()));
    assert_eq!(actual, want, "{name} differs from the golden file");
}

/// The stratified file of the tests: the Korea data split into two strata.
const STRATA: &str = "A,B,C,count,sex\n\
0,0,1,20,f\n0,1,0,3,f\n1,0,0,2,f\n1,1,0,30,f\n1,0,1,3,f\n1,1,1,7,f\n\
0,0,1,21,m\n0,1,0,2,m\n1,0,0,3,m\n1,1,0,24,m\n1,0,1,3,m\n1,1,1,5,m\n";

#[test]
fn strata_are_estimated_separately_and_in_total() {
    let file = read_histories(STRATA.as_bytes(), "strata.csv").unwrap();
    assert_eq!(file.total, load("korea-3lists.csv").total);
    let o = opts(Method::Stepwise { threshold: 0.02 });
    // Without --strata only the covariate model, with it each stratum as well.
    assert!(estimate(&file, &o).unwrap().strata.is_empty());
    let r = estimate(
        &file,
        &Options {
            strata: true,
            ..o.clone()
        },
    )
    .unwrap();
    assert!((r.total.estimate.unwrap() - 268.78).abs() < 0.01);
    assert_eq!(r.strata.len(), 2);
    // The covariate model: the levels add up to its total.
    let c = r.covariates.as_ref().unwrap();
    let sum: f64 = c.groups.iter().map(|g| g.estimate).sum();
    assert!((sum - c.estimate).abs() < 1e-6 * c.estimate);
    assert_eq!(c.groups.iter().map(|g| g.observed).sum::<u64>(), 123);
    let observed: u64 = r
        .strata
        .iter()
        .map(|s| s.estimate.as_ref().unwrap().observed)
        .sum();
    assert_eq!(observed, 123);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["strata"][1]["stratum"]["sex"], "m");
    assert!(json["strata"][0]["estimate"].is_number());
    golden("korea-strata.nl.txt", &render_text(&r, Lang::Nl));
}

#[test]
fn json_has_the_keys_of_formats_section_5() {
    let r = estimate(
        &load("korea-3lists.csv"),
        &opts(Method::Search(Criterion::Aic)),
    )
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["lists"], serde_json::json!(["A", "B", "C"]));
    assert_eq!(v["observed"], 123);
    assert_eq!(v["criterion"], "AIC");
    assert_eq!(v["ci_method"], "profile likelihood");
    let est = v["estimate"].as_f64().unwrap();
    let ci = v["ci"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < est && est < ci[1].as_f64().unwrap());
    let models = v["models"].as_array().unwrap();
    assert_eq!(models.len(), 8);
    assert_eq!(models[0]["model"], v["model"]);
    for m in models {
        assert!(m.get("aic").is_some() && m.get("estimate").is_some() && m.get("model").is_some());
    }
    assert!(v.get("strata").is_none());
}

#[test]
fn search_ranks_all_two_way_models() {
    let no8 = load("neworleans-8lists.csv").total;
    let no5 = no8.merge_lists(&["B", "E", "F", "G"], "BEFG").unwrap();
    let s = search(&no5, Criterion::Bic, 2).unwrap();
    assert_eq!(s.models.len(), 1024);
    let best = s.models[0].bic.unwrap();
    for m in &s.models {
        if m.status.code == 0 {
            assert!(m.bic.unwrap() >= best);
        }
    }
    assert_eq!(s.best.model, s.models[0].model);
    // Single- and multi-threaded searches agree.
    let s1 = search(&no5, Criterion::Bic, 1).unwrap();
    assert!(
        s1.models
            .iter()
            .map(|m| &m.spec)
            .eq(s.models.iter().map(|m| &m.spec))
    );
    // Models with empty overlaps among them are flagged or fitted, never dropped.
    assert!(s.models.iter().any(|m| m.spec.contains("A:H")));
}

#[test]
fn bootstrap_is_reproducible_and_thread_independent() {
    let h = load("korea-3lists.csv").total;
    let m = Method::Stepwise { threshold: 0.02 };
    let a = bootstrap_bca(&h, &m, 200, 7, 0.95, 1).unwrap();
    let b = bootstrap_bca(&h, &m, 200, 7, 0.95, 2).unwrap();
    assert_eq!(a.estimates, b.estimates);
    assert_eq!((a.lower, a.upper), (b.lower, b.upper));
    let (lo, hi) = (a.lower.unwrap(), a.upper.unwrap());
    let c = bootstrap_bca(&h, &m, 200, 8, 0.95, 2).unwrap();
    assert_ne!(a.estimates, c.estimates);
    assert!(lo < a.estimate && a.estimate < hi, "{a:?}");
}

#[test]
fn fixed_model_text_in_both_languages() {
    let file = load("uk2013-6lists.csv");
    let spec = ModelSpec::parse(
        "LA:NG,LA:PF,NG:GO,NG:GP,PF:GP,GO:GP,PF:NCA",
        file.total.lists(),
    )
    .unwrap();
    let r = estimate(&file, &opts(Method::Fixed(spec))).unwrap();
    golden("uk2013-fixed.nl.txt", &render_text(&r, Lang::Nl));
    golden("uk2013-fixed.en.txt", &render_text(&r, Lang::En));
}

#[test]
fn netherlands_text_names_the_empty_overlaps() {
    let r = estimate(
        &load("netherlands-2010-2015-6lists.csv"),
        &opts(Method::Stepwise { threshold: 0.02 }),
    )
    .unwrap();
    assert_eq!(r.total.empty_overlaps, vec!["I:K", "K:R"]);
    golden("netherlands-stepwise.nl.txt", &render_text(&r, Lang::Nl));
}

#[test]
fn infinite_and_unidentifiable_models_give_no_estimate() {
    let file = load("artificial-3lists.csv");
    let ab = ModelSpec::parse("A:B", file.total.lists()).unwrap();
    let r = estimate(&file, &opts(Method::Fixed(ab))).unwrap();
    assert_eq!(r.total.status.code, 1);
    assert_eq!(r.total.estimate, None);
    assert_eq!(r.total.ci, [None, None]);
    let all = ModelSpec::parse("A:B,A:C,B:C", file.total.lists()).unwrap();
    let e = estimate(&file, &opts(Method::Fixed(all))).unwrap_err();
    assert!(e.to_string().contains("not identifiable"), "{e}");
}

#[test]
fn lists_without_persons_are_left_out() {
    // List B has nobody: the estimate is that of A and C alone (Lincoln-Petersen 200).
    let text = "A,B,C,count\n1,0,0,60\n0,0,1,30\n1,0,1,20\n";
    let file = read_histories(text.as_bytes(), "h.csv").unwrap();
    let r = estimate(&file, &opts(Method::Stepwise { threshold: 0.02 })).unwrap();
    assert_eq!(r.total.dropped_lists, vec!["B"]);
    assert_eq!(r.total.lists, vec!["A", "C"]);
    assert!((r.total.estimate.unwrap() - 200.0).abs() < 1e-9);
    let spec = ModelSpec::parse("independence", file.total.lists()).unwrap();
    let r = estimate(&file, &opts(Method::Fixed(spec))).unwrap();
    assert!((r.total.estimate.unwrap() - 200.0).abs() < 1e-9);
    // A model on the remaining lists is restated on them.
    let text4 = "A,B,C,D,count\n1,0,0,0,10\n0,0,1,0,12\n0,0,0,1,9\n1,0,1,0,4\n1,0,0,1,3\n0,0,1,1,5\n1,0,1,1,2\n";
    let file4 = read_histories(text4.as_bytes(), "h4.csv").unwrap();
    let spec = ModelSpec::parse("A:C", file4.total.lists()).unwrap();
    let r = estimate(&file4, &opts(Method::Fixed(spec))).unwrap();
    assert_eq!(r.total.spec, "A:C");
    assert_eq!(r.total.lists, vec!["A", "C", "D"]);
    let spec = ModelSpec::parse("A:B", file.total.lists()).unwrap();
    let e = estimate(&file, &opts(Method::Fixed(spec))).unwrap_err();
    assert!(e.to_string().contains("nobody"), "{e}");
}

#[test]
fn an_interval_that_cannot_be_computed_is_said_in_words() {
    // Almost nobody unobserved: every replicate's estimate lies below the estimate, so the
    // BCa bias correction is infinite (before the fix: "NaN – NaN").
    let text = "A,B,C,count\n1,0,0,1\n0,1,0,1\n1,1,0,321\n0,0,1,5\n1,0,1,7\n0,1,1,4\n";
    let file = read_histories(text.as_bytes(), "degenerate.csv").unwrap();
    let mut o = opts(Method::Stepwise { threshold: 0.02 });
    o.bootstrap = Some(30);
    o.seed = 305;
    let r = estimate(&file, &o).unwrap();
    assert!(r.total.estimate.is_some());
    assert_eq!(r.total.ci, [None, None]);
    assert!(r.total.ci_problem.is_some());
    for lang in [Lang::Nl, Lang::En] {
        let t = render_text(&r, lang);
        assert!(!t.contains("NaN"), "{t}");
    }
    let en = render_text(&r, Lang::En);
    assert!(en.contains("cannot be computed"), "{en}");
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["ci"], serde_json::json!([null, null]));
    assert_eq!(v["ci_problem"], "one_sided");
}

#[test]
fn a_reported_interval_always_contains_the_estimate() {
    // Small counts beside large ones: the BCa bounds would both fall below the estimate.
    let text = "A,B,C,count\n1,0,0,6\n0,1,0,1\n0,1,1,192\n1,1,1,2\n";
    let file = read_histories(text.as_bytes(), "lopsided.csv").unwrap();
    let mut o = opts(Method::Stepwise { threshold: 0.02 });
    o.bootstrap = Some(30);
    o.seed = 305;
    let r = estimate(&file, &o).unwrap();
    let est = r.total.estimate.unwrap();
    match r.total.ci {
        [Some(lo), Some(hi)] => assert!(lo <= est && est <= hi, "{lo} {est} {hi}"),
        [None, None] => assert_eq!(
            serde_json::to_value(r.total.ci_problem).unwrap(),
            "excludes_estimate"
        ),
        ci => panic!("{ci:?}"),
    }
    assert!(!render_text(&r, Lang::Nl).contains("NaN"));
}

#[test]
fn compare_puts_every_method_side_by_side() {
    let file = load("korea-3lists.csv");
    let mut o = opts(Method::Stepwise { threshold: 0.02 });
    o.compare = true;
    let r = estimate(&file, &o).unwrap();
    let c = r.comparison.as_ref().unwrap();
    let names: Vec<&str> = c.methods.iter().map(|m| m.method.as_str()).collect();
    assert_eq!(
        names,
        [
            "independence",
            "stepwise",
            "bic",
            "threshold",
            "dga",
            "lcmcr"
        ]
    );
    // Independence and stepwise are the reference numbers of testdata/mse/README.md.
    assert!((c.methods[0].estimate.unwrap() - 141.99).abs() < 0.01);
    assert!((c.methods[1].estimate.unwrap() - 268.78).abs() < 0.01);
    for m in &c.methods {
        let (e, [Some(lo), Some(hi)]) = (m.estimate.unwrap(), m.ci) else {
            panic!("{m:?}")
        };
        assert!(lo <= e && e <= hi, "{m:?}");
    }
    let [lo, hi] = c.spread.unwrap();
    let values: Vec<f64> = c
        .methods
        .iter()
        .filter(|m| m.in_spread)
        .map(|m| m.estimate.unwrap())
        .collect();
    assert!(values.iter().all(|&v| lo <= v && v <= hi), "{values:?}");
    assert!(values.contains(&lo) && values.contains(&hi));
    golden("korea-compare.en.txt", &render_text(&r, Lang::En));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["comparison"]["methods"][3]["method"], "threshold");
    assert_eq!(v["comparison"]["methods"][4]["method"], "dga");
}

#[test]
fn compare_flags_lcmcr_when_its_chains_disagree() {
    // The UK data in five lists: LCMCR's chains settle in two different modes (R-hat far
    // above 1.1), so its estimate is flagged and left out of the spread.
    let uk5 = load("uk2013-6lists.csv")
        .total
        .merge_lists(&["PF", "NCA"], "PF-NCA")
        .unwrap();
    let c = zicht_estimate::compare(
        &uk5,
        &Options {
            threads: 2,
            ..Options::default()
        },
    );
    let l = c.methods.iter().find(|m| m.method == "lcmcr").unwrap();
    assert!(l.unconverged, "{l:?}");
    assert!(l.rhat.unwrap() > 1.1);
    assert!(
        l.note
            .as_deref()
            .unwrap()
            .contains("chains have not settled")
    );
    let [lo, hi] = c.spread.unwrap();
    let others: Vec<f64> = c
        .methods
        .iter()
        .filter(|m| m.method != "lcmcr")
        .filter_map(|m| m.estimate)
        .collect();
    assert_eq!(lo, others.iter().copied().fold(f64::INFINITY, f64::min));
    assert_eq!(hi, others.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    let text = zicht_estimate::render_comparison(&c, Lang::En);
    assert!(text.contains("latent classes (LCMCR)"), "{text}");
    assert!(
        text.contains("the chains have not settled yet (R-hat"),
        "{text}"
    );
}

#[test]
fn a_sum_of_strata_with_an_infinite_one_is_not_called_an_estimate_of_the_whole() {
    // Stratum m has nobody on both lists: its estimate is infinite and the sum leaves it out.
    let text = "A,B,count,sex\n1,0,5,f\n0,1,4,f\n1,1,2,f\n1,0,5,m\n0,1,4,m\n";
    let file = zicht_estimate::read_histories(text.as_bytes(), "t.csv").unwrap();
    let r = estimate(
        &file,
        &Options {
            strata: true,
            ..opts(Method::Fixed(ModelSpec::independence()))
        },
    )
    .unwrap();
    let nl = render_text(&r, Lang::Nl);
    assert!(
        nl.contains(
            "Som van alleen de eindige schattingen per stratum (geen schatting van het geheel"
        ),
        "{nl}"
    );
    let en = render_text(&r, Lang::En);
    assert!(
        en.contains("Sum of the finite estimates per stratum only"),
        "{en}"
    );
}

/// Two lists, 11 persons (the walk's `two.csv`): replicates with a tiny overlap give
/// estimates of 1e11 persons. An upper bound beyond 1,000 × the observed is undetermined, never printed as a number like
/// 121766665779,5.
#[test]
fn tiny_data_give_an_undetermined_upper_bound_not_an_absurd_number() {
    let f = read_histories("A,B,count\n1,0,5\n0,1,4\n1,1,2\n".as_bytes(), "two.csv").unwrap();
    let m = Method::Fixed(ModelSpec::independence());
    let b = bootstrap_bca(&f.total, &m, 500, 1, 0.95, 2).unwrap();
    assert_eq!(b.upper, None, "{b:?}");
    assert!(b.problem.is_none(), "{b:?}");
    assert!(b.lower.unwrap() >= 11.0, "{b:?}");
    assert_eq!(b.upper_limit, 11_000.0);
    let mut o = opts(m);
    o.bootstrap = Some(500);
    let e = estimate(&f, &o).unwrap();
    let text = render_text(&e, Lang::Nl);
    assert!(text.contains("niet te bepalen"), "{text}");
    assert!(text.contains("boven 11000 (1.000 keer"), "{text}");
}

#[test]
fn empty_overlaps_and_a_poor_fit_are_said_in_words() {
    // The Netherlands: stepwise keeps I:K and K:R with nobody on both lists, and the model's
    // deviance 55.656 on 26 df (R: p = 0.000625) is a poor fit; both were printed bare.
    let r = estimate(
        &load("netherlands-2010-2015-6lists.csv"),
        &opts(Method::Stepwise { threshold: 0.02 }),
    )
    .unwrap();
    let nl = render_text(&r, Lang::Nl);
    assert!(
        nl.contains("hun samenhang is op een lege overlap vastgezet"),
        "{nl}"
    );
    assert!(
        nl.contains("Let op: het model past slecht bij de gegevens (deviantietoets, p < 0,001)"),
        "{nl}"
    );
    let en = render_text(&r, Lang::En);
    assert!(
        en.contains("the model fits the data poorly (deviance test, p < 0.001)"),
        "{en}"
    );
    // The remark follows the test both ways (Rome under independence).
    let r = estimate(
        &load("rome-hiv-4lists.csv"),
        &opts(Method::Fixed(ModelSpec::independence())),
    )
    .unwrap();
    let text = render_text(&r, Lang::Nl);
    let dev = r.total.deviance;
    let df = r.total.df as f64;
    let p = zicht_estimate::dist::pchisq_upper(dev, df);
    assert_eq!(text.contains("past slecht"), p < 0.05, "p {p}: {text}");
}

#[test]
fn a_strata_sum_says_which_summed_strata_have_no_upper_bound() {
    // Stratum x (5, 4, 2 on both) has an estimate but a bootstrap interval without an upper
    // bound; the sum over the strata printed as if it were bounded.
    let text = "A,B,count,s\n1,0,5,x\n0,1,4,x\n1,1,2,x\n1,0,50,y\n0,1,40,y\n1,1,20,y\n";
    let f = read_histories(text.as_bytes(), "s.csv").unwrap();
    let o = Options {
        strata: true,
        bootstrap: Some(200),
        ..opts(Method::Fixed(ModelSpec::independence()))
    };
    let r = estimate(&f, &o).unwrap();
    let x = r.strata[0].estimate.as_ref().unwrap();
    assert!(x.estimate.is_some() && x.ci[1].is_none(), "{:?}", x.ci);
    let nl = render_text(&r, Lang::Nl);
    assert!(
        nl.contains("Van de opgetelde strata heeft er 1 een interval zonder bovengrens (∞), dus ook de som heeft er geen: x"),
        "{nl}"
    );
    // With --bootstrap the text says which of its two intervals is the result.
    assert!(
        nl.contains("het bootstrapinterval is het resultaat, `ci` in --json"),
        "{nl}"
    );
    let en = render_text(&r, Lang::En);
    assert!(
        en.contains("Of the strata summed, 1 has an interval without an upper bound"),
        "{en}"
    );
}

/// One count of a billion beside small ones (walk-estimate5, finding 1): the estimate exists
/// (every pair of lists overlaps) and is about 4.6e9; before the fix the existence test's
/// tolerance grew with the largest count and called it infinite.
const HUGE: &str = "A,B,C,count\n1,0,0,1000000000\n0,1,0,30\n1,1,0,6\n0,0,1,20\n1,0,1,5\n0,1,1,4\n";

#[test]
fn a_huge_count_does_not_make_an_existing_estimate_infinite() {
    let file = read_histories(HUGE.as_bytes(), "huge.csv").unwrap();
    let lists = file.total.lists().to_vec();
    let spec = ModelSpec::parse("independence", &lists).unwrap();
    let status = zicht_estimate::check(&file.total, &spec);
    assert!(status.exists && status.identifiable, "{status:?}");
    let r = estimate(&file, &opts(Method::Fixed(spec))).unwrap();
    let e = r.total.estimate.expect("independence has an estimate");
    assert!((e - 4_599_999_083.2).abs() < 1.0, "{e}");
    for method in [
        Method::Stepwise { threshold: 0.02 },
        Method::Search(Criterion::Bic),
    ] {
        let r = estimate(&file, &opts(method.clone())).unwrap();
        assert!(
            r.total.estimate.is_some(),
            "{method:?}: {:?}",
            r.total.status
        );
    }
    // The same table scaled down a million times still is decided the same way.
    let small = "A,B,C,count\n1,0,0,1000\n0,1,0,30\n1,1,0,6\n0,0,1,20\n1,0,1,5\n0,1,1,4\n";
    let file = read_histories(small.as_bytes(), "small.csv").unwrap();
    let spec = ModelSpec::parse("independence", file.total.lists()).unwrap();
    assert!(zicht_estimate::check(&file.total, &spec).exists);
}

#[test]
fn dga_refuses_a_posterior_its_grid_cannot_resolve() {
    // The grid runs in steps of 3e7 persons; the posterior of these data lies within one step:
    // before the fix "1000000066 (1000000066 – 1000000066)", counted in the spread.
    let file = read_histories(HUGE.as_bytes(), "huge.csv").unwrap();
    match zicht_estimate::dga(&file.total, &zicht_estimate::DgaOptions::default()) {
        Ok(d) => assert!(d.lower < d.estimate && d.estimate < d.upper, "{d:?}"),
        Err(e) => assert!(e.to_string().contains("grid"), "{e}"),
    }
    let mut o = opts(Method::Stepwise { threshold: 0.02 });
    o.compare = true;
    o.lcmcr.iterations = 2_000;
    o.lcmcr.burnin = 1_000;
    let r = estimate(&file, &o).unwrap();
    let c = r.comparison.as_ref().unwrap();
    let dga = c.methods.iter().find(|m| m.method == "dga").unwrap();
    if let (Some(e), [Some(lo), Some(hi)]) = (dga.estimate, dga.ci) {
        assert!(lo < e && e < hi, "{dga:?}");
    }
    for m in &c.methods {
        if m.method != "lcmcr" && m.method != "threshold" && m.method != "dga" {
            assert!(m.estimate.is_some(), "{m:?}");
        }
    }
}
