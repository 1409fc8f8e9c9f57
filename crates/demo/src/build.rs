//! Builds the coded cases of one year from its plan: every variable handed out by exact allotment.
//!
//! The order matters: variables that later ones depend on come first
//! (chatter and gender, then age, perpetrator, safety, clients, duration, ...),
//! and each allotment only uses cases where the code fits what is already
//! known (the codebook's conditions and plain plausibility, e.g. a child does
//! not meet a perpetrator on a sex-ad site).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::DemoError;
use crate::allot::{Quotas, allot, allot_any, count};
use crate::case::Case;
use crate::plan::YearPlan;

/// Years covered by a duration code (lowest, highest).
pub fn duration_years(code: Option<&str>) -> (f64, f64) {
    match code {
        Some("lt_3m") => (0.0, 0.25),
        Some("m3_12") => (0.25, 1.0),
        Some("y1_2") => (1.0, 2.0),
        Some("y2_5") => (2.0, 5.0),
        Some("gt_5y") => (5.0, 15.0),
        Some("multiple_years") => (2.0, 10.0),
        _ => (0.0, 10.0),
    }
}

/// Years since the exploitation ended, by time-since code (lowest, highest).
pub fn since_years(code: Option<&str>) -> (f64, f64) {
    match code {
        Some("ongoing") => (0.0, 0.0),
        Some("ended_lt_1y") => (0.0, 1.0),
        Some("ended_1_5y") => (1.0, 5.0),
        Some("ended_gt_5y") => (5.0, 20.0),
        _ => (0.0, 10.0),
    }
}

fn yes(code: &str) -> Option<bool> {
    match code {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Younger scores higher: 1.0 at 8 years, 0 at 28.
fn youth(c: &Case) -> f64 {
    c.victim_age
        .map_or(0.4, |a| ((28.0 - f64::from(a)) / 20.0).clamp(0.0, 1.0))
}

fn has_client(c: &Case, ind: &str) -> bool {
    c.client_ind.contains(&ind)
}

/// Builds the cases of one year (included first, then excluded, then sorted by first contact).
pub fn build_year(plan: &YearPlan, rng: &mut ChaCha8Rng) -> Result<Vec<Case>, DemoError> {
    let y = plan.year;
    let mut cs: Vec<Case> = Vec::new();
    let mut pops: Vec<Vec<usize>> = Vec::new();
    for p in &plan.pops {
        let start = cs.len();
        for _ in 0..p.size {
            cs.push(Case {
                year: y,
                included: true,
                language: "nl",
                exploitation: Some(p.exploitation),
                n_conversations: 1,
                ..Case::default()
            });
        }
        pops.push((start..cs.len()).collect());
    }
    let included: Vec<usize> = (0..cs.len()).collect();

    for (p, pool) in plan.pops.iter().zip(&pops) {
        let what = |v: &str| format!("{y} {} {v}", p.exploitation);
        // Who chats.
        for (c, code) in allot(rng, &what("chatter"), pool, &p.chatter, 1.0, |_, _| {
            Some(0.0)
        })? {
            cs[c].chatter = Some(code);
        }
        // Gender: only a victim chatter can leave it empty or choose neutral.
        let mut order = p.gender.clone();
        order.sort_by_key(|(code, _)| match *code {
            "" => 0,
            "neutral" => 1,
            "male" => 2,
            _ => 3,
        });
        let unknown = count(&p.gender, "");
        let mut got = allot(
            rng,
            &what("gender"),
            pool,
            &[("?", unknown)],
            1.0,
            |c, _| cs[c].victim_chats().then_some(0.0),
        )?;
        let rest: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|c| !got.iter().any(|g| g.0 == *c))
            .collect();
        got.extend(allot(
            rng,
            &what("gender"),
            &rest,
            &order,
            1.0,
            |c, code| (code != "neutral" || cs[c].victim_chats()).then_some(0.0),
        )?);
        for (c, code) in got {
            if code != "?" {
                cs[c].victim_gender = Some(code);
            }
        }
        // Ages, youngest first; the very young are more often talked about by others.
        let ages: Vec<(u32, usize)> = p.ages.clone();
        for (c, age) in allot_any(rng, &what("age"), pool, &ages, 1.0, |c, age| {
            let case = &cs[c];
            if case.chatter == Some("partner") && age < 16 {
                return None;
            }
            Some(if age <= 11 && !case.victim_chats() {
                1.0
            } else {
                0.0
            })
        })? {
            cs[c].victim_age = Some(age);
        }
        // Perpetrator: parents for the youngest (and for victim chatters, whom the
        // clients analysis needs), partners for teenagers and adults.
        for (c, code) in allot(
            rng,
            &what("family"),
            pool,
            &p.perpetrator_family,
            1.0,
            |c, code| {
                let case = &cs[c];
                let parent = matches!(code, "father" | "mother" | "both_parents");
                let mut s = if parent {
                    plan.parents.youth * youth(case)
                } else {
                    youth(case)
                };
                if parent && case.victim_chats() {
                    s += 1.5;
                }
                Some(s)
            },
        )? {
            cs[c].perpetrator = Some("family");
            if code != "?" {
                cs[c].perpetrator_family = Some(code);
            }
        }
        let free: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&c| cs[c].perpetrator.is_none())
            .collect();
        for (c, code) in allot(
            rng,
            &what("social"),
            &free,
            &p.perpetrator_social,
            1.0,
            |_, _| Some(0.0),
        )? {
            cs[c].perpetrator = Some("social");
            if code != "?" {
                cs[c].perpetrator_social = Some(code);
            }
        }
        let free: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&c| cs[c].perpetrator.is_none())
            .collect();
        let others: Quotas = p
            .perpetrator
            .iter()
            .filter(|(code, _)| !matches!(*code, "family" | "social"))
            .copied()
            .collect();
        for (c, code) in allot(rng, &what("perpetrator"), &free, &others, 1.0, |c, code| {
            let case = &cs[c];
            if code == "partner" {
                if case.chatter == Some("partner") || case.victim_age.is_some_and(|a| a < 12) {
                    return None;
                }
                return Some(if case.victim_age.is_some_and(|a| a >= 14) {
                    0.5
                } else {
                    0.0
                });
            }
            Some(0.0)
        })? {
            cs[c].perpetrator = Some(code);
        }
        // Acute unsafety, among victim chatters and among the others.
        let victims: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&c| cs[c].victim_chats())
            .collect();
        let others: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|&c| !cs[c].victim_chats())
            .collect();
        for (group, q) in [(&victims, &p.acute_victim), (&others, &p.acute_other)] {
            for (c, code) in allot(rng, &what("acute"), group, q, 1.0, |c, _| {
                Some(if cs[c].perpetrator.is_some() {
                    0.5
                } else {
                    0.0
                })
            })? {
                cs[c].acutely_unsafe = yes(code);
            }
        }
        // Time since: acutely unsafe means (nearly always) still going on.
        let mut ts = p.time_since.clone();
        ts.sort_by_key(|(code, _)| match *code {
            "ended_gt_5y" => 0,
            "ended_1_5y" => 1,
            "ended_lt_1y" => 2,
            _ => 3,
        });
        for (c, code) in allot(rng, &what("time_since"), pool, &ts, 1.0, |c, code| {
            let case = &cs[c];
            let acute = case.acutely_unsafe == Some(true);
            let age = case.victim_age.map(f64::from);
            match code {
                "ended_gt_5y" => (!acute && age.is_none_or(|a| a >= 18.0)).then_some(0.0),
                "ended_1_5y" => (!acute && age.is_none_or(|a| a >= 12.0)).then_some(0.0),
                "ended_lt_1y" => Some(if acute { -0.5 } else { 0.5 }),
                _ => Some(if acute { 2.0 } else { 0.0 }),
            }
        })? {
            cs[c].time_since = Some(code);
        }
    }

    // Clients' knowledge (sexual and both; victim chatters only).
    if let Some(cp) = &plan.clients {
        let pool: Vec<usize> = included
            .iter()
            .copied()
            .filter(|&c| cs[c].sexual() && cs[c].victim_chats())
            .collect();
        // Should have known first (kept apart from the cases where clients knew).
        let sb: Vec<usize> = included
            .iter()
            .copied()
            .filter(|&c| cs[c].sexual() && cs[c].victim_chats())
            .collect();
        for &c in &sb {
            cs[c].client_knew = Some(false);
            cs[c].client_should_have_known = Some(false);
        }
        let [age14, minors, adults] = cp.should_have_known;
        let q = [("14", age14), ("minor", minors), ("adult", adults)];
        let mut shk = Vec::new();
        for (c, _) in allot(
            rng,
            &format!("{y} should have known"),
            &sb,
            &q,
            1.0,
            |c, code| {
                let case = &cs[c];
                let a = case.victim_age?;
                let s = if case.parent_perpetrator() { -3.0 } else { 0.0 };
                match code {
                    "14" => (a == 14).then_some(s),
                    "minor" => (a < 18 && a != 14).then_some(s),
                    _ => (a >= 18).then_some(s),
                }
            },
        )? {
            cs[c].client_should_have_known = Some(true);
            shk.push(c);
        }
        let pool: Vec<usize> = pool.iter().copied().filter(|c| !shk.contains(c)).collect();
        // Patterns with a parent first, the very young among them first of all.
        let mut order: Vec<usize> = (0..cp.patterns.len()).collect();
        order.sort_by_key(|&i| {
            let p = &cp.patterns[i];
            (
                !p.contains(&"parent_trafficker"),
                !p.contains(&"very_young"),
                !p.contains(&"trafficker_present"),
            )
        });
        let quotas: Vec<(usize, usize)> = order.iter().map(|&i| (i, 1)).collect();
        for (c, i) in allot_any(rng, &format!("{y} clients"), &pool, &quotas, 0.5, |c, i| {
            let p = &cp.patterns[i];
            let case = &cs[c];
            if case.exploitation != Some("sexual") {
                return None;
            }
            if p.contains(&"parent_trafficker") != case.parent_perpetrator() {
                return None;
            }
            if p.contains(&"trafficker_present") && case.perpetrator.is_none() {
                return None;
            }
            if p.contains(&"very_young") {
                if let Some(a) = case.victim_age {
                    let since = since_years(case.time_since).1;
                    if f64::from(a) > 13.0 + since + 15.0
                        || (a > 13
                            && case.perpetrator != Some("family")
                            && !case.parent_perpetrator()
                            && a > 20)
                    {
                        return None;
                    }
                }
                return Some(3.0 * youth(case));
            }
            Some(0.0)
        })? {
            cs[c].client_ind = cp.patterns[i].clone();
            cs[c].client_knew = Some(true);
        }
    }
    // Duration, consistent with age, time since and the very young.
    let duration_fits = |case: &Case, code: &str| -> Option<f64> {
        let (dmin, dmax) = duration_years(Some(code));
        let (smin, smax) = since_years(case.time_since);
        if let Some(a) = case.victim_age.map(f64::from) {
            if a - dmin - smin < 5.0 {
                return None;
            }
            if has_client(case, "very_young") && a > 13.0 && dmax + smax < a - 13.0 {
                return None;
            }
            if code == "gt_5y" && a < 18.0 && case.perpetrator != Some("family") {
                return None;
            }
        }
        // More than five years: about half of them adults (the report); the
        // minors among them are exploited by family.
        let vy = if has_client(case, "very_young") {
            1.0
        } else {
            0.0
        };
        Some(match code {
            "gt_5y" => {
                vy + match case.victim_age {
                    Some(a) if a >= 18 => 2.0,
                    Some(_) => 0.3,
                    None => 1.0,
                }
            }
            "multiple_years" | "y2_5" => {
                vy + if case.perpetrator == Some("family") {
                    plan.parents.family_long
                } else {
                    0.0
                }
            }
            _ => 0.0,
        })
    };
    let long_first = |q: &Quotas| -> Quotas {
        let mut q = q.clone();
        q.sort_by_key(|(code, _)| match *code {
            "gt_5y" => 0,
            "multiple_years" => 1,
            "y2_5" => 2,
            "y1_2" => 3,
            "m3_12" => 4,
            _ => 5,
        });
        q
    };
    for (i, (p, pool)) in plan.pops.iter().zip(&pops).enumerate() {
        let what = format!("{y} {} duration", p.exploitation);
        let mut q = p.duration.clone();
        let mut pool = pool.clone();
        if let (0, Some(cp)) = (i, &plan.clients) {
            {
                let knew: Vec<usize> = pool
                    .iter()
                    .copied()
                    .filter(|&c| cs[c].client_knew == Some(true))
                    .collect();
                for (c, code) in allot(
                    rng,
                    &what,
                    &knew,
                    &long_first(&cp.duration),
                    1.0,
                    |c, code| {
                        let case = &cs[c];
                        let minor = case.victim_age.is_some_and(|a| a < 18);
                        // Clients knew: mostly children of exploiting parents, for years.
                        let bonus = if code == "gt_5y" && minor { 2.5 } else { 0.0 };
                        duration_fits(case, code).map(|s| s + bonus)
                    },
                )? {
                    cs[c].duration = Some(code);
                }
                for e in q.iter_mut() {
                    e.1 = e.1.saturating_sub(count(&cp.duration, e.0));
                }
                pool.retain(|c| !knew.contains(c));
            }
        }
        // Minors exploited for more than five years (by family), as many as planned.
        let long_minors = pops[i]
            .iter()
            .filter(|&&c| {
                cs[c].duration == Some("gt_5y") && cs[c].victim_age.is_some_and(|a| a < 18)
            })
            .count();
        let wanted = p
            .long_minors
            .saturating_sub(long_minors)
            .min(count(&q, "gt_5y"));
        for (c, code) in allot(rng, &what, &pool, &[("gt_5y", wanted)], 1.0, |c, code| {
            let case = &cs[c];
            if case.victim_age.is_none_or(|a| a >= 18) {
                return None;
            }
            duration_fits(case, code)
        })? {
            cs[c].duration = Some(code);
        }
        for e in q.iter_mut() {
            if e.0 == "gt_5y" {
                e.1 = e.1.saturating_sub(wanted);
            }
        }
        pool.retain(|&c| cs[c].duration.is_none());
        for (c, code) in allot(rng, &what, &pool, &long_first(&q), 1.0, |c, code| {
            duration_fits(&cs[c], code)
        })? {
            cs[c].duration = Some(code);
        }
        // Multiple perpetrators: both parents always; then who knows other victims.
        for (c, code) in allot(
            rng,
            &format!("{y} {} multiple perpetrators", p.exploitation),
            &pool_of(&pops[i]),
            &p.multiple_perpetrators,
            1.0,
            |c, code| {
                let case = &cs[c];
                let both = case.perpetrator_family == Some("both_parents");
                match code {
                    "yes" => Some(if both {
                        10.0
                    } else if has_client(case, "trafficker_present") {
                        0.5
                    } else {
                        0.0
                    }),
                    _ => (!both).then_some(0.0),
                }
            },
        )? {
            cs[c].multiple_perpetrators = yes(code);
        }
        let mp: Vec<usize> = pops[i]
            .iter()
            .copied()
            .filter(|&c| cs[c].multiple_perpetrators == Some(true))
            .collect();
        let rest: Vec<usize> = pops[i]
            .iter()
            .copied()
            .filter(|&c| cs[c].multiple_perpetrators != Some(true))
            .collect();
        for (group, n) in [
            (&mp, p.multiple_victims_mp),
            (&rest, p.multiple_victims_other),
        ] {
            for &c in group.iter() {
                cs[c].multiple_victims = Some(false);
            }
            for (c, _) in allot(
                rng,
                "multiple victims",
                group,
                &[("yes", n)],
                1.0,
                |_, _| Some(0.0),
            )? {
                cs[c].multiple_victims = Some(true);
            }
        }
    }

    // First disclosure (victim chatters only): acutely unsafe victims and the others.
    let victims: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&c| cs[c].victim_chats())
        .collect();
    let acute: Vec<usize> = victims
        .iter()
        .copied()
        .filter(|&c| cs[c].acutely_unsafe == Some(true))
        .collect();
    let calm: Vec<usize> = victims
        .iter()
        .copied()
        .filter(|&c| cs[c].acutely_unsafe != Some(true))
        .collect();
    for (group, q) in [(&acute, &plan.fd_acute), (&calm, &plan.fd_other)] {
        for (c, code) in allot(
            rng,
            &format!("{y} first disclosure"),
            group,
            q,
            1.0,
            |c, code| {
                Some(if code == "yes" && cs[c].parent_perpetrator() {
                    plan.parents.disclosure
                } else {
                    0.0
                })
            },
        )? {
            cs[c].first_disclosure = yes(code);
        }
    }

    // How they met (non-family perpetrators) and where online.
    for (c, code) in allot(
        rng,
        &format!("{y} met"),
        &included,
        &plan.met,
        1.0,
        |c, code| {
            let case = &cs[c];
            let sm = case.perpetrator_social == Some("social_media_contact");
            match (case.perpetrator, code) {
                (Some("partner" | "social" | "other"), "online") => {
                    Some(if sm { 10.0 } else { 0.0 })
                }
                (Some("partner" | "social" | "other"), _) if !sm => Some(
                    if matches!(
                        case.perpetrator_social,
                        Some("friend_acquaintance" | "network_contact")
                    ) {
                        1.0
                    } else {
                        0.0
                    },
                ),
                _ => None,
            }
        },
    )? {
        cs[c].met = Some(code);
    }
    let online: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&c| cs[c].met == Some("online"))
        .collect();
    for (c, code) in allot(
        rng,
        &format!("{y} platform"),
        &online,
        &plan.platform,
        1.0,
        |c, code| {
            let case = &cs[c];
            let age = case.victim_age;
            let sm = case.perpetrator_social == Some("social_media_contact");
            match code {
                "sex_ad_site" => (!sm && age.is_none_or(|a| a >= 18)).then_some(0.0),
                "dating_app" => (!sm && age.is_none_or(|a| a >= 16)).then_some(0.0),
                "instagram" | "snapchat" | "other_social_media" => Some(if sm { 1.0 } else { 0.0 }),
                _ => Some(0.0),
            }
        },
    )? {
        cs[c].met_platform = Some(code);
    }

    // Coercion: a primary means picks the cases with coercion, then further means.
    for (c, code) in allot(
        rng,
        &format!("{y} coercion"),
        &included,
        &plan.coercion_primary,
        1.0,
        |c, code| {
            let case = &cs[c];
            let base = (if case.victim_chats() { 0.8 } else { 0.0 })
                + (if case.acutely_unsafe == Some(true) {
                    0.6
                } else {
                    0.0
                })
                + (if case.perpetrator.is_some() { 0.6 } else { 0.0 });
            if code == "cohabiting" && !case.parent_perpetrator() {
                return None;
            }
            coercion_fits(case, code).map(|s| s + base)
        },
    )? {
        cs[c].coercion.push(code);
    }
    let coerced: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&c| !cs[c].coercion.is_empty())
        .collect();
    for &(code, n) in &plan.coercion_secondary {
        for (c, code) in allot(
            rng,
            &format!("{y} coercion+"),
            &coerced,
            &[(code, n)],
            1.0,
            |c, code| {
                let case = &cs[c];
                if case.coercion.contains(&code)
                    || (code == "cohabiting" && case.parent_perpetrator())
                {
                    return None;
                }
                coercion_fits(case, code)
            },
        )? {
            cs[c].coercion.push(code);
        }
    }
    let violent: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&c| cs[c].coercion.contains(&"violence"))
        .collect();
    for (c, code) in allot(
        rng,
        &format!("{y} violence"),
        &violent,
        &plan.violence_primary,
        1.0,
        |_, _| Some(0.0),
    )? {
        cs[c].violence.push(code);
    }
    if !plan.violence_primary.is_empty() {
        for &(code, n) in &plan.violence_secondary {
            for (c, code) in allot(
                rng,
                &format!("{y} violence+"),
                &violent,
                &[(code, n)],
                1.0,
                |c, code| (!cs[c].violence.contains(&code)).then_some(0.0),
            )? {
                cs[c].violence.push(code);
            }
        }
    }
    // Crimes (criminal and both).
    let crim: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&c| cs[c].criminal())
        .collect();
    for (c, code) in allot(
        rng,
        &format!("{y} crime"),
        &crim,
        &plan.crime_primary,
        1.0,
        |c, code| (code != "recruitment" || cs[c].exploitation == Some("both")).then_some(0.0),
    )? {
        cs[c].crime.push(code);
    }
    for &(code, n) in &plan.crime_secondary {
        for (c, code) in allot(
            rng,
            &format!("{y} crime+"),
            &crim,
            &[(code, n)],
            1.0,
            |c, code| (!cs[c].crime.contains(&code)).then_some(0.0),
        )? {
            cs[c].crime.push(code);
        }
    }
    let both: Vec<usize> = included
        .iter()
        .copied()
        .filter(|&c| cs[c].exploitation == Some("both"))
        .collect();
    for (c, code) in allot(
        rng,
        &format!("{y} onset"),
        &both,
        &plan.both_onset,
        1.0,
        |_, _| Some(0.0),
    )? {
        cs[c].both_onset = Some(code);
    }
    // How they found the chat; the other language.
    for (c, code) in allot(
        rng,
        &format!("{y} referral"),
        &included,
        &plan.referral,
        1.0,
        |c, code| {
            let case = &cs[c];
            match code {
                "kindertelefoon" => {
                    (case.victim_chats() && case.victim_age.is_some_and(|a| a < 18)).then_some(0.0)
                }
                "care_professional" | "care_other" => Some(if case.chatter == Some("social") {
                    0.5
                } else {
                    0.0
                }),
                _ => Some(0.0),
            }
        },
    )? {
        cs[c].referral = Some(code);
    }
    for (c, _) in allot(
        rng,
        &format!("{y} language"),
        &included,
        &[("other", plan.language_other)],
        1.0,
        |c, _| {
            let case = &cs[c];
            (case.victim_chats()
                && case.victim_age.is_some_and(|a| a >= 18)
                && case.referral != Some("kindertelefoon"))
            .then_some(0.0)
        },
    )? {
        cs[c].language = "other";
    }
    // First contact: included per month as planned.
    let months: Vec<(u32, usize)> = plan
        .months
        .iter()
        .enumerate()
        .map(|(m, &n)| (m as u32 + 1, n))
        .collect();
    for (c, m) in allot_any(
        rng,
        &format!("{y} month"),
        &included,
        &months,
        1.0,
        |_, _| Some(0.0),
    )? {
        cs[c].month = m;
        cs[c].day = rng.random_range(1..=days_in(y, m));
    }
    // Excluded cases.
    for &(reason, n) in &plan.excluded {
        for _ in 0..n {
            let month = rng.random_range(1..=12);
            let day = rng.random_range(1..=days_in(y, month));
            cs.push(Case {
                year: y,
                month,
                day,
                included: false,
                exclusion_reason: Some(reason),
                language: "nl",
                n_conversations: 1,
                ..Case::default()
            });
        }
    }
    let excluded: Vec<usize> = (included.len()..cs.len()).collect();
    // Linked conversations: returning visitors, not in December (room for the later chats).
    for (group, list) in [
        (&included, &plan.linked_included),
        (&excluded, &plan.linked_excluded),
    ] {
        let q: Vec<(u32, usize)> = list.iter().map(|&n| (n, 1)).collect();
        for (c, n) in allot_any(rng, &format!("{y} linked"), group, &q, 1.0, |c, _| {
            let case = &cs[c];
            (case.month <= 11).then_some(if case.victim_chats() { 0.5 } else { 0.0 })
        })? {
            cs[c].n_conversations = n;
        }
    }
    // Channels: all conversations of a case come in through the case's channel.
    // Included cases first (their share), then excluded single-conversation
    // cases until the conversations through the partner platform are as planned.
    let score = |c: usize, _: &str| {
        Some(if cs[c].referral == Some("partner_website") {
            10.0
        } else {
            0.0
        })
    };
    let mut csg = allot(
        rng,
        &format!("{y} channel"),
        &included,
        &[("csg", plan.csg_included)],
        1.0,
        score,
    )?;
    let in_csg: usize = csg
        .iter()
        .map(|&(c, _)| cs[c].n_conversations as usize)
        .sum();
    let singles: Vec<usize> = excluded
        .iter()
        .copied()
        .filter(|&c| cs[c].n_conversations == 1)
        .collect();
    let wanted = plan.csg_conversations.checked_sub(in_csg).ok_or_else(|| {
        DemoError::Infeasible(format!(
            "{y} channel: {in_csg} csg conversations among included cases alone"
        ))
    })?;
    csg.extend(allot(
        rng,
        &format!("{y} channel"),
        &singles,
        &[("csg", wanted)],
        1.0,
        |_, _| Some(0.0),
    )?);
    for (c, _) in csg {
        cs[c].channel = "csg";
    }
    for case in &mut cs {
        if case.channel.is_empty() {
            case.channel = "fier";
        }
        case.conversation_channels = vec![case.channel; case.n_conversations as usize];
    }
    // Case order: by first contact; ids by year and number.
    let mut keyed: Vec<(u32, u32, u64, Case)> = cs
        .into_iter()
        .map(|c| (c.month, c.day, rng.random::<u64>(), c))
        .collect();
    keyed.sort_by_key(|k| (k.0, k.1, k.2));
    Ok(keyed
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, _, mut c))| {
            c.case_id = format!("{y}-{:04}", i + 1);
            c
        })
        .collect())
}

fn pool_of(p: &[usize]) -> Vec<usize> {
    p.to_vec()
}

/// Whether a coercion means fits a case, and how well.
fn coercion_fits(case: &Case, code: &str) -> Option<f64> {
    let age = case.victim_age;
    match code {
        "cohabiting" => {
            if case.parent_perpetrator() {
                Some(2.0)
            } else if matches!(case.perpetrator, Some("partner" | "family"))
                && age.is_none_or(|a| a >= 16)
            {
                Some(0.0)
            } else {
                None
            }
        }
        "age_gap" => match case.perpetrator {
            Some("partner" | "social" | "other") => Some(if age.is_some_and(|a| a < 18) {
                1.0
            } else {
                0.0
            }),
            _ => None,
        },
        "substance" => age.is_none_or(|a| a >= 14).then_some(0.0),
        "financial" => age.is_none_or(|a| a >= 16).then_some(0.0),
        _ => Some(0.0),
    }
}
