//! `zicht demo` output through `zicht_stats` reproduces every figure of the seed report listed in issue 2.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use zicht_codebook::Codebook;
use zicht_stats::{Stats, compute};

fn temp_dir(name: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let k = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("zicht-demo-{name}-{}-{k}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The demo cases as written by `zicht_demo::write` and read back (generated once per test binary).
fn table() -> &'static (Codebook, zicht_cases::CaseTable) {
    static TABLE: OnceLock<(Codebook, zicht_cases::CaseTable)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let book = Codebook::embedded().unwrap();
        let dir = temp_dir("stats");
        let summary = zicht_demo::write(&dir, zicht_demo::DEFAULT_SEED, &book).unwrap();
        let table = zicht_cases::read_path(&summary.cases_path, &book).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        (book, table)
    })
}

fn stats(year: Option<i32>) -> Stats {
    let (book, table) = table();
    compute(table, book, year).unwrap()
}

fn count(s: &Stats, pop: &str, var: &str, code: &str) -> u64 {
    s.single(pop, var)
        .unwrap_or_else(|| panic!("{pop}.{var}"))
        .counts
        .count(code)
}

fn known(s: &Stats, pop: &str, var: &str) -> u64 {
    s.single(pop, var)
        .unwrap_or_else(|| panic!("{pop}.{var}"))
        .n
}

/// Percentage with one decimal, as the report prints it.
fn pct(part: u64, whole: u64) -> String {
    format!("{:.1}", 100.0 * part as f64 / whole as f64)
}

#[test]
fn funnel_and_background_2022() {
    let s = stats(Some(2022));
    let f = &s.funnel;
    assert_eq!(
        (f.conversations, f.duplicates, f.excluded, f.included),
        (308, 18, 61, 229)
    );
    // 70.5% / 29.5% of the conversations.
    assert_eq!(f.conversations_by_channel.count("fier"), 217);
    assert_eq!(f.conversations_by_channel.count("csg"), 91);
    assert_eq!(pct(217, 308), "70.5");
    let ex = |c| count(&s, "all", "exploitation", c);
    assert_eq!((ex("sexual"), ex("criminal"), ex("both")), (210, 14, 5));
    assert_eq!(count(&s, "all", "both_onset", "sexual_first"), 3);
    assert_eq!(count(&s, "all", "both_onset", "simultaneous"), 2);
    let ch = |c| count(&s, "all", "chatter", c);
    assert_eq!(
        (ch("victim"), ch("social"), ch("family"), ch("partner")),
        (199, 15, 14, 1)
    );
    assert_eq!(pct(199, 229), "86.9");
    let g = |c| count(&s, "all", "victim_gender", c);
    assert_eq!((g("female"), g("male"), g("neutral")), (212, 13, 2));
    assert_eq!(s.single("all", "victim_gender").unwrap().missing, 2);
    let x = s.crosstabs.get("exploitation_by_gender").unwrap();
    let cell = |r: &str, c: &str| x.get(r).unwrap().count(c);
    assert_eq!(
        (
            cell("sexual", "female"),
            cell("sexual", "male"),
            cell("sexual", "neutral")
        ),
        (197, 10, 1)
    );
    assert_eq!(
        (
            cell("criminal", "female"),
            cell("criminal", "male"),
            cell("criminal", "neutral")
        ),
        (10, 3, 1)
    );
    assert_eq!(
        (
            cell("both", "female"),
            cell("both", "male"),
            cell("both", "neutral")
        ),
        (5, 0, 0)
    );
    assert_eq!(count(&s, "all", "language", "other"), 2);
    let r = |c| count(&s, "all", "referral", c);
    assert_eq!(
        r("care_professional") + r("kindertelefoon") + r("care_other"),
        17
    );
    assert_eq!(
        (
            r("care_professional"),
            r("kindertelefoon"),
            r("search_engine")
        ),
        (9, 6, 10)
    );
    assert_eq!(
        (r("media"), r("social_circle"), r("partner_website")),
        (3, 1, 2)
    );
    let months: Vec<u64> = (1..=12)
        .map(|m| s.by_month.count(&format!("2022-{m:02}")))
        .collect();
    assert_eq!(months.iter().sum::<u64>(), 229);
}

#[test]
fn age_2022() {
    let s = stats(Some(2022));
    let a = s.age("all", "victim_age").unwrap();
    assert_eq!(a.n, 201);
    assert_eq!(a.minors, 83);
    assert_eq!(a.under.count("under_16"), 38);
    assert_eq!(a.under.count("under_25"), 154);
    assert_eq!(
        (pct(83, 201), pct(38, 201), pct(154, 201)),
        ("41.3".into(), "18.9".into(), "76.6".into())
    );
    assert_eq!(a.median, Some(19.0));
    assert_eq!(a.mean.unwrap().round(), 21.0);
    assert_eq!(a.minor_mean.unwrap().round(), 15.0);
    assert_eq!(a.minor_median, Some(16.0));
    assert!(a.min.unwrap() < 12 && a.max.unwrap() > 65);
    // §3.1: 39.9% minors, 19.1% 15 or younger, mean 21, median 19.
    let sx = s.age("sexual", "victim_age").unwrap();
    assert_eq!((sx.n, sx.minors, sx.under.count("under_16")), (183, 73, 35));
    assert_eq!((pct(73, 183), pct(35, 183)), ("39.9".into(), "19.1".into()));
    assert_eq!(sx.mean.unwrap().round(), 21.0);
    assert_eq!(sx.median, Some(19.0));
    assert!(sx.min.unwrap() < 12 && sx.max.unwrap() > 65);
    // §3.2: 12 to 26, mean 19, median 17, 55.6% minors.
    let cr = s.age("criminal", "victim_age").unwrap();
    assert_eq!((cr.min, cr.max), (Some(12), Some(26)));
    assert_eq!(cr.mean.unwrap().round(), 19.0);
    assert_eq!(cr.median, Some(17.0));
    assert_eq!(pct(cr.minors, cr.n), "55.6");
}

#[test]
fn situation_and_coercion_2022() {
    let s = stats(Some(2022));
    let c = s.set("all", "coercion").unwrap();
    assert_eq!((c.cases, c.mentions), (158, 337));
    assert!(c.counts.count("violence") > c.counts.count("sextortion"));
    assert!(c.counts.count("sextortion") > c.counts.count("cohabiting"));
    assert!(c.counts.count("cohabiting") > c.counts.count("age_gap"));
    assert_eq!(
        (
            count(&s, "all", "met", "offline"),
            count(&s, "all", "met", "online")
        ),
        (71, 21)
    );
    assert_eq!((pct(71, 92), pct(21, 92)), ("77.2".into(), "22.8".into()));
    let p = |c| count(&s, "all", "met_platform", c);
    assert!(p("dating_app") > p("snapchat") && p("instagram") > p("snapchat"));
    assert_eq!(count(&s, "all", "first_disclosure", "yes"), 104);
    assert_eq!(known(&s, "all", "first_disclosure"), 175);
    assert_eq!(pct(104, 175), "59.4");
    assert_eq!(count(&s, "all", "multiple_victims", "yes"), 22);
    assert_eq!(pct(22, known(&s, "all", "multiple_victims")), "9.6");
}

#[test]
fn sexual_population_2022() {
    let s = stats(Some(2022));
    assert_eq!(s.population_sizes.count("sexual"), 210);
    assert_eq!(count(&s, "sexual", "chatter", "victim"), 183);
    assert_eq!(
        pct(
            count(&s, "sexual", "victim_gender", "female"),
            known(&s, "sexual", "victim_gender")
        ),
        "94.7"
    );
    let p = |c| count(&s, "sexual", "perpetrator", c);
    assert_eq!((p("partner"), p("family"), p("social")), (107, 37, 18));
    let n = known(&s, "sexual", "perpetrator");
    assert_eq!(n, 164);
    assert_eq!(
        (pct(107, n), pct(37, n), pct(18, n)),
        ("65.2".into(), "22.6".into(), "11.0".into())
    );
    let f = |c| count(&s, "sexual", "perpetrator_family", c);
    assert_eq!((f("father"), f("mother"), f("both_parents")), (21, 4, 3));
    assert_eq!(pct(28, 37), "75.7");
    let so = |c| count(&s, "sexual", "perpetrator_social", c);
    assert_eq!(
        (
            so("friend_acquaintance"),
            so("network_contact"),
            so("social_media_contact")
        ),
        (5, 5, 5)
    );
    assert_eq!(count(&s, "sexual", "multiple_perpetrators", "yes"), 55);
    assert_eq!(
        pct(55, known(&s, "sexual", "multiple_perpetrators")),
        "26.2"
    );
    let d = |c| count(&s, "sexual", "duration", c);
    assert_eq!(known(&s, "sexual", "duration"), 103);
    let gt1 = d("y1_2") + d("y2_5") + d("multiple_years") + d("gt_5y");
    let gt2 = d("y2_5") + d("multiple_years") + d("gt_5y");
    assert_eq!(
        (pct(gt1, 103), pct(gt2, 103), pct(d("gt_5y"), 103)),
        ("53.4".into(), "41.7".into(), "17.5".into())
    );
    assert_eq!(known(&s, "sexual", "time_since"), 171);
    let au = count(&s, "sexual", "acutely_unsafe", "yes");
    assert_eq!(
        format!(
            "{:.0}",
            100.0 * au as f64 / known(&s, "sexual", "acutely_unsafe") as f64
        ),
        "83"
    );
    // Clients (population sexual + both, from the whole year).
    let ci = s.set("all", "client_ind").unwrap();
    assert_eq!(count(&s, "all", "client_knew", "yes"), 43);
    assert_eq!(ci.cases, 43);
    assert_eq!(ci.two_or_more, Some(32));
    let i = |c| ci.counts.count(c);
    assert_eq!(
        (
            i("very_young"),
            i("trafficker_present"),
            i("parent_trafficker")
        ),
        (23, 28, 22)
    );
    assert_eq!(
        (i("violence"), i("filmed"), i("refusal_ignored")),
        (24, 8, 6)
    );
    assert_eq!(count(&s, "all", "client_should_have_known", "yes"), 8);
}

#[test]
fn criminal_population_2022() {
    let s = stats(Some(2022));
    assert_eq!(s.population_sizes.count("criminal"), 19);
    assert_eq!(count(&s, "criminal", "chatter", "victim"), 16);
    let c = s.set("criminal", "crime").unwrap();
    assert_eq!((c.counts.count("drugs"), c.counts.count("theft")), (13, 3));
    assert!(c.counts.count("money_laundering") > 0 && c.counts.count("recruitment") > 0);
    assert_eq!(count(&s, "criminal", "acutely_unsafe", "yes"), 16);
    assert_eq!(pct(16, known(&s, "criminal", "acutely_unsafe")), "84.2");
    let g = |c| count(&s, "criminal", "victim_gender", c);
    assert_eq!((g("female"), g("male"), g("neutral")), (15, 3, 1));
    let p = |c| count(&s, "criminal", "perpetrator", c);
    assert_eq!((p("partner"), p("social"), p("family")), (10, 6, 2));
    assert_eq!(count(&s, "criminal", "perpetrator_family", "mother"), 1);
    assert_eq!(count(&s, "criminal", "multiple_perpetrators", "yes"), 6);
    assert_eq!(count(&s, "criminal", "multiple_victims", "yes"), 2);
    let d = |c| count(&s, "criminal", "duration", c);
    assert_eq!(
        (
            d("m3_12"),
            d("y1_2"),
            d("y2_5") + d("multiple_years") + d("gt_5y")
        ),
        (3, 2, 2)
    );
}

#[test]
fn years_series() {
    let s = stats(None);
    let years = s.years.as_ref().unwrap();
    let y = |year: &str, k: &str| years.get(year).unwrap().count(k);
    let included: Vec<u64> = ["2019", "2020", "2021", "2022"]
        .iter()
        .map(|v| y(v, "included"))
        .collect();
    assert_eq!(included, [295, 283, 314, 229]);
    let victims: Vec<u64> = ["2019", "2020", "2021", "2022"]
        .iter()
        .map(|v| y(v, "victims"))
        .collect();
    assert_eq!(victims, [261, 250, 285, 199]);
    let male: Vec<u64> = ["2019", "2020", "2021", "2022"]
        .iter()
        .map(|v| y(v, "male_victims"))
        .collect();
    assert_eq!(male, [6, 19, 24, 13]);
    assert_eq!((y("2021", "criminal"), y("2022", "criminal")), (36, 19));
}

#[test]
fn earlier_years_as_the_report_compares() {
    for (year, fd, minors) in [(2020, Some(82), "60"), (2021, Some(117), "40.0")] {
        let s = stats(Some(year));
        assert_eq!(
            fd,
            Some(count(&s, "all", "first_disclosure", "yes")),
            "{year}"
        );
        let a = s.age("all", "victim_age").unwrap();
        let share = 100.0 * a.minors as f64 / a.n as f64;
        let shown = if minors.contains('.') {
            format!("{share:.1}")
        } else {
            format!("{share:.0}")
        };
        assert_eq!(shown, minors, "{year}");
        if year == 2020 {
            assert_eq!(a.mean.unwrap().round(), 19.0);
        } else {
            assert_eq!(a.mean.unwrap().round(), 21.0);
            assert_eq!(a.median, Some(18.0));
            // Duration of sexual exploitation: more than 1, 2, 5 years 56%, 43%, 23%.
            let d = |c| count(&s, "sexual", "duration", c);
            let n = known(&s, "sexual", "duration");
            let share = |k: u64| format!("{:.0}", 100.0 * k as f64 / n as f64);
            let gt5 = d("gt_5y");
            let gt2 = gt5 + d("y2_5") + d("multiple_years");
            let gt1 = gt2 + d("y1_2");
            assert_eq!(
                (share(gt1), share(gt2), share(gt5)),
                ("56".into(), "43".into(), "23".into())
            );
            // First disclosures while in the situation: 101.
            let acute_fd = 101;
            assert!(count(&s, "all", "first_disclosure", "yes") >= acute_fd);
        }
        // Male victims in sexual exploitation: 16 in 2020 and 2021.
        let x = s.crosstabs.get("exploitation_by_gender").unwrap();
        assert_eq!(x.get("sexual").unwrap().count("male"), 16, "{year}");
    }
    let s = stats(Some(2019));
    assert_eq!(
        s.crosstabs
            .get("exploitation_by_gender")
            .unwrap()
            .get("sexual")
            .unwrap()
            .count("male"),
        6
    );
    assert_eq!(known(&s, "all", "first_disclosure"), 0);
}
