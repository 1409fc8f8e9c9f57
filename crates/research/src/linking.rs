//! Duplicate linking: candidate pairs of conversations of the same visitor, with a score and reasons.
//!
//! A visitor who comes back often does so under another username; the only
//! traces are a similar name, the same intake answers, a short time between
//! the chats and, above all, the same story told again. [`candidates`]
//! compares every pair of conversations (within [`LinkOptions::max_days`]) on
//! those signals and adds up a weight per signal, in the spirit of
//! Fellegi–Sunter record linkage: agreement on a rare detail adds much,
//! agreement on a common one little, a contradiction (another intake age or
//! gender) subtracts. Every weight is kept as a [`Reason`] so that the
//! researcher sees *why* a pair is proposed, side by side, and decides.
//! Confirmed pairs become cases through [`components`]; [`evaluate`] scores
//! candidates against known duplicates (the demo data's ground truth).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use zicht_conversations::Conversation;

use crate::facts::Facts;
use crate::time::parse_rfc3339;

/// What linking knows of one conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub conversation_id: String,
    pub username: String,
    /// Seconds since 1970, if `started_at` could be read.
    pub started: Option<i64>,
    pub intake_age: Option<u32>,
    pub intake_gender: Option<String>,
    pub facts: Facts,
}

impl Profile {
    /// The profile of a conversation with the facts of its visitor's messages.
    pub fn of(conversation: &Conversation) -> Profile {
        Profile {
            conversation_id: conversation.conversation_id.clone(),
            username: conversation.username.clone(),
            started: parse_rfc3339(&conversation.started_at),
            intake_age: conversation.intake.age,
            intake_gender: conversation.intake.gender.clone(),
            facts: Facts::extract(conversation),
        }
    }
}

/// The signal a reason is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Username,
    IntakeAge,
    IntakeGender,
    TimeBetween,
    StoryAge,
    Relation,
    Place,
    Platform,
    Name,
    Coded,
    Returning,
    Competing,
}

impl Signal {
    /// Dutch label for the screen.
    pub fn label_nl(self) -> &'static str {
        match self {
            Signal::Username => "Gebruikersnaam",
            Signal::IntakeAge => "Leeftijd (intake)",
            Signal::IntakeGender => "Gender (intake)",
            Signal::TimeBetween => "Tijd tussen de chats",
            Signal::StoryAge => "Leeftijd in het verhaal",
            Signal::Relation => "Relatie pleger",
            Signal::Place => "Plaats",
            Signal::Platform => "Platform",
            Signal::Name => "Naam",
            Signal::Coded => "Codering (suggestie)",
            Signal::Returning => "Zegt terug te komen",
            Signal::Competing => "Past beter bij een ander gesprek",
        }
    }
}

impl Signal {
    /// English label for the screen.
    pub fn label_en(self) -> &'static str {
        match self {
            Signal::Username => "Username",
            Signal::IntakeAge => "Age (intake)",
            Signal::IntakeGender => "Gender (intake)",
            Signal::TimeBetween => "Time between the chats",
            Signal::StoryAge => "Age in the story",
            Signal::Relation => "Perpetrator relation",
            Signal::Place => "Place",
            Signal::Platform => "Platform",
            Signal::Name => "Name",
            Signal::Coded => "Coding (suggestion)",
            Signal::Returning => "Says they are back",
            Signal::Competing => "Fits another conversation better",
        }
    }
}

/// One signal's contribution to a pair's score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reason {
    pub signal: Signal,
    /// Added to the score (negative for a contradiction).
    pub weight: f64,
    /// What was compared, in Dutch (`zonnebloem22 ~ zonnebloem_23 (0,93)`).
    pub detail: String,
}

/// A proposed pair: two conversations that may be the same visitor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// Conversation ids, `a` the earlier.
    pub a: String,
    pub b: String,
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// The knobs of [`candidates`]; the defaults are what the demo data were measured with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkOptions {
    /// Pairs further apart than this are not compared.
    pub max_days: f64,
    /// A pair is proposed when its score reaches this.
    pub threshold: f64,
    /// A pair loses to a better partner of one of its conversations when that
    /// partner scores this many bits more and does not match the pair's other
    /// conversation (see [`candidates`]); `f64::INFINITY` turns this off.
    pub margin: f64,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions {
            max_days: 366.0,
            threshold: 11.0,
            margin: 3.0,
        }
    }
}

/// Lowercased letters and digits of a username.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The letters of a username without digits (`zonnebloem22` → `zonnebloem`).
fn stem(name: &str) -> String {
    normalise(name)
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect()
}

/// The time between two chats in whole days and hours ("7 dagen en 23
/// uur", "5 uur"), not a day count with decimals (tenth walk, finding 16).
fn days_nl(seconds: u64) -> String {
    let hours = (seconds + 1_800) / 3_600;
    let (d, h) = (hours / 24, hours % 24);
    let days = match d {
        0 => String::new(),
        1 => "1 dag".to_string(),
        n => format!("{n} dagen"),
    };
    match (days.is_empty(), h) {
        (true, _) => format!("{h} uur"),
        (false, 0) => days,
        (false, h) => format!("{days} en {h} uur"),
    }
}

fn nl_number(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

/// The username reason of a pair, if the names are alike.
fn username_reason(a: &str, b: &str, stem_bits: impl Fn(&str) -> f64) -> Option<Reason> {
    let (na, nb) = (normalise(a), normalise(b));
    if na.is_empty() || nb.is_empty() {
        return None;
    }
    let (sa, sb) = (stem(a), stem(b));
    let similarity = strsim::jaro_winkler(&na, &nb).max(if sa.len() >= 3 && sb.len() >= 3 {
        strsim::jaro_winkler(&sa, &sb)
    } else {
        0.0
    });
    let (weight, what) = if na == nb {
        (4.0, "dezelfde naam".to_string())
    } else if sa == sb && sa.chars().count() >= 4 {
        // A shared stem is worth what its rarity says: `gast1234` is a default name.
        (stem_bits(&sa), "zelfde naam, andere cijfers".to_string())
    } else if similarity >= 0.92 {
        (
            1.5,
            format!("lijken sterk op elkaar ({})", nl_number(similarity)),
        )
    } else {
        return None;
    };
    Some(Reason {
        signal: Signal::Username,
        weight,
        detail: format!("{a} ~ {b}: {what}"),
    })
}

/// The kinds of story facts: the signal they count for, their name, their values.
fn fact_kinds(f: &Facts) -> [(Signal, &'static str, &BTreeSet<String>); 7] {
    [
        (Signal::Relation, "relatie", &f.relations),
        (Signal::Place, "plaats", &f.places),
        (Signal::Place, "plek", &f.spots),
        (Signal::Platform, "platform", &f.platforms),
        (Signal::Name, "naam", &f.names),
        (Signal::Coded, "codering", &f.coded),
        (Signal::StoryAge, "leeftijd", &f.age_words),
    ]
}

/// The mean time, in days, before a returning visitor comes back (the time-gap model).
pub const RETURN_DAYS: f64 = 21.0;

/// The weight of the time between two chats, in bits: the log-likelihood
/// ratio of the gap under "the same visitor came back" (an exponential return
/// time with mean [`RETURN_DAYS`]) against "two visitors of the same year"
/// (the gap between two random days of a year, density `2(365 - d)/365²`).
/// About +2.8 bits for a few days, 0 at seven weeks, −3.6 at a hundred days
/// and −8 at half a year (capped at −12): a long gap is a contradiction, not
/// merely the absence of a reason.
pub fn gap_bits(days: f64) -> f64 {
    let year = 365.0;
    let d = days.clamp(0.0, year - 1.0);
    let same = (-d / RETURN_DAYS).exp() / RETURN_DAYS;
    let other = 2.0 * (year - d) / (year * year);
    (same / other).log2().clamp(-12.0, 4.0)
}

/// How often a returning visitor keeps the letters of their username (`zonnebloem22` → `zonnebloem_23`).
const KEEP_STEM: f64 = 0.3;

/// Agreement on one fact is worth at most this many bits.
const MAX_FACT_BITS: f64 = 6.0;
/// Disagreement when both name a town, a place or an age, and none is shared:
/// log2(0.15 / 0.95), a returning visitor names another town about one time
/// in seven, two visitors nearly always.
const CONFLICT_BITS: f64 = -2.7;
/// Disagreement on relations, platforms or names, which a story tells more
/// loosely (another relative, another app): log2(0.3 / 0.8).
const SOFT_CONFLICT_BITS: f64 = -1.4;

/// Scores pairs of profiles, weighing shared facts by how rare they are.
///
/// Every weight is a log-likelihood ratio in bits, `log2(m / u)` in the
/// sense of Fellegi–Sunter: how much more likely what is seen is when the two
/// conversations are one visitor (`m`) than when they are two (`u`). The `u`
/// side is measured on the year's own conversations, the `m` side is a stated
/// assumption, never fitted to known duplicates:
///
/// - a story fact both conversations tell counts `log2(N / df)`, where `df` is
///   how many of the `N` conversations mention it (a town one in thirty names
///   is worth about five bits, a relation every third names less than two),
///   capped at [`MAX_FACT_BITS`]; further shared values of a kind add a bit;
///   values of five letters or more match despite a typo (normalised
///   Levenshtein similarity 0.85);
/// - a contradiction subtracts: both name a town, a place or an age and none
///   is shared ([`CONFLICT_BITS`]), or both name relations, platforms or
///   names and none is shared ([`SOFT_CONFLICT_BITS`]); intake genders that
///   differ; intake ages years apart;
/// - the time between the chats counts by [`gap_bits`] (returning within
///   weeks is likely, after months not), a visitor saying they were here
///   before adds two bits;
/// - a shared username stem counts by its rarity and how often a visitor
///   keeps it ([`KEEP_STEM`]): `gast1234` is a default name.
///
/// A random pair of a year's few hundred conversations is a duplicate with
/// odds of about 1 in 2000 (eleven bits), which is why
/// [`LinkOptions::threshold`] is 11: a proposed pair is at least as likely
/// one visitor as two. On the demo data (`tests/linking_demo.rs`,
/// `examples/link_eval.rs`): precision 0.60 at recall 0.79 (before: 0.39 at
/// 0.81); at threshold 9 0.37 and 0.85, at 13 0.78 and 0.68.
#[derive(Debug, Clone)]
pub struct Linker {
    n: f64,
    df: HashMap<(&'static str, String), usize>,
}

impl Linker {
    /// Learns how often each fact occurs among the profiles.
    pub fn new(profiles: &[Profile]) -> Linker {
        let mut df: HashMap<(&'static str, String), usize> = HashMap::new();
        for p in profiles {
            for (_, kind, values) in fact_kinds(&p.facts) {
                for v in values {
                    *df.entry((kind, v.clone())).or_default() += 1;
                }
            }
            *df.entry(("stam", stem(&p.username))).or_default() += 1;
        }
        Linker {
            n: profiles.len().max(1) as f64,
            df,
        }
    }

    fn bits(&self, kind: &'static str, value: &str) -> f64 {
        let df = self
            .df
            .get(&(kind, value.to_string()))
            .copied()
            .unwrap_or(1)
            .max(1) as f64;
        (self.n / df).log2().clamp(0.0, MAX_FACT_BITS)
    }

    /// Compares two profiles: every reason with its weight, and their sum.
    pub fn compare(&self, a: &Profile, b: &Profile) -> (f64, Vec<Reason>) {
        let mut reasons = Vec::new();
        // A returning visitor keeps the stem of their name with probability
        // KEEP_STEM; two visitors share it as often as the stem is common:
        // log2(KEEP_STEM / p + 1 - KEEP_STEM), at most 3 bits.
        let stem_bits = |s: &str| {
            let p = (-self.bits("stam", s)).exp2();
            (KEEP_STEM / p + 1.0 - KEEP_STEM).log2().min(3.0)
        };
        if let Some(r) = username_reason(&a.username, &b.username, stem_bits) {
            reasons.push(r);
        }
        if let (Some(x), Some(y)) = (a.intake_age, b.intake_age) {
            // Visitors do not always fill in their true age, and a birthday
            // may fall between two chats; a gap of years is a contradiction:
            // about log2(0.05 / 0.7) when two visitors differ that much seven
            // times in ten and one visitor once in twenty.
            let weight = match x.abs_diff(y) {
                0 => 3.0,
                1 => 1.0,
                2 | 3 => -1.0,
                _ => -3.8,
            };
            reasons.push(Reason {
                signal: Signal::IntakeAge,
                weight,
                detail: format!("{x} en {y} jaar"),
            });
        }
        if let (Some(x), Some(y)) = (&a.intake_gender, &b.intake_gender) {
            reasons.push(Reason {
                signal: Signal::IntakeGender,
                weight: if x == y { 0.3 } else { -4.0 },
                detail: format!("{x} en {y}"),
            });
        }
        if let (Some(x), Some(y)) = (a.started, b.started) {
            let days = (x - y).abs() as f64 / 86_400.0;
            reasons.push(Reason {
                signal: Signal::TimeBetween,
                weight: gap_bits(days),
                detail: days_nl((x - y).unsigned_abs()),
            });
            let later = if x <= y { b } else { a };
            if later.facts.returning && days <= 31.0 {
                reasons.push(Reason {
                    signal: Signal::Returning,
                    weight: 2.0,
                    detail: format!("{} zegt eerder te hebben gechat", later.conversation_id),
                });
            }
        }
        let (fa, fb) = (fact_kinds(&a.facts), fact_kinds(&b.facts));
        for ((signal, kind, x), (_, _, y)) in fa.into_iter().zip(fb) {
            // Exact, or for longer values nearly the same (a typo: `wnkel`, `campnig`).
            let common: Vec<&String> = x
                .iter()
                .filter(|v| {
                    y.contains(*v)
                        || (v.chars().count() >= 5
                            && y.iter().any(|w| {
                                w.chars().count() >= 5
                                    && strsim::normalized_levenshtein(v, w) >= 0.85
                            }))
                })
                .collect();
            if !common.is_empty() {
                // The rarest shared value counts whole, each further one a bit.
                let mut bits: Vec<f64> = common.iter().map(|v| self.bits(kind, v)).collect();
                bits.sort_by(|p, q| q.total_cmp(p));
                let mut weight = bits[0] + (bits.len() - 1) as f64;
                // Codebook values from assisted coding restate what the text
                // facts already count: shown beside the pair, weighing nothing
                // (with weight they cost precision on the demo data: 0.33
                // instead of 0.39 at the same recall).
                if kind == "codering" {
                    weight = 0.0;
                }
                // The same age in the intake and in the text is one fact, not two.
                if kind == "leeftijd" && a.intake_age.is_some() && a.intake_age == b.intake_age {
                    weight = weight.min(1.0);
                }
                let shown: Vec<&str> = common.iter().map(|v| v.as_str()).collect();
                reasons.push(Reason {
                    signal,
                    weight: weight.min(MAX_FACT_BITS + 2.0),
                    detail: format!("{kind}: beide {}", shown.join(", ")),
                });
            } else if !x.is_empty() && !y.is_empty() && kind != "codering" {
                let weight = match kind {
                    "plaats" | "plek" | "leeftijd" => CONFLICT_BITS,
                    _ => SOFT_CONFLICT_BITS,
                };
                let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
                reasons.push(Reason {
                    signal,
                    weight,
                    detail: format!("{kind}: {} tegenover {}", list(x), list(y)),
                });
            }
        }
        // Shared facts stay in the list even when they weigh nothing: the researcher sees them.
        let score = reasons.iter().map(|r| r.weight).sum();
        (score, reasons)
    }
}

/// Every pair of profiles (within `max_days`) that reaches the threshold, best first.
///
/// One visitor is one person: when a conversation `x` has a candidate partner
/// `c` that scores [`LinkOptions::margin`] bits more than its pair with `o`,
/// and `c` and `o` do not match each other (their own score stays under the
/// threshold), then `x`–`o` can only be right if `x`–`c` is wrong. The pair
/// `x`–`o` then gets a [`Signal::Competing`] reason weighing the difference,
/// which is shown beside the others.
pub fn candidates(profiles: &[Profile], options: &LinkOptions) -> Vec<Candidate> {
    let linker = Linker::new(profiles);
    let mut order: Vec<usize> = (0..profiles.len()).collect();
    order.sort_by_key(|&i| (profiles[i].started.unwrap_or(i64::MAX), i));
    let max_seconds = (options.max_days * 86_400.0) as i64;
    // (i, j, score, reasons) of every pair at or above the threshold.
    let mut found: Vec<(usize, usize, f64, Vec<Reason>)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            let (pi, pj) = (&profiles[i], &profiles[j]);
            if let (Some(x), Some(y)) = (pi.started, pj.started)
                && y - x > max_seconds
            {
                break;
            }
            let (score, reasons) = linker.compare(pi, pj);
            if score >= options.threshold {
                found.push((i, j, score, reasons));
            }
        }
    }
    // Each conversation's partners with their scores, before any competition.
    let mut partners: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    for &(i, j, score, _) in &found {
        partners.entry(i).or_default().push((j, score));
        partners.entry(j).or_default().push((i, score));
    }
    let mut out = Vec::new();
    for (i, j, mut score, mut reasons) in found {
        let original = score;
        for (x, o) in [(i, j), (j, i)] {
            let best = partners
                .get(&x)
                .into_iter()
                .flatten()
                .filter(|(c, _)| *c != o)
                .max_by(|p, q| p.1.total_cmp(&q.1));
            let Some(&(c, better)) = best else {
                continue;
            };
            if better - original < options.margin {
                continue;
            }
            let (between, _) = linker.compare(&profiles[c], &profiles[o]);
            if between >= options.threshold {
                continue;
            }
            let weight = original - better;
            score += weight;
            reasons.push(Reason {
                signal: Signal::Competing,
                weight,
                detail: format!(
                    "{} past beter bij {} ({}) dan bij {}",
                    profiles[x].conversation_id,
                    profiles[c].conversation_id,
                    nl_number(better),
                    profiles[o].conversation_id
                ),
            });
        }
        if score >= options.threshold {
            out.push(Candidate {
                a: profiles[i].conversation_id.clone(),
                b: profiles[j].conversation_id.clone(),
                score,
                reasons,
            });
        }
    }
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    out
}

/// The connected groups of `ids` under the confirmed links; singletons included, each group sorted.
///
/// Groups are ordered by their first id; links naming unknown ids are ignored.
pub fn components<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    links: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<Vec<String>> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (a, b) in links {
        if let (Some(&x), Some(&y)) = (index.get(a), index.get(b)) {
            let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
            if rx != ry {
                parent[rx.max(ry)] = rx.min(ry);
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push((*id).to_string());
    }
    let mut out: Vec<Vec<String>> = groups
        .into_values()
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    out.sort();
    out
}

/// Precision and recall of candidate pairs against known duplicates.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Evaluation {
    /// Pairs of conversations that truly belong to one person.
    pub true_pairs: usize,
    /// Candidates proposed.
    pub proposed: usize,
    /// Proposed candidates that are true pairs.
    pub correct: usize,
    /// `correct / proposed` (1 when nothing was proposed).
    pub precision: f64,
    /// `correct / true_pairs` (1 when there is nothing to find).
    pub recall: f64,
}

/// Scores candidate pairs against the truth (`conversation id -> person`).
pub fn evaluate<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    truth: &HashMap<String, String>,
) -> Evaluation {
    let mut per_person: HashMap<&str, usize> = HashMap::new();
    for person in truth.values() {
        *per_person.entry(person.as_str()).or_default() += 1;
    }
    let true_pairs = per_person.values().map(|&n| n * (n - 1) / 2).sum();
    let mut proposed = 0;
    let mut correct = 0;
    for (a, b) in pairs {
        proposed += 1;
        if let (Some(x), Some(y)) = (truth.get(a), truth.get(b))
            && x == y
        {
            correct += 1;
        }
    }
    Evaluation {
        true_pairs,
        proposed,
        correct,
        precision: if proposed == 0 {
            1.0
        } else {
            correct as f64 / proposed as f64
        },
        recall: if true_pairs == 0 {
            1.0
        } else {
            correct as f64 / true_pairs as f64
        },
    }
}

/// The pairs implied by groups: every two members of one group.
pub fn pairs_of_groups(groups: &[Vec<String>]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for g in groups {
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                out.push((a.clone(), b.clone()));
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_time_between_chats_is_whole_days_and_hours() {
        let h = 3_600;
        assert_eq!(days_nl(7 * 24 * h + 23 * h + 100), "7 dagen en 23 uur");
        assert_eq!(days_nl(8 * 24 * h), "8 dagen");
        assert_eq!(days_nl(24 * h + 2 * h), "1 dag en 2 uur");
        assert_eq!(days_nl(5 * h + 10), "5 uur");
        assert_eq!(days_nl(0), "0 uur");
    }

    fn profile(
        id: &str,
        user: &str,
        day: i64,
        age: Option<u32>,
        gender: Option<&str>,
        text: &str,
    ) -> Profile {
        let mut facts = Facts::default();
        facts.read(text);
        Profile {
            conversation_id: id.to_string(),
            username: user.to_string(),
            started: Some(1_640_995_200 + day * 86_400),
            intake_age: age,
            intake_gender: gender.map(str::to_string),
            facts,
        }
    }

    /// Forty unrelated conversations spread over the year, so that rarity means something.
    fn fillers() -> Vec<Profile> {
        let towns = ["Utrecht", "Groningen", "Tilburg", "Leiden", "Emmen"];
        let relations = ["vriend", "oom", "baas", "buurman", "ex"];
        (0..40)
            .map(|i| {
                profile(
                    &format!("f{i:02}"),
                    &format!("gast{}", 1000 + i * 37),
                    i64::from(i) * 9,
                    Some(14 + i),
                    Some(if i % 3 == 0 { "male" } else { "female" }),
                    &format!(
                        "ik ben {} jaar. mijn {} zit erachter, in {}",
                        14 + i,
                        relations[i as usize % 5],
                        towns[i as usize % 5]
                    ),
                )
            })
            .collect()
    }

    #[test]
    fn the_same_story_under_another_name_is_proposed_with_its_reasons() {
        let a = profile(
            "c1",
            "zonnebloem22",
            10,
            Some(16),
            Some("female"),
            "ik ben 16 jaar. mijn stiefvader brengt me naar mannen in Zwolle. hij heet Rico",
        );
        let b = profile(
            "c2",
            "anoniem_meisje",
            14,
            Some(16),
            Some("female"),
            "hoi ik was hier vorige week. ik ben 16, mijn stiefvader en Rico. in zwolle",
        );
        let c = profile(
            "c3",
            "voetbalfan",
            12,
            Some(34),
            Some("male"),
            "mijn baas betaalt me niet, ik werk in Rotterdam",
        );
        let mut all = vec![a, b, c];
        all.extend(fillers());
        let found = candidates(&all, &LinkOptions::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        let pair = &found[0];
        assert_eq!((pair.a.as_str(), pair.b.as_str()), ("c1", "c2"));
        let signals: BTreeSet<Signal> = pair.reasons.iter().map(|r| r.signal).collect();
        for s in [
            Signal::IntakeAge,
            Signal::StoryAge,
            Signal::Relation,
            Signal::Place,
            Signal::Name,
        ] {
            assert!(signals.contains(&s), "{s:?} missing in {pair:#?}");
        }
        let sum: f64 = pair.reasons.iter().map(|r| r.weight).sum();
        assert!((sum - pair.score).abs() < 1e-12);
    }

    #[test]
    fn contradicting_intake_outweighs_a_similar_name() {
        let a = profile("c1", "lisa2007", 1, Some(15), Some("female"), "hoi");
        let b = profile("c2", "lisa2008", 2, Some(40), Some("male"), "hallo");
        let mut all = fillers();
        all.extend([a.clone(), b.clone()]);
        let (score, reasons) = Linker::new(&all).compare(&a, &b);
        assert!(score < LinkOptions::default().threshold, "{reasons:#?}");
        assert!(
            reasons
                .iter()
                .any(|r| r.signal == Signal::Username && r.weight > 2.0 && r.weight <= 3.0)
        );
    }

    #[test]
    fn pairs_further_apart_than_max_days_are_not_compared() {
        let a = profile("c1", "sam", 0, Some(15), Some("female"), "");
        let b = profile("c2", "sam", 400, Some(15), Some("female"), "");
        let any_score = LinkOptions {
            threshold: f64::MIN,
            ..LinkOptions::default()
        };
        assert!(candidates(&[a.clone(), b.clone()], &any_score).is_empty());
        let wide = LinkOptions {
            max_days: 500.0,
            ..any_score
        };
        assert_eq!(candidates(&[a, b], &wide).len(), 1);
    }

    #[test]
    fn components_join_chains_and_keep_singletons() {
        let groups = components(
            ["a", "b", "c", "d", "e"],
            [("a", "c"), ("c", "e"), ("x", "a")],
        );
        assert_eq!(groups, vec![vec!["a", "c", "e"], vec!["b"], vec!["d"]]);
    }

    #[test]
    fn evaluation_counts_pairs() {
        let truth: HashMap<String, String> = [("a", "p"), ("b", "p"), ("c", "p"), ("d", "q")]
            .into_iter()
            .map(|(c, p)| (c.to_string(), p.to_string()))
            .collect();
        let e = evaluate([("a", "b"), ("a", "d")], &truth);
        assert_eq!((e.true_pairs, e.proposed, e.correct), (3, 2, 1));
        assert!((e.precision - 0.5).abs() < 1e-12);
        assert!((e.recall - 1.0 / 3.0).abs() < 1e-12);
    }

    proptest! {
        #[test]
        fn components_partition_the_ids(links in prop::collection::vec((0usize..12, 0usize..12), 0..20)) {
            let ids: Vec<String> = (0..12).map(|i| format!("c{i:02}")).collect();
            let link_ids: Vec<(&str, &str)> = links.iter().map(|&(a, b)| (ids[a].as_str(), ids[b].as_str())).collect();
            let groups = components(ids.iter().map(String::as_str), link_ids.iter().copied());
            let mut all: Vec<String> = groups.iter().flatten().cloned().collect();
            all.sort();
            prop_assert_eq!(&all, &ids);
            for (a, b) in link_ids {
                let ga = groups.iter().position(|g| g.iter().any(|x| x == a));
                let gb = groups.iter().position(|g| g.iter().any(|x| x == b));
                prop_assert_eq!(ga, gb);
            }
        }

        #[test]
        fn comparison_is_symmetric(
            u1 in "[a-z]{3,8}[0-9]{0,2}", u2 in "[a-z]{3,8}[0-9]{0,2}",
            a1 in prop::option::of(12u32..40), a2 in prop::option::of(12u32..40),
            d in 0i64..200,
        ) {
            let x = profile("x", &u1, 0, a1, Some("female"), "ik ben 16 jaar uit Breda");
            let y = profile("y", &u2, d, a2, None, "16 jaar, mijn vriend");
            let linker = Linker::new(&[x.clone(), y.clone()]);
            let (s1, _) = linker.compare(&x, &y);
            let (s2, _) = linker.compare(&y, &x);
            prop_assert!((s1 - s2).abs() < 1e-9);
        }
    }
}
