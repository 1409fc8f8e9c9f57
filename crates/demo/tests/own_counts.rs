//! The seed's 2022 figures counted straight from the generated cases (independent of zicht-stats).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use zicht_demo::{Case, generate};

fn demo() -> &'static zicht_demo::Demo {
    static DEMO: std::sync::OnceLock<zicht_demo::Demo> = std::sync::OnceLock::new();
    DEMO.get_or_init(|| generate(zicht_demo::DEFAULT_SEED).unwrap())
}

fn cases(year: i32) -> Vec<Case> {
    demo()
        .cases
        .iter()
        .filter(|c| c.year == year)
        .cloned()
        .collect()
}

fn n(cs: &[&Case], f: impl Fn(&Case) -> bool) -> usize {
    cs.iter().filter(|c| f(c)).count()
}

fn median(v: &mut [u32]) -> f64 {
    v.sort_unstable();
    let k = v.len();
    if k % 2 == 1 {
        f64::from(v[k / 2])
    } else {
        (f64::from(v[k / 2 - 1]) + f64::from(v[k / 2])) / 2.0
    }
}

fn mean(v: &[u32]) -> f64 {
    v.iter().map(|&a| f64::from(a)).sum::<f64>() / v.len() as f64
}

#[test]
fn funnel_and_all_population_2022() {
    let all = cases(2022);
    let conv: u32 = all.iter().map(|c| c.n_conversations).sum();
    assert_eq!(conv, 308);
    assert_eq!(all.iter().map(|c| c.n_conversations - 1).sum::<u32>(), 18);
    let inc: Vec<&Case> = all.iter().filter(|c| c.included).collect();
    assert_eq!(all.len() - inc.len(), 61);
    assert_eq!(inc.len(), 229);
    let ex = |e: &str| n(&inc, |c| c.exploitation == Some(e));
    assert_eq!((ex("sexual"), ex("criminal"), ex("both")), (210, 14, 5));
    let ch = |e: &str| n(&inc, |c| c.chatter == Some(e));
    assert_eq!(
        (ch("victim"), ch("social"), ch("family"), ch("partner")),
        (199, 15, 14, 1)
    );
    let g = |e: Option<&str>| n(&inc, |c| c.victim_gender == e);
    assert_eq!(
        (
            g(Some("female")),
            g(Some("male")),
            g(Some("neutral")),
            g(None)
        ),
        (212, 13, 2, 2)
    );
    let xg = |e: &str, gg: &str| {
        n(&inc, |c| {
            c.exploitation == Some(e) && c.victim_gender == Some(gg)
        })
    };
    assert_eq!(
        (
            xg("sexual", "female"),
            xg("sexual", "male"),
            xg("sexual", "neutral")
        ),
        (197, 10, 1)
    );
    assert_eq!(
        (
            xg("criminal", "female"),
            xg("criminal", "male"),
            xg("criminal", "neutral")
        ),
        (10, 3, 1)
    );
    assert_eq!(xg("both", "female"), 5);
    let mut ages: Vec<u32> = inc.iter().filter_map(|c| c.victim_age).collect();
    assert_eq!(ages.len(), 201);
    assert_eq!(ages.iter().filter(|&&a| a < 18).count(), 83);
    assert_eq!(ages.iter().filter(|&&a| a < 16).count(), 38);
    assert_eq!(ages.iter().filter(|&&a| a < 25).count(), 154);
    assert_eq!(mean(&ages).round(), 21.0);
    assert_eq!(median(&mut ages), 19.0);
    let mut minors: Vec<u32> = ages.iter().copied().filter(|&a| a < 18).collect();
    assert_eq!(mean(&minors).round(), 15.0);
    assert_eq!(median(&mut minors), 16.0);
    assert_eq!(n(&inc, |c| !c.coercion.is_empty()), 158);
    assert_eq!(inc.iter().map(|c| c.coercion.len()).sum::<usize>(), 337);
    assert_eq!(n(&inc, |c| c.language == "other"), 2);
    assert_eq!(n(&inc, |c| c.met == Some("offline")), 71);
    assert_eq!(n(&inc, |c| c.met == Some("online")), 21);
    assert_eq!(n(&inc, |c| c.first_disclosure == Some(true)), 104);
    assert_eq!(n(&inc, |c| c.first_disclosure.is_some()), 175);
    assert_eq!(n(&inc, |c| c.multiple_victims == Some(true)), 22);
    assert_eq!(n(&inc, |c| c.multiple_victims.is_some()), 229);
    assert_eq!(
        n(&inc, |c| c.victim_chats() && c.acutely_unsafe == Some(true)),
        134
    );
    assert_eq!(
        n(&inc, |c| c.victim_chats()
            && c.acutely_unsafe == Some(true)
            && c.first_disclosure == Some(false)),
        27
    );
    assert_eq!(
        n(&inc, |c| c.victim_chats()
            && c.acutely_unsafe == Some(true)
            && c.first_disclosure == Some(true)),
        90
    );
    // Channels: 70.5% / 29.5% of the 308 conversations.
    let csg: u32 = all
        .iter()
        .filter(|c| c.channel == "csg")
        .map(|c| c.n_conversations)
        .sum();
    assert_eq!(csg, 91);
    assert_eq!(n(&inc, |c| c.channel == "fier"), 162);
    // Per month (figure 1).
    let months: Vec<usize> = (1..=12).map(|m| n(&inc, |c| c.month == m)).collect();
    assert_eq!(months, [21, 19, 22, 18, 20, 17, 16, 18, 19, 21, 20, 18]);
}

#[test]
fn sexual_population_2022() {
    let all = cases(2022);
    let s: Vec<&Case> = all
        .iter()
        .filter(|c| c.included && c.exploitation == Some("sexual"))
        .collect();
    assert_eq!(n(&s, Case::victim_chats), 183);
    let p = |e: &str| n(&s, |c| c.perpetrator == Some(e));
    assert_eq!((p("partner"), p("family"), p("social")), (107, 37, 18));
    assert_eq!(n(&s, |c| c.perpetrator.is_some()), 164);
    let f = |e: &str| n(&s, |c| c.perpetrator_family == Some(e));
    assert_eq!((f("father"), f("mother"), f("both_parents")), (21, 4, 3));
    let so = |e: &str| n(&s, |c| c.perpetrator_social == Some(e));
    assert_eq!(
        (
            so("friend_acquaintance"),
            so("network_contact"),
            so("social_media_contact")
        ),
        (5, 5, 5)
    );
    assert_eq!(n(&s, |c| c.multiple_perpetrators == Some(true)), 55);
    assert_eq!(n(&s, |c| c.multiple_perpetrators.is_some()), 210);
    assert_eq!(
        n(&s, |c| c.multiple_perpetrators == Some(true)
            && c.multiple_victims == Some(true)),
        13
    );
    assert_eq!(n(&s, |c| c.duration.is_some()), 103);
    let d = |e: &[&str]| n(&s, |c| c.duration.is_some_and(|x| e.contains(&x)));
    assert_eq!(d(&["y1_2", "y2_5", "multiple_years", "gt_5y"]), 55);
    assert_eq!(d(&["y2_5", "multiple_years", "gt_5y"]), 43);
    assert_eq!(d(&["gt_5y"]), 18);
    assert_eq!(n(&s, |c| c.time_since.is_some()), 171);
    let au = n(&s, |c| c.acutely_unsafe == Some(true));
    let an = n(&s, |c| c.acutely_unsafe.is_some());
    assert_eq!(format!("{:.0}", 100.0 * au as f64 / an as f64), "83");
    let gs = n(&s, |c| c.victim_gender == Some("female"));
    let gn = n(&s, |c| c.victim_gender.is_some());
    assert_eq!(format!("{:.1}", 100.0 * gs as f64 / gn as f64), "94.7");
    let mut ages: Vec<u32> = s.iter().filter_map(|c| c.victim_age).collect();
    assert_eq!(ages.len(), 183);
    assert_eq!(ages.iter().filter(|&&a| a < 18).count(), 73);
    assert_eq!(ages.iter().filter(|&&a| a < 16).count(), 35);
    assert_eq!(mean(&ages).round(), 21.0);
    assert_eq!(median(&mut ages), 19.0);
    // Clients (sexual and both).
    let sb: Vec<&Case> = all.iter().filter(|c| c.included && c.sexual()).collect();
    assert_eq!(n(&sb, |c| c.client_knew == Some(true)), 43);
    assert_eq!(n(&sb, |c| c.client_ind.len() >= 2), 32);
    let ci = |e: &str| n(&sb, |c| c.client_ind.contains(&e));
    assert_eq!(
        (
            ci("very_young"),
            ci("trafficker_present"),
            ci("parent_trafficker")
        ),
        (23, 28, 22)
    );
    assert_eq!(
        (ci("violence"), ci("filmed"), ci("refusal_ignored")),
        (24, 8, 6)
    );
    assert_eq!(n(&sb, |c| c.client_should_have_known == Some(true)), 8);
    let knew: Vec<&Case> = sb
        .iter()
        .copied()
        .filter(|c| c.client_knew == Some(true))
        .collect();
    assert_eq!(n(&knew, |c| c.duration.is_some()), 28);
    assert_eq!(
        n(&knew, |c| matches!(
            c.duration,
            Some("y1_2" | "y2_5" | "multiple_years" | "gt_5y")
        )),
        18
    );
    let inc: Vec<&Case> = all.iter().filter(|c| c.included).collect();
    assert_eq!(
        n(&inc, |c| c.coercion.contains(&"cohabiting")
            && c.parent_perpetrator()),
        24
    );
}

#[test]
fn criminal_population_2022() {
    let all = cases(2022);
    let cr: Vec<&Case> = all.iter().filter(|c| c.included && c.criminal()).collect();
    assert_eq!(cr.len(), 19);
    assert_eq!(n(&cr, Case::victim_chats), 16);
    assert_eq!(n(&cr, |c| c.crime.contains(&"drugs")), 13);
    assert_eq!(n(&cr, |c| c.crime.contains(&"theft")), 3);
    assert_eq!(n(&cr, |c| c.acutely_unsafe == Some(true)), 16);
    assert_eq!(n(&cr, |c| c.acutely_unsafe.is_some()), 19);
    assert_eq!(n(&cr, |c| c.multiple_perpetrators == Some(true)), 6);
    assert_eq!(n(&cr, |c| c.multiple_victims == Some(true)), 2);
    let p = |e: &str| n(&cr, |c| c.perpetrator == Some(e));
    assert_eq!((p("partner"), p("social"), p("family")), (10, 6, 2));
    let mut ages: Vec<u32> = cr.iter().filter_map(|c| c.victim_age).collect();
    assert_eq!(ages.len(), 18);
    assert_eq!(ages.iter().filter(|&&a| a < 18).count(), 10);
    assert_eq!(mean(&ages).round(), 19.0);
    assert_eq!(median(&mut ages), 17.0);
    assert_eq!(
        (ages.iter().min(), ages.iter().max()),
        (Some(&12), Some(&26))
    );
}

#[test]
fn years_series() {
    let demo = demo();
    for (year, inc, vic, male, crim) in [
        (2019, 295, 261, 6, None),
        (2020, 283, 250, 19, None),
        (2021, 314, 285, 24, Some(36)),
        (2022, 229, 199, 13, Some(19)),
    ] {
        let cs: Vec<&Case> = demo
            .cases
            .iter()
            .filter(|c| c.year == year && c.included)
            .collect();
        assert_eq!(cs.len(), inc, "{year}");
        assert_eq!(n(&cs, Case::victim_chats), vic, "{year}");
        assert_eq!(n(&cs, |c| c.victim_gender == Some("male")), male, "{year}");
        if let Some(k) = crim {
            assert_eq!(n(&cs, Case::criminal), k, "{year}");
        }
    }
    // First disclosures, and among them victims still unsafe at first contact: 2020 82/74, 2021 117/101.
    for (year, all, acute) in [(2020, 82, 74), (2021, 117, 101)] {
        let cs: Vec<&Case> = demo
            .cases
            .iter()
            .filter(|c| c.year == year && c.included)
            .collect();
        assert_eq!(n(&cs, |c| c.first_disclosure == Some(true)), all);
        assert_eq!(
            n(&cs, |c| c.first_disclosure == Some(true)
                && c.acutely_unsafe == Some(true)),
            acute
        );
    }
    let cs: Vec<&Case> = demo
        .cases
        .iter()
        .filter(|c| c.year == 2019 && c.included)
        .collect();
    assert_eq!(n(&cs, |c| c.first_disclosure.is_some()), 0);
}

#[test]
fn other_seeds_meet_the_figures_too() {
    for seed in [1, 2, 3, 99, u64::MAX] {
        let demo = generate(seed).unwrap();
        let all: Vec<&Case> = demo.cases.iter().filter(|c| c.year == 2022).collect();
        let inc: Vec<&Case> = all.iter().copied().filter(|c| c.included).collect();
        assert_eq!(
            all.iter().map(|c| c.n_conversations).sum::<u32>(),
            308,
            "seed {seed}"
        );
        assert_eq!(inc.len(), 229, "seed {seed}");
        let mut ages: Vec<u32> = inc.iter().filter_map(|c| c.victim_age).collect();
        assert_eq!(ages.len(), 201);
        assert_eq!(median(&mut ages), 19.0);
        assert_eq!(n(&inc, |c| !c.coercion.is_empty()), 158);
        assert_eq!(n(&inc, |c| c.client_ind.len() >= 2), 32);
        assert_eq!(n(&inc, |c| c.first_disclosure == Some(true)), 104);
    }
}
