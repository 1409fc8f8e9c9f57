//! `zicht estimate` end to end: JSON on a shared data set, text in Dutch, and rejected input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

/// The published MSE data sets (`testdata/mse`), or `$ZICHT_MSE_DATA`.
fn data(name: &str) -> PathBuf {
    if let Some(dir) = std::env::var_os("ZICHT_MSE_DATA") {
        return PathBuf::from(dir).join(name);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/mse")
        .join(name)
}

fn zicht(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zicht"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_output_of_the_stepwise_estimate() {
    let path = data("neworleans-8lists.csv");
    let out = zicht(&["estimate", "--histories", path.to_str().unwrap(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["observed"], 185);
    assert_eq!(v["spec"], "D:E");
    assert_eq!(v["criterion"], "stepwise");
    let est = v["estimate"].as_f64().unwrap();
    assert!((est - 1183.69).abs() < 0.01, "{est}");
    assert_eq!(v["ci_method"], "profile likelihood");
}

#[test]
fn dutch_text_with_a_fixed_model() {
    let path = data("rome-hiv-4lists.csv");
    let out = zicht(&[
        "estimate",
        "--histories",
        path.to_str().unwrap(),
        "--model",
        "c1:c2",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Geschatte totale populatie: 12318,5"),
        "{text}"
    );
    assert!(
        text.contains("95%-interval (profiel-likelihood): 10266,0 – 14992,3"),
        "{text}"
    );
}

#[test]
fn a_level_outside_zero_one_is_refused_by_name() {
    let path = data("rome-hiv-4lists.csv");
    let p = path.to_str().unwrap();
    let out = zicht(&["estimate", "--histories", p, "--level", "95"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--level") && err.contains("0.95"), "{err}");
    for bad in ["1.5", "0", "1", "-0.1"] {
        let level = format!("--level={bad}");
        let out = zicht(&["estimate", "--histories", p, &level]);
        assert!(!out.status.success(), "--level {bad} accepted");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("--level"), "{err}");
    }
    let out = zicht(&[
        "estimate",
        "--histories",
        p,
        "--select",
        "threshold",
        "--ratio=-1",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--ratio"), "{err}");
}

#[test]
fn the_help_lists_every_method_and_the_selection_values() {
    let out = zicht(&["estimate", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    for m in [
        "Bayesian thresholding, dga",
        "LCMCR",
        "`default`",
        "`threshold`",
    ] {
        assert!(help.contains(m), "{m}: {help}");
    }
    assert!(!help.contains("formats.md"), "{help}");
    assert!(!help.contains("(default: chosen by BIC)"), "{help}");
}

#[test]
fn bad_input_is_rejected_with_its_line() {
    let dir = std::env::temp_dir().join(format!("zicht-estimate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("h.csv");
    std::fs::write(&file, "A,B,count\n1,0,4\n1,1,x\n").unwrap();
    // Dutch by default, English with --lang en; file, line and column in both.
    let out = zicht(&["estimate", "--histories", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "h.csv, regel 3, kolom `count`: verwacht een geheel aantal personen, gevonden: `x`"
        ),
        "{err}"
    );
    let out = zicht(&[
        "estimate",
        "--histories",
        file.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("h.csv, line 3, column `count`: expected a whole number of persons"),
        "{err}"
    );
    let out = zicht(&[
        "estimate",
        "--histories",
        file.to_str().unwrap(),
        "--level",
        "95",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bedoelt u --level 0.95?"), "{err}");
    // A missing file is said once, not once per cause.
    let missing = dir.join("absent.csv");
    let out = zicht(&[
        "estimate",
        "--histories",
        missing.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(err.contains("absent.csv: cannot read the file"), "{err}");
    let out = zicht(&["estimate", "--histories", missing.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("absent.csv: dit bestand bestaat niet") && !err.contains("No such"),
        "{err}"
    );
    // A directory is named as one, not as a file failing at its first line.
    let out = zicht(&["estimate", "--histories", dir.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("dit is een map") && !err.contains("regel 1"),
        "{err}"
    );
    let out = zicht(&[
        "estimate",
        "--histories",
        file.to_str().unwrap(),
        "--model",
        "A:C",
    ]);
    assert!(!out.status.success());
    std::fs::write(&file, "A,B,count\n1,0,4\n1,1,3\n0,1,5\n").unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        file.to_str().unwrap(),
        "--model",
        "A:C",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("model `A:C`: onbekende lijst `C` in term `A:C`; de lijsten zijn A, B"),
        "{err}"
    );
    let en = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--lang", "en"]);
        String::from_utf8(zicht(&all).stderr).unwrap()
    };
    let f = file.to_str().unwrap();
    let err = en(&["estimate", "--histories", f, "--model", "A:C"]);
    assert!(err.contains("unknown list `C`"), "{err}");
    // A heterogeneity term without its comma is named as such.
    let out = zicht(&["estimate", "--histories", f, "--model", "A:B h=Darroch"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("h=... is een eigen term, na een komma"),
        "{err}"
    );
    let out = zicht(&["estimate", "--histories", f, "--select", "cic"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("onbekende modelkeuze `cic`: kies default, stepwise, aic, bic of threshold"),
        "{err}"
    );
    let err = en(&["estimate", "--histories", f, "--select", "cic"]);
    assert!(err.contains("unknown selection `cic`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_interval_that_cannot_be_computed_is_said_in_words_not_nan() {
    // The bad input: the bootstrap replicates all fall on one side of the estimate.
    let dir = std::env::temp_dir().join(format!("zicht-est-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("degenerate.csv");
    std::fs::write(
        &path,
        "A,B,C,count\n1,0,0,1\n0,1,0,1\n1,1,0,321\n0,0,1,5\n1,0,1,7\n0,1,1,4\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let args = [
        "estimate",
        "--histories",
        p,
        "--bootstrap",
        "30",
        "--seed",
        "305",
    ];
    let out = zicht(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("NaN"), "{text}");
    assert!(text.contains("niet te berekenen"), "{text}");
    let out = zicht(&[&args[..], &["--json"][..]].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ci"], serde_json::json!([null, null]));
    assert_eq!(v["ci_problem"], "one_sided");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn compare_prints_every_method_side_by_side() {
    let path = data("korea-3lists.csv");
    let p = path.to_str().unwrap();
    let out = zicht(&["estimate", "--histories", p, "--compare", "--lang", "en"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for label in [
        "independence",
        "stepwise",
        "BIC",
        "dga",
        "LCMCR",
        "Bayesian thresholding",
        "The estimates range from",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    // The spread is said not to be a confidence interval.
    assert!(text.contains("not a confidence interval"), "{text}");
    // Without --compare, no comparison.
    let out = zicht(&["estimate", "--histories", p, "--lang", "en"]);
    assert!(
        !String::from_utf8(out.stdout)
            .unwrap()
            .contains("side by side")
    );
}

#[test]
fn compare_marks_rejected_models_and_refuses_unidentifiable_methods_on_two_lists() {
    let dir = std::env::temp_dir().join(format!("zicht-est-two-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let two = dir.join("two.csv");
    std::fs::write(&two, "A,B,count\n1,0,4\n0,1,3\n1,1,2\n").unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        two.to_str().unwrap(),
        "--compare",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for m in v["comparison"]["methods"].as_array().unwrap() {
        if m["method"] == "lcmcr" || m["method"] == "threshold" {
            assert!(m["estimate"].is_null(), "{m}");
            assert!(m["note"].as_str().unwrap().contains("two lists"), "{m}");
        }
    }
    let out = zicht(&[
        "estimate",
        "--histories",
        two.to_str().unwrap(),
        "--compare",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("niet identificeerbaar met twee lijsten"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
    // Korea: the deviance test rejects independence (and the stepwise model); each is marked
    // and left out of the spread, by the one rule of every log-linear model (walk-estimate5,
    // finding 6; before, independence alone, by the p of stepwise selection's first step).
    let path = data("korea-3lists.csv");
    let out = zicht(&[
        "estimate",
        "--histories",
        path.to_str().unwrap(),
        "--compare",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["comparison"];
    let ind = c["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "independence")
        .unwrap();
    assert!(ind["rejected_p"].as_f64().unwrap() < 0.001, "{ind}");
    // Independence (142) would be the low end were it not left out of the spread.
    assert_ne!(c["spread"][0], ind["estimate"], "{c}");
    let out = zicht(&[
        "estimate",
        "--histories",
        path.to_str().unwrap(),
        "--compare",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "het model past slecht bij de gegevens (deviantietoets, p < 0,001): telt niet mee"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "het model past slecht bij de gegevens (deviantietoets, p = 0,014): telt niet mee"
        ),
        "{text}"
    );
    let stepwise = c["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == "stepwise")
        .unwrap();
    assert_eq!(stepwise["headline"], true, "{stepwise}");
    assert_eq!(stepwise["given_model"], true, "{stepwise}");
    assert!(text.contains("de hoofdschatting hierboven"), "{text}");
    assert!(
        text.contains("de onzekerheid van de modelkeuze zit er niet in"),
        "{text}"
    );
}

#[test]
fn the_demo_histories_give_estimates_per_group_that_add_up() {
    let dir = std::env::temp_dir().join(format!("zicht-estimate-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = zicht(&["demo", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h = dir.join("histories.csv");
    let h = h.to_str().unwrap();
    let out = zicht(&["estimate", "--histories", h, "--bootstrap", "100", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["covariates"];
    assert_eq!(
        c["columns"],
        serde_json::json!(["uitbuiting", "geslacht", "leeftijd"])
    );
    let total = c["estimate"].as_f64().unwrap();
    for col in ["uitbuiting", "geslacht", "leeftijd"] {
        let sum: f64 = c["groups"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["covariates"][0][0] == col)
            .map(|g| g["estimate"].as_f64().unwrap())
            .sum();
        assert!(
            (sum - total).abs() < 1e-6 * total,
            "{col}: {sum} vs {total}"
        );
    }
    assert!(v.get("strata").is_none(), "strata only with --strata");
    // Profile-likelihood intervals beside the bootstrap, for the total and every level.
    let [lo, hi] = [&c["profile_ci"][0], &c["profile_ci"][1]];
    assert!(lo.as_f64().unwrap() <= total && hi.as_f64().is_none_or(|h| total <= h));
    assert!(
        c["groups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["profile_ci"].is_array())
    );
    let text = zicht(&["estimate", "--histories", h, "--bootstrap", "100"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Schatting per groep"), "{text}");
    assert!(text.contains("minderjarig"), "{text}");
    // One headline figure; the covariate model's total is named as that model's and the
    // difference is explained.
    let headline = v["estimate"].as_f64().unwrap();
    let nl0 = |x: f64| format!("{x:.0}");
    assert!(
        text.contains(&format!("Totaal van dit model: {}", nl0(total))),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "De schatting van de totale populatie blijft {}",
            nl0(headline)
        )),
        "{text}"
    );
    assert!(text.contains("per groep mag verschillen"), "{text}");
    // The bootstrap says what it resampled and that the model was chosen again.
    assert!(
        text.contains(
            "waargenomen personen opnieuw getrokken, model opnieuw gekozen in elke replicatie"
        ),
        "{text}"
    );
    assert!(text.contains("model vast"), "{text}");
    let text = zicht(&["estimate", "--histories", h, "--strata"]);
    let text = String::from_utf8(text.stdout).unwrap();
    // Some strata of the demo have no finite estimate: the sum says it is none of the whole.
    assert!(
        text.contains(
            "Som van alleen de eindige schattingen per stratum (geen schatting van het geheel"
        ),
        "{text}"
    );
    assert!(text.contains("hoeven niet op te tellen"), "{text}");
    // Labels in the file's column order: uitbuiting, geslacht, leeftijd.
    assert!(text.contains("Stratum uitbuiting = "), "{text}");
    let plain = dir.join("plain.csv");
    std::fs::write(&plain, "A,B,count\n1,0,4\n0,1,3\n1,1,2\n").unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        plain.to_str().unwrap(),
        "--strata",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--strata vraagt kenmerkkolommen na `count`"),
        "{err}"
    );
    let strata = zicht(&["estimate", "--histories", h, "--strata", "--json"]);
    let strata: serde_json::Value = serde_json::from_slice(&strata.stdout).unwrap();
    assert!(strata["strata"].as_array().is_some_and(|s| s.len() > 2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn thresholding_and_higher_orders_on_request() {
    let korea = data("korea-3lists.csv");
    let korea = korea.to_str().unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        korea,
        "--select",
        "threshold",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["criterion"], "threshold");
    assert_eq!(v["thresholding"]["statistics"].as_array().unwrap().len(), 3);
    assert_eq!(v["thresholding"]["prior"], "normal(1)");
    let est = v["estimate"].as_f64().unwrap();
    assert!(v["ci"][0].as_f64().unwrap() < est && est < v["ci"][1].as_f64().unwrap());
    // The text says whose deviance and AIC stand beside the posterior median.
    let out = zicht(&["estimate", "--histories", korea, "--select", "threshold"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "Van het model met de meeste posterior-kans, gefit met grootste aannemelijkheid"
        ) && text.contains("posteriormediaan"),
        "{text}"
    );
    // `--select default` says what it chose and why (3 lists: BIC).
    let out = zicht(&["estimate", "--histories", korea, "--select", "default"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("--select default koos BIC: er zijn 3 lijsten, 5 of minder"),
        "{text}"
    );
    // A flat prior is refused on Korea, as by MultipleSystemsEstimation.
    let out = zicht(&[
        "estimate",
        "--histories",
        korea,
        "--select",
        "threshold",
        "--prior",
        "flat",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("extended maximum-likelihood"));
    // Three-way terms enter the BIC search on request; stepwise selection has none.
    let lesbian = data("lesbian-4lists.csv");
    let lesbian = lesbian.to_str().unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        lesbian,
        "--select",
        "bic",
        "--max-order",
        "3",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["max_order"], 3);
    assert_eq!(v["models"].as_array().unwrap().len(), 113);
    let out = zicht(&[
        "estimate",
        "--histories",
        lesbian,
        "--select",
        "stepwise",
        "--max-order",
        "3",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-order 3"));
}

#[test]
fn longer_lcmcr_chains_are_run_and_said_with_a_progress_line_on_stderr_only() {
    let path = data("korea-3lists.csv");
    let p = path.to_str().unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        p,
        "--compare",
        "--json",
        "--progress",
        "--lcmcr-chains",
        "3",
        "--lcmcr-burn-in",
        "2000",
        "--lcmcr-iterations",
        "6000",
        "--lcmcr-thin",
        "5",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // stdout is the JSON alone; the progress is on stderr, one line per method.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lcmcr = &v["comparison"]["methods"][5];
    assert_eq!(lcmcr["method"], "lcmcr");
    // Whether each method counts in the spread is said per method.
    // Korea: independence and the stepwise model fail the deviance test (p < 0.001 and
    // p = 0.014), the BIC model does not.
    assert_eq!(v["comparison"]["methods"][0]["in_spread"], false);
    assert_eq!(v["comparison"]["methods"][1]["in_spread"], false);
    assert_eq!(v["comparison"]["methods"][2]["in_spread"], true);
    assert_eq!(
        lcmcr["in_spread"].as_bool().unwrap(),
        lcmcr.get("unconverged").is_none()
    );
    let s = &lcmcr["sampler"];
    assert_eq!(s["chains"], 3);
    assert_eq!(s["burn_in"], 2000);
    assert_eq!(s["iterations"], 6000);
    assert_eq!(s["thinning"], 5);
    assert_eq!(s["draws_per_chain"], 1200);
    assert!(
        lcmcr["ci_method"]
            .as_str()
            .unwrap()
            .contains("3 chains of 2000 burn-in + 6000 iterations, every 5th kept"),
        "{lcmcr}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    assert!(lines[0].starts_with("[1/6] onafhankelijkheid"), "{err}");
    assert!(
        lines[5].starts_with("[6/6] latente klassen (LCMCR)"),
        "{err}"
    );
    assert!(lines.iter().all(|l| l.ends_with(" s")), "{err}");
    // Without --progress and with stderr not a terminal (as here): nothing on stderr.
    let out = zicht(&["estimate", "--histories", p, "--compare", "--json"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The default: twice the R package's burn-in and four times its iterations (at its
    // length the demo's chains do not settle).
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["comparison"]["methods"][5]["sampler"];
    assert_eq!(
        (
            &s["chains"],
            &s["burn_in"],
            &s["iterations"],
            &s["thinning"]
        ),
        (
            &serde_json::json!(4),
            &serde_json::json!(20000),
            &serde_json::json!(40000),
            &serde_json::json!(10)
        )
    );
}

#[test]
fn sampler_settings_that_keep_too_little_are_refused_by_name() {
    let path = data("korea-3lists.csv");
    let p = path.to_str().unwrap();
    for (args, says) in [
        (
            vec!["--lcmcr-chains", "1"],
            "--lcmcr-chains moet minstens 2 zijn",
        ),
        (
            vec!["--lcmcr-thin", "0"],
            "--lcmcr-thin moet minstens 1 zijn",
        ),
        (
            vec!["--lcmcr-iterations", "30", "--lcmcr-thin", "10"],
            "--lcmcr-iterations moet minstens vier trekkingen per keten bewaren",
        ),
    ] {
        let mut all = vec!["estimate", "--histories", p, "--compare"];
        all.extend(args);
        let out = zicht(&all);
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn every_model_is_written_in_brackets() {
    // The covariate model, the steps and the total's model in one notation (formats.md
    // section 5's `model`); `--model` syntax only as the options' input.
    let dir = std::env::temp_dir().join(format!("zicht-brackets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("h.csv");
    std::fs::write(
        &f,
        "politie,zorg,chat,count,geslacht\n1,0,0,40,man\n0,1,0,30,man\n0,0,1,20,man\n1,1,0,15,man\n1,0,1,5,man\n0,1,1,4,man\n1,1,1,2,man\n1,0,0,60,vrouw\n0,1,0,35,vrouw\n0,0,1,25,vrouw\n1,1,0,30,vrouw\n1,0,1,8,vrouw\n0,1,1,5,vrouw\n1,1,1,4,vrouw\n",
    )
    .unwrap();
    let out = zicht(&[
        "estimate",
        "--histories",
        f.to_str().unwrap(),
        "--lang",
        "en",
        "--bootstrap",
        "20",
        "--model",
        "politie:zorg",
        "--covariate-terms",
        "politie:geslacht",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Model: [politie,zorg][chat]  (--model politie:zorg)"),
        "{text}"
    );
    assert!(
        text.contains(
            "Model: [politie,zorg][politie,geslacht][chat][geslacht]  (--covariate-terms politie:geslacht)"
        ),
        "{text}"
    );
    assert!(
        text.contains("(given with --covariate-terms): [politie,geslacht]"),
        "{text}"
    );
    assert!(!text.contains("Lists' model"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_zero_one_column_after_count_is_named_as_perhaps_a_list() {
    // The walk put a list after `count`: it silently became a covariate. Now it still is
    // one (formats.md section 3), but the text says that it looks like a list, and the
    // profile-likelihood upper bound of 3 on both lists is found (it printed ∞).
    let dir = std::env::temp_dir().join(format!("zicht-estimate-la-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("h.csv");
    std::fs::write(&file, "A,B,count,C\n1,0,10,1\n0,1,12,0\n1,1,3,0\n").unwrap();
    let out = zicht(&["estimate", "--histories", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("kolom `C` staat na `count` en is dus een kenmerk, maar bevat alleen 0 en 1"),
        "{text}"
    );
    assert!(
        text.contains("95%-interval (profiel-likelihood): 32,6 – 203,5"),
        "{text}"
    );
    let out = zicht(&["estimate", "--histories", file.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["list_like_covariates"], serde_json::json!(["C"]));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_estimate_exits_with_code_two_and_names_the_empty_overlap() {
    let dir = std::env::temp_dir().join(format!("zicht-estimate-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("apart.csv");
    std::fs::write(&file, "A,B,count\n1,0,5\n0,1,4\n1,1,0\n").unwrap();
    let f = file.to_str().unwrap();
    let out = zicht(&["estimate", "--histories", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Geen schatting")
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("geen schatting uit") && err.contains("niemand staat op beide lijsten A en B"),
        "{err}"
    );
    let out = zicht(&["estimate", "--histories", f, "--json", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["estimate"].is_null());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no one is on both lists A and B"), "{err}");
    // With an overlap the same command succeeds.
    std::fs::write(&file, "A,B,count\n1,0,5\n0,1,4\n1,1,2\n").unwrap();
    assert!(zicht(&["estimate", "--histories", f]).status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// walk-estimate5, findings 9 and 10: a model that cannot be estimated exits with code 2 as
/// the help says, and stderr says the reason itself (also with `--json`), in the reader's
/// language.
#[test]
fn every_model_without_an_estimate_exits_two_with_its_reason_on_stderr() {
    let path = data("artificial-3lists.csv");
    let f = path.to_str().unwrap();
    // Not identifiable: before, exit 1 and an English message inside Dutch output.
    let out = zicht(&["estimate", "--histories", f, "--model", "A:B,A:C,B:C"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("niet identificeerbaar"), "{err}");
    assert!(!err.contains("not identifiable"), "{err}");
    let out = zicht(&[
        "estimate",
        "--histories",
        f,
        "--model",
        "A:B,A:C,B:C",
        "--json",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("is not identifiable"),
    );
    // Infinite: stderr said only "see the text above", which a --json run does not have.
    for json in [false, true] {
        let mut args = vec!["estimate", "--histories", f, "--model", "A:B"];
        if json {
            args.push("--json");
        }
        let out = zicht(&args);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("oneindig"), "{err}");
        assert!(!err.contains("hierboven"), "{err}");
    }
    // The exhaustive search on eight lists, in Dutch.
    let path = data("neworleans-8lists.csv");
    let out = zicht(&[
        "estimate",
        "--histories",
        path.to_str().unwrap(),
        "--select",
        "bic",
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("hoogstens 6 lijsten"), "{err}");
}

/// walk-estimate5, finding 2: the plain run says that stepwise selection is zicht's default,
/// why, and what `--select default` (MultipleSystemsEstimation's choice) would take.
#[test]
fn the_default_method_says_it_is_the_default_and_why() {
    let path = data("korea-3lists.csv");
    let f = path.to_str().unwrap();
    let out = zicht(&["estimate", "--histories", f]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("de standaard van zicht"), "{text}");
    assert!(text.contains("--select default"), "{text}");
    let out = zicht(&["estimate", "--histories", f, "--lang", "en"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("zicht's default"), "{text}");
    // A method chosen by the user is not called the default.
    let out = zicht(&["estimate", "--histories", f, "--select", "stepwise"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("de standaard van zicht"), "{text}");
}
