//! The exact counts each demo year is built from: 2022 from the seed report, 2019-2021 derived from it.
//!
//! Every figure the seed report prints for 2022 is a count in [`seed_2022`]
//! (percentages turned into the counts that round to them; see the comments).
//! The earlier years are scaled from 2022 with [`earlier`], then the figures the
//! report gives for them (included, victims, male victims, criminal, first
//! disclosures, minors) are set exactly; parents as perpetrators lean less towards
//! the youngest, first disclosure and long duration than in 2022 ([`ParentLean`]),
//! so that the seed's pooled 2019-2022 analysis of parents holds too.

use crate::allot::{Quotas, count, scale, set, total};

/// The counts of one form of exploitation (one population slice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopPlan {
    pub exploitation: &'static str,
    pub size: usize,
    /// `victim`, `social`, `family`, `partner`.
    pub chatter: Quotas,
    /// `female`, `male`, `neutral`, `""` (not filled in).
    pub gender: Quotas,
    /// Known ages as (age, count); the rest of the population is unknown.
    pub ages: Vec<(u32, usize)>,
    pub perpetrator: Quotas,
    /// Sums to the `family` count; `"?"` = family, relation unknown.
    pub perpetrator_family: Quotas,
    /// Sums to the `social` count; `"?"` = social, kind unknown.
    pub perpetrator_social: Quotas,
    /// Acute unsafety (`yes`, `no`, `""`) among victim chatters and among the others.
    pub acute_victim: Quotas,
    pub acute_other: Quotas,
    pub time_since: Quotas,
    pub duration: Quotas,
    /// Minors among those exploited for more than five years (all by family).
    pub long_minors: usize,
    /// `yes`, `no`, `""`.
    pub multiple_perpetrators: Quotas,
    /// Cases knowing other victims among those with multiple perpetrators, and among the rest.
    pub multiple_victims_mp: usize,
    pub multiple_victims_other: usize,
}

/// What the clients' knowledge analysis found (2022 only: the variable is new that year).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientPlan {
    /// One entry per case in which clients knew: the indicators marked.
    pub patterns: Vec<Vec<&'static str>>,
    /// Cases where clients should have known: aged 14, other minors, adults.
    pub should_have_known: [usize; 3],
    /// Duration of the exploitation among the cases where clients knew.
    pub duration: Quotas,
}

/// The counts of one reporting year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearPlan {
    pub year: i32,
    /// Included cases per month of first contact.
    pub months: [usize; 12],
    /// Excluded cases per reason.
    pub excluded: Quotas,
    /// `n_conversations` of the included cases with more than one conversation.
    pub linked_included: Vec<u32>,
    /// `n_conversations` of the excluded cases with more than one conversation.
    pub linked_excluded: Vec<u32>,
    /// Conversations that came in through the partner platform (`csg`).
    pub csg_conversations: usize,
    /// Of those, first conversations of included cases (the case's channel).
    pub csg_included: usize,
    pub pops: Vec<PopPlan>,
    pub both_onset: Quotas,
    /// `online`, `offline`.
    pub met: Quotas,
    pub platform: Quotas,
    /// First disclosure (`yes`, `no`, `""`) among acutely unsafe victim chatters, and the other victims.
    pub fd_acute: Quotas,
    pub fd_other: Quotas,
    /// Coercion: one primary item per case with coercion, then further items.
    pub coercion_primary: Quotas,
    pub coercion_secondary: Quotas,
    /// Kinds of violence (empty before 2022, when violence was not split).
    pub violence_primary: Quotas,
    pub violence_secondary: Quotas,
    pub crime_primary: Quotas,
    pub crime_secondary: Quotas,
    pub clients: Option<ClientPlan>,
    pub referral: Quotas,
    pub language_other: usize,
    /// How parents as perpetrators lean towards the youngest, first disclosure and long duration.
    pub parents: ParentLean,
}

/// How strongly the cases with a parent as perpetrator are the youngest, first
/// disclosures and long-lasting (scores added when the cases are allotted).
///
/// 2022 is the seed's own year; 2019-2021 lean less, so that the pooled
/// 2019-2022 analysis of the seed holds: about a third aged 14 or younger, just
/// over 70% first disclosure, two thirds exploited for more than a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParentLean {
    /// Weight of youth in choosing a parent (other family relations weigh 1).
    pub youth: f64,
    /// Bonus of a parent for a first disclosure.
    pub disclosure: f64,
    /// Bonus of family for two to five and "multiple" years of exploitation.
    pub family_long: f64,
}

/// The seed year's lean (the 2022 figures were calibrated with it).
pub const LEAN_2022: ParentLean = ParentLean {
    youth: 2.0,
    disclosure: 0.7,
    family_long: 1.0,
};

/// The earlier years' lean. With [`PARENT_SHARE_EARLIER`] and
/// [`LONG_MINORS_EARLIER`] it gives the seed's pooled 2019-2022 figures (a test in
/// `crates/report/tests/pooled.rs`): 98 of 936 victims' conversations with a parent,
/// 31.5% of them aged 14 or younger, 83.3% still in the situation, 73.5% first
/// disclosure, 64.9% more than a year and 29.8% more than five years.
pub const LEAN_EARLIER: ParentLean = ParentLean {
    youth: 0.25,
    disclosure: 0.1,
    family_long: -0.2,
};
/// The share of 2022's rate of parents the earlier years keep; the rest are family of an unknown relation.
pub const PARENT_SHARE_EARLIER: f64 = 0.63;
/// Minors exploited for more than five years (by family) in the earlier years, against 2022's rate.
pub const LONG_MINORS_EARLIER: f64 = 0.8;

impl YearPlan {
    /// Included cases.
    pub fn included(&self) -> usize {
        self.pops.iter().map(|p| p.size).sum()
    }

    /// Excluded cases.
    pub fn excluded_cases(&self) -> usize {
        total(&self.excluded)
    }

    /// Conversations (the top of the funnel).
    pub fn conversations(&self) -> usize {
        let linked: u32 = self
            .linked_included
            .iter()
            .chain(&self.linked_excluded)
            .map(|n| n - 1)
            .sum();
        self.included() + self.excluded_cases() + linked as usize
    }
}

fn hist(pairs: &[(u32, usize)]) -> Vec<(u32, usize)> {
    pairs.to_vec()
}

/// The seed's 2022 figures.
pub fn seed_2022() -> YearPlan {
    // Sexual exploitation: 210 cases, 183 victims (§3.1); gender 197/10/1 and 2
    // not filled in (fig. 4); 183 known ages: 73 minors (39.9%), 35 under 16
    // (19.1%), mean 21, median 19, youngest under 12, oldest over 65.
    let sexual_ages = hist(&[
        (9, 1),
        (10, 1),
        (11, 2),
        (12, 3),
        (13, 6),
        (14, 9),
        (15, 13),
        (16, 17),
        (17, 21),
        (18, 13),
        (19, 10),
        (20, 10),
        (21, 9),
        (22, 9),
        (23, 8),
        (24, 6),
        (25, 7),
        (26, 5),
        (27, 5),
        (28, 3),
        (29, 3),
        (30, 3),
        (31, 2),
        (32, 2),
        (33, 1),
        (34, 1),
        (35, 1),
        (36, 1),
        (37, 1),
        (38, 1),
        (39, 1),
        (40, 1),
        (41, 1),
        (42, 1),
        (43, 1),
        (45, 1),
        (47, 1),
        (50, 1),
        (66, 1),
    ]);
    let sexual = PopPlan {
        exploitation: "sexual",
        size: 210,
        chatter: vec![
            ("victim", 183),
            ("social", 13),
            ("family", 13),
            ("partner", 1),
        ],
        gender: vec![("female", 197), ("male", 10), ("neutral", 1), ("", 2)],
        ages: sexual_ages,
        // Fig. 11 (n = 164): partner 65.2%, family 22.6%, social 11%.
        perpetrator: vec![
            ("partner", 107),
            ("family", 37),
            ("social", 18),
            ("other", 2),
            ("", 46),
        ],
        // Parents 28 (75.7% of 37): father 21, mother 4, both 3.
        perpetrator_family: vec![
            ("father", 21),
            ("mother", 4),
            ("both_parents", 3),
            ("uncle_aunt", 4),
            ("sibling", 2),
            ("grandparent", 1),
            ("other_family", 2),
        ],
        perpetrator_social: vec![
            ("friend_acquaintance", 5),
            ("network_contact", 5),
            ("social_media_contact", 5),
            ("other", 3),
        ],
        // 83% acutely unsafe: 127 of 153 known.
        acute_victim: vec![("yes", 120), ("no", 22), ("", 41)],
        acute_other: vec![("yes", 7), ("no", 4), ("", 16)],
        // Fig. 9, n = 171.
        time_since: vec![
            ("ongoing", 120),
            ("ended_lt_1y", 23),
            ("ended_1_5y", 18),
            ("ended_gt_5y", 10),
            ("", 39),
        ],
        // Fig. 10, n = 103: > 1 year 55 (53.4%), > 2 years 43 (41.7%), > 5 years 18 (17.5%).
        duration: vec![
            ("lt_3m", 18),
            ("m3_12", 30),
            ("y1_2", 12),
            ("y2_5", 15),
            ("multiple_years", 10),
            ("gt_5y", 18),
            ("", 107),
        ],
        // "Bijna de helft" of the 18 exploited for more than five years is a minor.
        long_minors: 8,
        // 55 (26.2% of 210) multiple perpetrators; 13 with other victims too.
        multiple_perpetrators: vec![("yes", 55), ("no", 155)],
        multiple_victims_mp: 13,
        multiple_victims_other: 7,
    };
    // Criminal exploitation only: 14; both: 5 (§3.2: 19 cases, 16 victims,
    // ages 12-26, mean 19, median 17, 55.6% minors of 18 known).
    let criminal = PopPlan {
        exploitation: "criminal",
        size: 14,
        chatter: vec![("victim", 11), ("social", 2), ("family", 1)],
        gender: vec![("female", 10), ("male", 3), ("neutral", 1)],
        ages: hist(&[
            (12, 1),
            (14, 1),
            (16, 2),
            (17, 3),
            (18, 1),
            (21, 1),
            (23, 1),
            (24, 1),
            (25, 1),
            (26, 1),
        ]),
        perpetrator: vec![("partner", 6), ("social", 5), ("family", 2), ("", 1)],
        perpetrator_family: vec![("mother", 1), ("?", 1)],
        perpetrator_social: vec![
            ("friend_acquaintance", 3),
            ("network_contact", 1),
            ("social_media_contact", 1),
        ],
        acute_victim: vec![("yes", 10), ("no", 1)],
        acute_other: vec![("yes", 2), ("no", 1)],
        time_since: vec![("ongoing", 11), ("ended_lt_1y", 1), ("", 2)],
        duration: vec![("m3_12", 2), ("y1_2", 1), ("y2_5", 1), ("", 10)],
        long_minors: 0,
        multiple_perpetrators: vec![("yes", 4), ("no", 10)],
        multiple_victims_mp: 1,
        multiple_victims_other: 0,
    };
    let both = PopPlan {
        exploitation: "both",
        size: 5,
        chatter: vec![("victim", 5)],
        gender: vec![("female", 5)],
        ages: hist(&[(15, 1), (17, 2), (19, 1), (22, 1)]),
        perpetrator: vec![("partner", 4), ("social", 1)],
        perpetrator_family: vec![],
        perpetrator_social: vec![("friend_acquaintance", 1)],
        acute_victim: vec![("yes", 4), ("no", 1)],
        acute_other: vec![],
        time_since: vec![("ongoing", 4), ("ended_lt_1y", 1)],
        duration: vec![("m3_12", 1), ("y1_2", 1), ("multiple_years", 1), ("", 2)],
        long_minors: 0,
        multiple_perpetrators: vec![("yes", 2), ("no", 3)],
        multiple_victims_mp: 0,
        multiple_victims_other: 1,
    };
    YearPlan {
        year: 2022,
        months: [21, 19, 22, 18, 20, 17, 16, 18, 19, 21, 20, 18],
        excluded: vec![
            ("other_sexual_violence", 25),
            ("sextortion_only", 16),
            ("financial_or_extortion", 12),
            ("other", 8),
        ],
        // 18 linked conversations: 16 among included cases, 2 among excluded.
        linked_included: vec![2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3],
        linked_excluded: vec![2, 2],
        // 29.5% of 308 conversations via the CSG platform (91), 70.5% direct (217).
        csg_conversations: 91,
        // Included cases: 67 via CSG, 162 direct (70.7%, nearest to 70.5% of 229).
        csg_included: 67,
        pops: vec![sexual, criminal, both],
        both_onset: vec![("sexual_first", 3), ("simultaneous", 2)],
        // 92 known: offline 71 (77.2%), online 21 (22.8%), mostly dating apps and Instagram.
        met: vec![("online", 21), ("offline", 71)],
        platform: vec![
            ("sex_ad_site", 2),
            ("dating_app", 7),
            ("instagram", 6),
            ("snapchat", 3),
            ("other_social_media", 2),
            ("other", 1),
        ],
        // 104 of 175 (59.4%); among the 134 acutely unsafe victims 90 yes, 27 no (20.1%), 117 known.
        fd_acute: vec![("yes", 90), ("no", 27), ("", 17)],
        fd_other: vec![("yes", 14), ("no", 44), ("", 7)],
        // 158 cases, 337 mentions; violence, sextortion and cohabiting most named;
        // cohabiting includes 24 children exploited by the parents they live with.
        coercion_primary: vec![
            ("cohabiting", 24),
            ("age_gap", 12),
            ("lvb", 4),
            ("substance", 8),
            ("financial", 10),
            ("other", 5),
            ("sextortion", 25),
            ("violence", 70),
        ],
        coercion_secondary: vec![
            ("cohabiting", 28),
            ("age_gap", 23),
            ("lvb", 8),
            ("substance", 12),
            ("financial", 18),
            ("other", 5),
            ("sextortion", 37),
            ("violence", 48),
        ],
        violence_primary: vec![
            ("verbal", 13),
            ("psychological", 30),
            ("physical", 35),
            ("sexual", 40),
        ],
        violence_secondary: vec![
            ("verbal", 27),
            ("psychological", 22),
            ("physical", 23),
            ("sexual", 24),
        ],
        // Drugs 13, theft 3; also money laundering and recruitment for prostitution.
        crime_primary: vec![
            ("recruitment", 2),
            ("other", 1),
            ("money_laundering", 1),
            ("theft", 2),
            ("drugs", 13),
        ],
        crime_secondary: vec![("theft", 1), ("money_laundering", 1)],
        clients: Some(clients_2022()),
        // 17 from care (9 professionals, 6 Kindertelefoon), 10 search engines,
        // 3 media, 1 social circle, 2 the CSG website.
        referral: vec![
            ("kindertelefoon", 6),
            ("care_professional", 9),
            ("care_other", 2),
            ("search_engine", 10),
            ("media", 3),
            ("social_circle", 1),
            ("partner_website", 2),
            ("", 196),
        ],
        language_other: 2,
        parents: LEAN_2022,
    }
}

/// Clients knew in 43 cases; 32 with two or more indicators; very young 23,
/// trafficker present 28, of whom a parent 22, violence 24, filmed 8, refusal
/// ignored 6. Should have known: 8 (7 minors, 3 of them 14). Duration known in
/// 28 of the 43, more than a year in 18.
fn clients_2022() -> ClientPlan {
    const VY: &str = "very_young";
    const TP: &str = "trafficker_present";
    const PT: &str = "parent_trafficker";
    const VI: &str = "violence";
    const FI: &str = "filmed";
    const RE: &str = "refusal_ignored";
    let mut patterns: Vec<Vec<&'static str>> = Vec::new();
    // 22 parents present: 18 very young, 8 violence, 3 filmed, 1 refusal ignored.
    for i in 0..22 {
        let mut p = vec![PT, TP];
        if i < 18 {
            p.push(VY);
        }
        if (4..12).contains(&i) {
            p.push(VI);
        }
        if (10..13).contains(&i) {
            p.push(FI);
        }
        if i == 20 {
            p.push(RE);
        }
        patterns.push(p);
    }
    // 6 other traffickers present, 4 of them with violence by the client.
    for i in 0..6 {
        let mut p = vec![TP];
        if i < 4 {
            p.push(VI);
        }
        patterns.push(p);
    }
    // 6 cases with three indicators, 9 with one.
    for p in [
        [VY, VI, FI],
        [VY, VI, RE],
        [VI, FI, RE],
        [VY, VI, FI],
        [VI, RE, FI],
        [VI, VY, RE],
    ] {
        patterns.push(p.to_vec());
    }
    for p in [VY, VI, VI, VI, VI, VI, VI, FI, RE] {
        patterns.push(vec![p]);
    }
    ClientPlan {
        patterns,
        should_have_known: [3, 4, 1],
        duration: vec![
            ("lt_3m", 3),
            ("m3_12", 7),
            ("y1_2", 4),
            ("y2_5", 5),
            ("multiple_years", 3),
            ("gt_5y", 6),
            ("", 15),
        ],
    }
}

/// The figures the report gives for an earlier year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Earlier {
    pub year: i32,
    pub included: usize,
    pub victims: usize,
    pub male_victims: usize,
    pub male_sexual: usize,
    pub criminal: usize,
    pub both: usize,
    pub excluded: usize,
    /// First disclosures, and among them the acutely unsafe victims (`None`: not known that year).
    pub first_disclosure: Option<(usize, usize)>,
    /// Share of minors among known ages.
    pub minors: f64,
    /// Mean and median age as the report gives them (rounded to whole years).
    pub mean: Option<f64>,
    pub median: Option<u32>,
    /// Share of conversations through the partner platform.
    pub csg_share: f64,
    pub linked_included: &'static [u32],
    pub linked_excluded: &'static [u32],
    pub language_other: usize,
}

/// 2019-2021 as the report gives them (figures 7 and 8 and the comparison text);
/// what it does not give (excluded, linked, criminal 2019/2020) is chosen plausibly.
pub const EARLIER: [Earlier; 3] = [
    Earlier {
        year: 2019,
        included: 295,
        victims: 261,
        male_victims: 6,
        male_sexual: 6,
        criminal: 15,
        both: 2,
        excluded: 70,
        first_disclosure: None,
        minors: 0.55,
        mean: None,
        median: None,
        csg_share: 0.0,
        linked_included: &[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3],
        linked_excluded: &[2, 2],
        language_other: 2,
    },
    Earlier {
        year: 2020,
        included: 283,
        victims: 250,
        male_victims: 19,
        male_sexual: 16,
        criminal: 24,
        both: 4,
        excluded: 66,
        first_disclosure: Some((82, 74)),
        minors: 0.60,
        mean: Some(19.0),
        median: None,
        csg_share: 0.0,
        linked_included: &[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3],
        linked_excluded: &[2, 2, 2],
        language_other: 1,
    },
    Earlier {
        year: 2021,
        included: 314,
        victims: 285,
        male_victims: 24,
        male_sexual: 16,
        criminal: 36,
        both: 8,
        excluded: 72,
        first_disclosure: Some((117, 101)),
        minors: 0.40,
        mean: Some(21.0),
        median: Some(18),
        csg_share: 0.18,
        linked_included: &[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3],
        linked_excluded: &[2, 2, 2, 2],
        language_other: 3,
    },
];

/// Ages shaped like `like` for `n` known ages with the given share of minors.
fn ages_like(like: &[(u32, usize)], n: usize, minors: usize) -> Vec<(u32, usize)> {
    let list: Vec<u32> = like
        .iter()
        .flat_map(|&(a, k)| std::iter::repeat_n(a, k))
        .collect();
    if list.is_empty() || n == 0 {
        return Vec::new();
    }
    let m = list.len();
    let mut ages: Vec<u32> = (0..n).map(|i| list[(2 * i + 1) * m / (2 * n)]).collect();
    // Move ages across 18 until the minors are as wanted (ages stay sorted).
    let mut have = ages.iter().filter(|&&a| a < 18).count();
    while have < minors {
        ages[have] = if have % 2 == 0 { 16 } else { 17 };
        have += 1;
    }
    while have > minors {
        have -= 1;
        ages[have] = 18 + (have % 2) as u32;
    }
    ages.sort_unstable();
    let mut out: Vec<(u32, usize)> = Vec::new();
    for a in ages {
        match out.last_mut() {
            Some((b, k)) if *b == a => *k += 1,
            _ => out.push((a, 1)),
        }
    }
    out
}

fn expand(h: &[(u32, usize)]) -> Vec<u32> {
    h.iter()
        .flat_map(|&(a, k)| std::iter::repeat_n(a, k))
        .collect()
}

fn histogram(mut ages: Vec<u32>) -> Vec<(u32, usize)> {
    ages.sort_unstable();
    let mut out: Vec<(u32, usize)> = Vec::new();
    for a in ages {
        match out.last_mut() {
            Some((b, k)) if *b == a => *k += 1,
            _ => out.push((a, 1)),
        }
    }
    out
}

/// Moves ages of `ages` (the others stay) until the median and the rounded
/// mean of both together are as given; minors stay minors, adults adults.
fn tune_ages(ages: &mut [u32], others: &[u32], median: Option<u32>, mean: Option<f64>) {
    ages.sort_unstable();
    let n = ages.len() + others.len();
    if n == 0 {
        return;
    }
    let below = |v: &[u32], m: u32| v.iter().filter(|&&a| a < m).count();
    let upto = |v: &[u32], m: u32| v.iter().filter(|&&a| a <= m).count();
    if let Some(m) = median {
        let (lo, hi) = ((n - 1) / 2, n / 2);
        // Too few at or below m: the smallest ages above m become m.
        while upto(ages, m) + upto(others, m) < hi + 1 {
            let Some(i) = ages.iter().position(|&a| a > m) else {
                break;
            };
            ages[i] = m;
        }
        // Too many below m: the largest ages below m (not minors when m is adult) become m.
        while below(ages, m) + below(others, m) > lo {
            let Some(i) = ages.iter().rposition(|&a| a < m && (a >= 18 || m < 18)) else {
                break;
            };
            ages[i] = m;
        }
        ages.sort_unstable();
    }
    if let Some(target) = mean {
        let floor = median.unwrap_or(18) + 1;
        let total = |v: &[u32]| v.iter().map(|&a| f64::from(a)).sum::<f64>();
        let mean_now = |v: &[u32]| (total(v) + total(others)) / n as f64;
        // Whole adult distribution shifts a year at a time, oldest first, so
        // that the shape stays; a margin of 0.4 keeps the rounding safe.
        let mut cursor = ages.len();
        let mut guard = 0;
        while mean_now(ages) > target + 0.4 && guard < 100_000 {
            guard += 1;
            if cursor == 0 || ages[cursor - 1] <= floor {
                cursor = ages.len();
                if ages.last().is_none_or(|&a| a <= floor) {
                    break;
                }
            }
            cursor -= 1;
            if ages[cursor] > floor {
                ages[cursor] -= 1;
            }
        }
        ages.sort_unstable();
        while mean_now(ages) < target - 0.4 && guard < 100_000 {
            guard += 1;
            if let Some(last) = ages.last_mut() {
                *last += 1;
            }
        }
    }
}

fn round(x: f64) -> usize {
    x.round().max(0.0) as usize
}

/// Scales the chatter table so that the pop has `victims` victim chatters.
fn with_victims(q: &Quotas, size: usize, victims: usize) -> Quotas {
    let others: Quotas = q.iter().filter(|(c, _)| *c != "victim").copied().collect();
    let mut out = vec![("victim", victims)];
    if total(&others) == 0 {
        out.push(("social", size - victims));
    } else {
        out.extend(scale(&others, size - victims));
    }
    out
}

/// A plan for an earlier year: 2022's shape at the earlier year's size, the known figures set exactly.
pub fn earlier(seed: &YearPlan, e: &Earlier) -> YearPlan {
    let sizes = [e.included - e.criminal, e.criminal - e.both, e.both];
    // Victims per population in 2022's proportions, the sexual one taking the rounding.
    let mut victims = [0usize; 3];
    for (i, p) in seed.pops.iter().enumerate().skip(1) {
        victims[i] = round(count(&p.chatter, "victim") as f64 * sizes[i] as f64 / p.size as f64)
            .min(sizes[i]);
    }
    victims[0] = e.victims - victims[1] - victims[2];
    let males = [e.male_sexual, e.male_victims - e.male_sexual, 0];
    // Ages: known share as in 2022, minors as the report gives.
    let known: Vec<usize> = seed
        .pops
        .iter()
        .zip(sizes)
        .map(|(p, s)| {
            round(p.ages.iter().map(|a| a.1).sum::<usize>() as f64 * s as f64 / p.size as f64)
        })
        .collect();
    // A multiple of 5 known ages, so that a share like 40.0% can come out exactly.
    let mut known = known;
    known[0] -= known.iter().sum::<usize>() % 5;
    let all_known: usize = known.iter().sum();
    let minors_total = round(e.minors * all_known as f64);
    let mut pops = Vec::new();
    let mut minors_left = minors_total;
    for (i, p) in seed.pops.iter().enumerate().rev() {
        let size = sizes[i];
        let n_known = known[i];
        let minors_here = if i == 0 {
            minors_left
        } else {
            let share = p
                .ages
                .iter()
                .filter(|a| a.0 < 18)
                .map(|a| a.1)
                .sum::<usize>() as f64
                / p.ages.iter().map(|a| a.1).sum::<usize>().max(1) as f64;
            round(share * n_known as f64)
        };
        minors_left = minors_left.saturating_sub(minors_here);
        let ages = ages_like(&p.ages, n_known, minors_here.min(n_known));
        let chatter = with_victims(&p.chatter, size, victims[i]);
        let v = victims[i];
        let mut gender = scale(&p.gender, size);
        set(&mut gender, "male", males[i], "female");
        if count(&gender, "female")
            + count(&gender, "male")
            + count(&gender, "neutral")
            + count(&gender, "")
            != size
        {
            gender = vec![("female", size - males[i]), ("male", males[i])];
        }
        let perpetrator = scale(&p.perpetrator, size);
        let mut perpetrator_family = scale(&p.perpetrator_family, count(&perpetrator, "family"));
        // Fewer parents than 2022's rate: the rest are family of an unknown relation.
        let mut moved = 0;
        for (code, n) in perpetrator_family.iter_mut() {
            if matches!(*code, "father" | "mother" | "both_parents") {
                let keep = round(*n as f64 * PARENT_SHARE_EARLIER);
                moved += *n - keep;
                *n = keep;
            }
        }
        if moved > 0 {
            match perpetrator_family.iter_mut().find(|(c, _)| *c == "?") {
                Some(e) => e.1 += moved,
                None => perpetrator_family.push(("?", moved)),
            }
        }
        let perpetrator_social = scale(&p.perpetrator_social, count(&perpetrator, "social"));
        let ratio = size as f64 / p.size as f64;
        pops.push(PopPlan {
            exploitation: p.exploitation,
            size,
            chatter,
            gender,
            ages,
            perpetrator_family: if perpetrator_family.is_empty()
                && count(&perpetrator, "family") > 0
            {
                vec![("?", count(&perpetrator, "family"))]
            } else {
                perpetrator_family
            },
            perpetrator_social: if perpetrator_social.is_empty()
                && count(&perpetrator, "social") > 0
            {
                vec![("?", count(&perpetrator, "social"))]
            } else {
                perpetrator_social
            },
            perpetrator,
            acute_victim: scale(&p.acute_victim, v),
            acute_other: if p.acute_other.is_empty() {
                vec![("", size - v)]
            } else {
                scale(&p.acute_other, size - v)
            },
            time_since: scale(&p.time_since, size),
            duration: if e.year == 2021 && i == 0 {
                duration_2021(size, total(&p.duration) - count(&p.duration, ""), ratio)
            } else {
                scale(&p.duration, size)
            },
            long_minors: round(p.long_minors as f64 * ratio * LONG_MINORS_EARLIER),
            multiple_perpetrators: scale(&p.multiple_perpetrators, size),
            multiple_victims_mp: round(p.multiple_victims_mp as f64 * ratio),
            multiple_victims_other: round(p.multiple_victims_other as f64 * ratio),
        });
    }
    pops.reverse();
    let others: Vec<u32> = pops[1..].iter().flat_map(|p| expand(&p.ages)).collect();
    let mut sexual = expand(&pops[0].ages);
    tune_ages(&mut sexual, &others, e.median, e.mean);
    pops[0].ages = histogram(sexual);
    let included = e.included;
    let r = included as f64 / seed.included() as f64;
    let acute_victims: usize = pops.iter().map(|p| count(&p.acute_victim, "yes")).sum();
    let (fd_acute, fd_other) = match e.first_disclosure {
        Some((yes, acute_yes)) => {
            let mut a = scale(&seed.fd_acute, acute_victims);
            set(&mut a, "yes", acute_yes, "no");
            let mut o = scale(&seed.fd_other, e.victims - acute_victims);
            set(&mut o, "yes", yes - acute_yes, "no");
            (a, o)
        }
        None => (
            vec![("", acute_victims)],
            vec![("", e.victims - acute_victims)],
        ),
    };
    let coercion_cases = round(total(&seed.coercion_primary) as f64 * r);
    let met = scale(&seed.met, round(total(&seed.met) as f64 * r));
    let online = count(&met, "online");
    let crim = e.criminal;
    let crime_primary = scale(&seed.crime_primary, crim);
    let months = {
        let q: Quotas = seed.months.iter().map(|&n| ("m", n)).collect();
        let s = scale(&q, included);
        let mut m = [0usize; 12];
        for (i, (_, n)) in s.iter().enumerate() {
            m[i] = *n;
        }
        // A different shape per year: rotate by the year.
        m.rotate_left((e.year % 12) as usize);
        m
    };
    let linked: u32 = e
        .linked_included
        .iter()
        .chain(e.linked_excluded)
        .map(|n| n - 1)
        .sum();
    let conversations = included + e.excluded + linked as usize;
    YearPlan {
        year: e.year,
        months,
        excluded: scale(&seed.excluded, e.excluded),
        linked_included: e.linked_included.to_vec(),
        linked_excluded: e.linked_excluded.to_vec(),
        csg_conversations: round(e.csg_share * conversations as f64),
        csg_included: round(e.csg_share * included as f64),
        pops,
        both_onset: scale(&seed.both_onset, e.both),
        met,
        platform: scale(&seed.platform, online),
        fd_acute,
        fd_other,
        coercion_primary: {
            // Living with the perpetrator as the main means goes with a parent:
            // as many fewer as there are fewer parents, the rest named violence.
            let mut q = scale(&seed.coercion_primary, coercion_cases);
            let living = count(&q, "cohabiting");
            let keep = round(living as f64 * PARENT_SHARE_EARLIER);
            set(&mut q, "cohabiting", keep, "violence");
            q
        },
        coercion_secondary: scale(
            &seed.coercion_secondary,
            round(total(&seed.coercion_secondary) as f64 * r),
        ),
        violence_primary: Vec::new(),
        violence_secondary: Vec::new(),
        crime_secondary: scale(
            &seed.crime_secondary,
            round(total(&seed.crime_secondary) as f64 * crim as f64 / 19.0),
        ),
        crime_primary,
        clients: None,
        referral: scale(&seed.referral, included),
        language_other: e.language_other,
        parents: LEAN_EARLIER,
    }
}

/// 2021's duration of sexual exploitation: more than a year 56%, more than two 43%, more than five 23%.
fn duration_2021(size: usize, known_2022: usize, ratio: f64) -> Quotas {
    let k = round(known_2022 as f64 * ratio);
    let gt5 = round(0.23 * k as f64);
    let gt2 = round(0.43 * k as f64);
    let gt1 = round(0.56 * k as f64);
    let short = k - gt1;
    let lt3 = short * 3 / 8;
    let multi = (gt2 - gt5) * 2 / 5;
    vec![
        ("lt_3m", lt3),
        ("m3_12", short - lt3),
        ("y1_2", gt1 - gt2),
        ("y2_5", gt2 - gt5 - multi),
        ("multiple_years", multi),
        ("gt_5y", gt5),
        ("", size - k),
    ]
}

/// The plans of every demo year, 2019-2022.
pub fn all_years() -> Vec<YearPlan> {
    let seed = seed_2022();
    let mut out: Vec<YearPlan> = EARLIER.iter().map(|e| earlier(&seed, e)).collect();
    out.push(seed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2022_plan_adds_up() {
        let p = seed_2022();
        assert_eq!(p.included(), 229);
        assert_eq!(p.excluded_cases(), 61);
        assert_eq!(p.conversations(), 308);
        assert_eq!(p.months.iter().sum::<usize>(), 229);
        for pop in &p.pops {
            for q in [
                &pop.chatter,
                &pop.gender,
                &pop.time_since,
                &pop.duration,
                &pop.multiple_perpetrators,
            ] {
                assert_eq!(total(q), pop.size, "{}", pop.exploitation);
            }
            assert_eq!(
                total(&pop.perpetrator_family),
                count(&pop.perpetrator, "family")
            );
            assert_eq!(
                total(&pop.perpetrator_social),
                count(&pop.perpetrator, "social")
            );
            assert_eq!(total(&pop.acute_victim), count(&pop.chatter, "victim"));
            assert_eq!(total(&pop.acute_victim) + total(&pop.acute_other), pop.size);
        }
        let victims_acute: usize = p.pops.iter().map(|x| count(&x.acute_victim, "yes")).sum();
        assert_eq!(total(&p.fd_acute), victims_acute);
        assert_eq!(total(&p.fd_acute) + total(&p.fd_other), 199);
        assert_eq!(total(&p.coercion_primary), 158);
        assert_eq!(
            total(&p.coercion_primary) + total(&p.coercion_secondary),
            337
        );
        assert_eq!(total(&p.referral), 229);
        let Some(c) = p.clients else {
            panic!("2022 has the clients analysis")
        };
        assert_eq!(c.patterns.len(), 43);
        assert_eq!(c.patterns.iter().filter(|x| x.len() >= 2).count(), 32);
        assert_eq!(total(&c.duration), 43);
    }

    #[test]
    fn earlier_plans_add_up() {
        for plan in all_years() {
            let n = plan.included();
            assert_eq!(plan.months.iter().sum::<usize>(), n, "{}", plan.year);
            assert_eq!(total(&plan.referral), n);
            for pop in &plan.pops {
                assert_eq!(
                    total(&pop.chatter),
                    pop.size,
                    "{} {}",
                    plan.year,
                    pop.exploitation
                );
                assert_eq!(
                    total(&pop.gender),
                    pop.size,
                    "{} {}",
                    plan.year,
                    pop.exploitation
                );
                assert_eq!(
                    total(&pop.duration),
                    pop.size,
                    "{} {}",
                    plan.year,
                    pop.exploitation
                );
                assert!(pop.ages.iter().map(|a| a.1).sum::<usize>() <= pop.size);
                assert_eq!(total(&pop.acute_victim), count(&pop.chatter, "victim"));
                assert_eq!(total(&pop.acute_victim) + total(&pop.acute_other), pop.size);
            }
        }
    }
}
