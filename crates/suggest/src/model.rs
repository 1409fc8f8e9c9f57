//! The learned layer: per-code logistic regression on word and character n-grams of the visitor's words, trained from labelled chats, adding what the rules miss and vetoing what the model finds unlikely.
//!
//! Features are computed on the normalised text ([`crate::normal`]) of the
//! visitor's messages: words (`w`), adjacent word pairs (`b`), character
//! 4-grams inside words (`c`) and, for an answer to a counsellor's question,
//! each longer word of the question with the answer's first word (`q`; with
//! every word of a short answer) and the question's topic words (`k`), the
//! words after a negation (`n`) and the words of the opening message (`f`),
//! each present or absent per chat, a chat's vector
//! scaled to unit length. One binary logistic regression per code of a
//! single-choice variable and per item of a multiple-response set, fitted by
//! seeded stochastic gradient descent with L2, pruned to the largest weights.
//! The model file is plain text (see [`Model::to_text`]); ages are never
//! suggested by the model.
//!
//! Combination with the rules ([`Model::apply`]): a variable the rules leave
//! out gets the model's most probable code when its probability reaches the
//! `add` threshold; a value the rules suggest is dropped when the model gives
//! it less than the `veto` probability. A model suggestion has `source =
//! "model"` (or lists its items in `model_items`) and its evidence is the
//! visitor's words behind the largest weights.

use std::collections::{HashMap, HashSet};

use zicht_codebook::{Codebook, Kind};
use zicht_conversations::{Conversation, From};

use crate::eval::Expected;
use crate::normal::Normalised;
use crate::{Evidence, SUGGESTED, SuggestError, Suggestion, Value};

/// Variables the model never suggests: an age must be stated, a referral is rare.
const NOT_MODELLED: [&str; 2] = ["victim_age", "referral"];

/// Below this probability of `included`, the model's veto of the rules' `included` holds
/// against `derive`, which would put it back from the rules' form of exploitation (round 47).
const STATUS_HOLD: f32 = 0.15;

/// From this probability of `chatter=victim`, a third party's age the rules read is left
/// out: the visitor may be the victim (round 47).
const CHATTER_DOUBT: f32 = 0.3;

/// Variables whose veto holds against what `derive` would put back from another value
/// (`time_since` from `acutely_unsafe`, `met` from `met_platform`): over all corpus files
/// 27 chats lose a wrong value, none a right one (round 47). Tried and left out: the same for
/// `status` (1,004 right values lost against 45 wrong ones), `perpetrator` (112 right against
/// 204 wrong), `acutely_unsafe`, `chatter`, `coercion` and `client_knew` (no gain).
const VETO_HOLDS: [&str; 2] = ["time_since", "met"];

/// Variables every included chat has: when the status is `included` and the rules left
/// one out, the model's most probable code is taken whatever its probability. (Left out
/// since round 5 on 510 chats; back in round 23: out of fold over 4,160 chats the form of
/// exploitation went from precision 0.98 / recall 0.82 to 0.96 / 0.91.)
const REQUIRED_WHEN_INCLUDED: [&str; 1] = ["exploitation"];

/// Negation words: the words after one get their own features (`n`).
const NEGATIONS: [&str; 9] = [
    "niet", "nie", "geen", "nooit", "niks", "niemand", "never", "not", "no",
];

/// How many words after a negation are in its scope.
const NEGATION_SCOPE: usize = 3;

/// An answer of at most this many words pairs each of its words with the question.
const SHORT_ANSWER: usize = 4;

/// Fewest positive training chats for a code to get a model.
const MIN_POSITIVES: usize = 3;

/// Weights kept per code.
const KEEP: usize = 1000;

/// One code's classifier.
#[derive(Debug, Clone)]
pub struct CodeModel {
    /// Variable or set name.
    pub name: String,
    /// Code or item.
    pub code: String,
    pub bias: f32,
    /// (feature index, weight), sorted by index.
    pub weights: Vec<(u32, f32)>,
}

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Feature strings, indexed.
    pub features: Vec<String>,
    index: HashMap<String, u32>,
    pub codes: Vec<CodeModel>,
    /// Probability at which the model adds a value the rules left out.
    pub add: f32,
    /// Probability below which the model drops a value of the rules.
    pub veto: f32,
    /// Per column (a variable, or a set's item as in `coercion_violence`): its own `add`
    /// and `veto`, set by cross-validation; other columns use the two above.
    pub columns: HashMap<String, (f32, f32)>,
}

/// The thresholds of `column` in `cols`: a code's own (`chatter=family`), else its
/// variable's, else `default`.
pub fn lookup(cols: &HashMap<String, (f32, f32)>, column: &str, default: (f32, f32)) -> (f32, f32) {
    cols.get(column)
        .copied()
        .unwrap_or_else(|| match column.split_once('=') {
            Some((var, _)) => cols.get(var).copied().unwrap_or(default),
            None => default,
        })
}

/// The thresholds (`add`, `veto`) of each column: see [`Model::thresholds`].
pub type Thresholds<'a> = &'a dyn Fn(&str) -> (f32, f32);

/// Where a feature first occurs: message, byte span in the normalised text.
#[derive(Debug, Clone, Copy)]
struct Place {
    msg: usize,
    start: u32,
    end: u32,
}

/// The features of a chat: the normalised messages and each feature's first place.
pub struct ChatFeatures {
    norms: Vec<(usize, Normalised)>,
    places: HashMap<String, Place>,
}

/// Extracts the features of the visitor's messages.
pub fn features(conv: &Conversation) -> ChatFeatures {
    let mut norms = Vec::new();
    let mut places: HashMap<String, Place> = HashMap::new();
    for (mi, m) in conv.messages.iter().enumerate() {
        if m.from != From::Visitor {
            continue;
        }
        let n = Normalised::new(&m.text);
        let words: Vec<(usize, usize)> = Normalised::words(&n.text).collect();
        // An answer to a counsellor's question: the question's words with the answer's first word
        // ("verteld" + "nee"), placed on the answer.
        let question = mi
            .checked_sub(1)
            .and_then(|q| conv.messages.get(q))
            .filter(|q| q.from != From::Visitor && q.text.contains('?'));
        if let (Some(q), Some(&(a, b))) = (question, words.first()) {
            let qn = Normalised::new(&q.text);
            let first = &n.text[a..b];
            // A short answer ("nee nooit", "sinds 2 jaar") pairs every word with the question.
            let short = words.len() <= SHORT_ANSWER;
            for (c, d) in Normalised::words(&qn.text) {
                let qw = &qn.text[c..d];
                if qw.len() >= 4 {
                    places.entry(format!("q {qw} {first}")).or_insert(Place {
                        msg: mi,
                        start: a as u32,
                        end: b as u32,
                    });
                    // The topic of the question the visitor answers.
                    places.entry(format!("k {qw}")).or_insert(Place {
                        msg: mi,
                        start: a as u32,
                        end: b as u32,
                    });
                    if short {
                        for &(e, f) in words.iter().skip(1) {
                            places
                                .entry(format!("q {qw} {}", &n.text[e..f]))
                                .or_insert(Place {
                                    msg: mi,
                                    start: e as u32,
                                    end: f as u32,
                                });
                        }
                    }
                }
            }
        }
        let opening = norms.is_empty();
        let mut add = |f: String, a: usize, b: usize| {
            places.entry(f).or_insert(Place {
                msg: mi,
                start: a as u32,
                end: b as u32,
            });
        };
        // Words within a few words after a negation ("nooit geslagen", "geen geld"), up to
        // the end of the sentence.
        let mut negated = 0usize;
        for (k, &(a, b)) in words.iter().enumerate() {
            let w = &n.text[a..b];
            add(format!("w {w}"), a, b);
            if negated > 0 {
                add(format!("n {w}"), a, b);
                negated -= 1;
            }
            if NEGATIONS.contains(&w) {
                negated = NEGATION_SCOPE;
            } else if n.text[b..].starts_with(['.', '?', '!', ',']) {
                negated = 0;
            }
            // The visitor's opening message usually says who is chatting and about whom.
            if opening {
                add(format!("f {w}"), a, b);
            }
            if let Some(&(c, d)) = words.get(k + 1) {
                add(format!("b {w} {}", &n.text[c..d]), a, d);
            }
            let padded: Vec<char> = std::iter::once(' ')
                .chain(w.chars())
                .chain(std::iter::once(' '))
                .collect();
            if padded.len() >= 4 {
                for g in padded.windows(4) {
                    add(format!("c {}", g.iter().collect::<String>()), a, b);
                }
            }
        }
        norms.push((mi, n));
    }
    ChatFeatures { norms, places }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The model's probabilities for one chat, with the evidence behind them.
pub struct Scores {
    /// Per code model: probability.
    pub probs: Vec<f32>,
    /// Per code model: the present features with their contribution.
    present: Vec<Vec<(u32, f32)>>,
    feats: ChatFeatures,
    places: HashMap<u32, Place>,
}

/// Why a model file is bad.
fn bad(path: &str, line: usize, message: impl Into<String>) -> SuggestError {
    SuggestError::Expected {
        path: path.to_string(),
        line,
        message: message.into(),
    }
}

impl Model {
    /// The model shipped with the crate (`model/nl.tsv`), if it has any codes.
    pub fn embedded(book: &Codebook) -> Result<Option<Model>, SuggestError> {
        let m = Model::from_text(include_str!("../model/nl.tsv"), "model/nl.tsv", book)?;
        Ok((!m.codes.is_empty()).then_some(m))
    }

    /// Reads a model file; `path` names it in errors. Every code must be in the codebook.
    pub fn from_text(text: &str, path: &str, book: &Codebook) -> Result<Model, SuggestError> {
        let mut m = Model {
            features: Vec::new(),
            index: HashMap::new(),
            codes: Vec::new(),
            add: 1.0,
            veto: 0.0,
            columns: HashMap::new(),
        };
        for (i, line) in text.lines().enumerate() {
            let ln = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let num = |s: &str, what: &str| -> Result<f32, SuggestError> {
                s.parse::<f32>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad(path, ln, format!("{what}: not a number: {s:?}")))
            };
            match f.as_slice() {
                ["add", x] => m.add = num(x, "add")?,
                ["veto", x] => m.veto = num(x, "veto")?,
                ["col", name, a, v] => {
                    let known = match name.split_once('=') {
                        Some((var, code)) => book
                            .variables
                            .iter()
                            .find(|v| v.name == var)
                            .is_some_and(|v| match v.kind {
                                Kind::YesNo => code == "yes" || code == "no",
                                _ => v.code(code).is_some(),
                            }),
                        None => book.columns().iter().any(|c| c.name() == *name),
                    };
                    if !known {
                        return Err(bad(
                            path,
                            ln,
                            format!("col: {name} is not a column of the codebook"),
                        ));
                    }
                    m.columns
                        .insert(name.to_string(), (num(a, "add")?, num(v, "veto")?));
                }
                ["code", name, code, bias] => {
                    let known = match book.variables.iter().find(|v| v.name == *name) {
                        Some(v) => match v.kind {
                            Kind::YesNo => *code == "yes" || *code == "no",
                            _ => v.code(code).is_some(),
                        },
                        None => book
                            .sets
                            .iter()
                            .find(|s| s.name == *name)
                            .is_some_and(|s| s.items.iter().any(|i| i.code == *code)),
                    };
                    if !known {
                        return Err(bad(
                            path,
                            ln,
                            format!("code: {name} = {code} is not in the codebook"),
                        ));
                    }
                    m.codes.push(CodeModel {
                        name: name.to_string(),
                        code: code.to_string(),
                        bias: num(bias, "bias")?,
                        weights: Vec::new(),
                    });
                }
                ["w", feat, w] => {
                    let w = num(w, "weight")?;
                    let next = m.features.len() as u32;
                    let id = *m.index.entry(feat.to_string()).or_insert(next);
                    if id == next {
                        m.features.push(feat.to_string());
                    }
                    let Some(c) = m.codes.last_mut() else {
                        return Err(bad(path, ln, "w: a weight before any `code` line"));
                    };
                    c.weights.push((id, w));
                }
                _ => {
                    return Err(bad(
                        path,
                        ln,
                        "expected `add`, `veto`, `col NAME ADD VETO`, `code NAME CODE BIAS` or `w FEATURE WEIGHT`",
                    ));
                }
            }
        }
        for c in &mut m.codes {
            c.weights.sort_by_key(|x| x.0);
        }
        Ok(m)
    }

    /// The model as text: `add`/`veto` thresholds, then per code a `code` line and its weights.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::from(
            "# zicht-suggest model: logistic regression per code on word and character n-grams\n\
             # of the visitor's normalised words (written by the `cv_model` example of zicht-suggest).\n",
        );
        let _ = writeln!(out, "add\t{}", self.add);
        let _ = writeln!(out, "veto\t{}", self.veto);
        let mut cols: Vec<_> = self.columns.iter().collect();
        cols.sort_by(|a, b| a.0.cmp(b.0));
        for (c, (a, v)) in cols {
            let _ = writeln!(out, "col\t{c}\t{a}\t{v}");
        }
        for c in &self.codes {
            let _ = writeln!(out, "code\t{}\t{}\t{:.4}", c.name, c.code, c.bias);
            let mut ws = c.weights.clone();
            ws.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            for (f, w) in ws {
                if let Some(s) = self.features.get(f as usize) {
                    let _ = writeln!(out, "w\t{s}\t{w:.4}");
                }
            }
        }
        out
    }

    /// Probabilities of every code for one chat.
    pub fn score(&self, conv: &Conversation) -> Scores {
        let feats = features(conv);
        let mut places: HashMap<u32, Place> = HashMap::new();
        for (s, p) in &feats.places {
            if let Some(&id) = self.index.get(s) {
                places.insert(id, *p);
            }
        }
        let scale = 1.0 / (feats.places.len().max(1) as f32).sqrt();
        // The model's features present in the chat, as a bitmap over feature indices.
        let mut on = vec![0u64; self.features.len().div_ceil(64)];
        for &f in places.keys() {
            if let Some(word) = on.get_mut(f as usize / 64) {
                *word |= 1 << (f % 64);
            }
        }
        let is_on = |f: u32| {
            on.get(f as usize / 64)
                .is_some_and(|w| w & (1 << (f % 64)) != 0)
        };
        let mut probs = Vec::with_capacity(self.codes.len());
        let mut present = Vec::with_capacity(self.codes.len());
        for c in &self.codes {
            let mut z = c.bias;
            let mut pr = Vec::new();
            for &(f, w) in &c.weights {
                if is_on(f) {
                    z += w * scale;
                    pr.push((f, w * scale));
                }
            }
            probs.push(sigmoid(z));
            present.push(pr);
        }
        Scores {
            probs,
            present,
            feats,
            places,
        }
    }

    /// The thresholds (`add`, `veto`) of a column: its own, else the model's.
    pub fn thresholds(&self, column: &str) -> (f32, f32) {
        lookup(&self.columns, column, (self.add, self.veto))
    }

    fn find(&self, name: &str, code: &str) -> Option<usize> {
        self.codes
            .iter()
            .position(|c| c.name == name && c.code == code)
    }

    /// Evidence for code model `k`: the visitor's words behind its three largest positive contributions.
    fn evidence(&self, k: usize, sc: &Scores, conv: &Conversation) -> Vec<Evidence> {
        let Some(pr) = sc.present.get(k) else {
            return Vec::new();
        };
        let mut pos: Vec<(u32, f32)> = pr.iter().copied().filter(|x| x.1 > 0.0).collect();
        pos.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut out: Vec<Evidence> = Vec::new();
        for (f, _) in pos.into_iter().take(3) {
            let Some(p) = sc.places.get(&f) else {
                continue;
            };
            let (Some(m), Some((_, n))) = (
                conv.messages.get(p.msg),
                sc.feats.norms.iter().find(|(i, _)| *i == p.msg),
            ) else {
                continue;
            };
            let (start, end, text) = n.span(&m.text, p.start, p.end);
            if start < end
                && !out
                    .iter()
                    .any(|o| o.message == p.msg && o.start <= start && o.end >= end)
            {
                out.retain(|o| !(o.message == p.msg && start <= o.start && end >= o.end));
                out.push(Evidence {
                    message: p.msg,
                    start,
                    end,
                    text,
                });
            }
        }
        out.sort_by_key(|e| (e.message, e.start));
        out
    }

    /// Combines the rules' raw suggestions with the model at the thresholds `th` gives
    /// each column.
    pub fn apply(
        &self,
        book: &Codebook,
        conv: &Conversation,
        sc: &Scores,
        raw: &mut Vec<(&'static str, Suggestion)>,
        th: Thresholds,
    ) {
        let prob = |name: &str, code: &str| self.find(name, code).map(|k| (k, sc.probs[k]));
        for &name in SUGGESTED.iter() {
            if NOT_MODELLED.contains(&name) {
                continue;
            }
            let pos = raw.iter().position(|(k, _)| *k == name);
            if let Some(var) = book.variables.iter().find(|v| v.name == name) {
                let (add, veto) = th(name);
                match pos {
                    Some(i) => {
                        // A rule's code is dropped when the model gives it less than `veto`
                        // and prefers another code of the variable (a rare code the model has
                        // seen little of is not dropped for its low probability alone).
                        let rule_code = raw[i].1.value.as_code().map(str::to_string);
                        // A code may have its own veto (`chatter=family`).
                        let veto = match &rule_code {
                            Some(c) => th(&format!("{name}={c}")).1,
                            None => veto,
                        };
                        let vetoed = rule_code
                            .as_deref()
                            .and_then(|c| prob(name, c))
                            .is_some_and(|(_, p)| {
                                p < veto
                                    && match var.kind {
                                        Kind::YesNo => true,
                                        _ => var.codes.iter().any(|o| {
                                            Some(o.code.as_str()) != rule_code.as_deref()
                                                && prob(name, &o.code).is_some_and(|(_, q)| q > p)
                                        }),
                                    }
                            });
                        if vetoed {
                            raw.remove(i);
                            // A veto that holds against `derive`: always for `VETO_HOLDS`, and
                            // for the rules' `included` when the model all but rules it out
                            // (or `derive` would put the status back from the rules' form).
                            let holds = VETO_HOLDS.contains(&name)
                                || (name == "status"
                                    && rule_code.as_deref() == Some("included")
                                    && prob(name, "included")
                                        .is_some_and(|(_, p)| p < STATUS_HOLD));
                            if holds {
                                raw.push((
                                    crate::VETOED,
                                    Suggestion {
                                        value: Value::Code(name.to_string()),
                                        evidence: Vec::new(),
                                        source: None,
                                        model_items: Vec::new(),
                                        item_evidence: Vec::new(),
                                    },
                                ));
                            }
                        }
                    }
                    None => {
                        let codes: Vec<String> = match var.kind {
                            Kind::YesNo => vec!["yes".into(), "no".into()],
                            _ => var.codes.iter().map(|c| c.code.clone()).collect(),
                        };
                        let best = codes
                            .iter()
                            .filter_map(|c| prob(name, c).map(|(k, p)| (c, k, p)))
                            .max_by(|a, b| a.2.total_cmp(&b.2));
                        // An included chat always has a form of exploitation: once the
                        // status is `included`, the model's most probable form is taken.
                        let included = raw
                            .iter()
                            .any(|(k, s)| *k == "status" && s.value.as_code() == Some("included"));
                        let required = included && REQUIRED_WHEN_INCLUDED.contains(&name);
                        if let Some((code, k, p)) = best
                            && (p >= add || required)
                        {
                            let evidence = self.evidence(k, sc, conv);
                            if !evidence.is_empty() {
                                raw.push((
                                    name,
                                    Suggestion {
                                        value: Value::Code(code.clone()),
                                        evidence,
                                        source: Some("model"),
                                        model_items: Vec::new(),
                                        item_evidence: Vec::new(),
                                    },
                                ));
                            }
                        }
                    }
                }
            } else if let Some(set) = book.sets.iter().find(|s| s.name == name) {
                let mut items: Vec<String> = Vec::new();
                let mut evidence: Vec<Evidence> = Vec::new();
                let mut item_evidence: Vec<(String, Vec<Evidence>)> = Vec::new();
                let mut source = None;
                let mut added = Vec::new();
                if let Some(i) = pos {
                    let (_, s) = raw.remove(i);
                    if let Value::Items(list) = s.value {
                        items = list
                            .into_iter()
                            .filter(|c| {
                                !prob(name, c)
                                    .is_some_and(|(_, p)| p < th(&format!("{}{c}", set.prefix)).1)
                            })
                            .collect();
                    }
                    if !items.is_empty() {
                        evidence = s.evidence;
                        source = s.source;
                        item_evidence = s
                            .item_evidence
                            .into_iter()
                            .filter(|(c, _)| items.contains(c))
                            .collect();
                    }
                }
                for it in &set.items {
                    if items.contains(&it.code) {
                        continue;
                    }
                    if let Some((k, p)) = prob(name, &it.code)
                        && p >= th(&set.column(it)).0
                    {
                        let ev = self.evidence(k, sc, conv);
                        if !ev.is_empty() {
                            items.push(it.code.clone());
                            added.push(it.code.clone());
                            item_evidence.push((it.code.clone(), ev.clone()));
                            evidence.extend(ev);
                        }
                    }
                }
                if !items.is_empty() {
                    if added.len() == items.len() {
                        source = Some("model");
                        added.clear();
                    }
                    raw.push((
                        name,
                        Suggestion {
                            value: Value::Items(items),
                            evidence,
                            source,
                            model_items: added,
                            item_evidence,
                        },
                    ));
                }
            }
        }
        // The rules read a third party, and the model finds the visitor quite possibly the
        // victim: whose age a number in the chat is, is unsure, and no age is given.
        let third = raw
            .iter()
            .find(|(k, _)| *k == "chatter")
            .and_then(|(_, s)| s.value.as_code())
            .is_none_or(|c| c != "victim");
        if third && prob("chatter", "victim").is_some_and(|(_, p)| p >= CHATTER_DOUBT) {
            raw.retain(|(k, s)| {
                !((*k == "victim_age" && s.source != Some("intake")) || *k == crate::THIRD_AGE)
            });
        }
    }
}

/// A small seeded generator (xorshift) for the order of training examples.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// How a model is fitted: L2 strength, passes over the data, weights kept per code.
#[derive(Debug, Clone, Copy)]
pub struct TrainParams {
    pub lambda: f32,
    pub epochs: usize,
    pub keep: usize,
}

impl Default for TrainParams {
    fn default() -> TrainParams {
        TrainParams {
            lambda: 1e-3,
            epochs: 40,
            keep: KEEP,
        }
    }
}

/// Trains a model on labelled chats with the default [`TrainParams`] (thresholds left at
/// `add = 1`, `veto = 0`: set them on held-out chats).
pub fn train(book: &Codebook, chats: &[(&Conversation, &Expected)]) -> Model {
    train_with(book, chats, TrainParams::default())
}

/// Trains a model on labelled chats with the given parameters.
pub fn train_with(
    book: &Codebook,
    chats: &[(&Conversation, &Expected)],
    params: TrainParams,
) -> Model {
    // Feature vocabulary: strings present in at least two chats.
    let sets: Vec<HashSet<String>> = chats
        .iter()
        .map(|(c, _)| features(c).places.into_keys().collect())
        .collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for s in &sets {
        for f in s {
            *df.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, n)| **n >= 2)
        .map(|(f, _)| *f)
        .collect();
    vocab.sort_unstable();
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, f)| (*f, i as u32))
        .collect();
    let rows: Vec<(Vec<u32>, f32)> = sets
        .iter()
        .map(|s| {
            let mut r: Vec<u32> = s
                .iter()
                .filter_map(|f| index.get(f.as_str()).copied())
                .collect();
            r.sort_unstable();
            // Scaled by the number of all features of the chat, as at scoring time.
            (r, 1.0 / (s.len().max(1) as f32).sqrt())
        })
        .collect();
    // Columns.
    let mut columns: Vec<(String, String)> = Vec::new();
    for &name in SUGGESTED.iter() {
        if NOT_MODELLED.contains(&name) {
            continue;
        }
        if let Some(v) = book.variables.iter().find(|v| v.name == name) {
            let codes: Vec<String> = match v.kind {
                Kind::YesNo => vec!["yes".into(), "no".into()],
                Kind::Code => v.codes.iter().map(|c| c.code.clone()).collect(),
                _ => continue,
            };
            for c in codes {
                columns.push((name.to_string(), c));
            }
        } else if let Some(s) = book.sets.iter().find(|s| s.name == name) {
            for it in &s.items {
                columns.push((name.to_string(), it.code.clone()));
            }
        }
    }
    let label = |e: &Expected, name: &str, code: &str| -> bool {
        match e.get(name) {
            Some(Value::Code(c)) => c == code,
            Some(Value::Items(l)) => l.iter().any(|x| x == code),
            _ => false,
        }
    };
    let mut codes = Vec::new();
    for (name, code) in columns {
        let y: Vec<bool> = chats.iter().map(|(_, e)| label(e, &name, &code)).collect();
        let pos = y.iter().filter(|x| **x).count();
        if pos < MIN_POSITIVES {
            continue;
        }
        let neg = y.len() - pos;
        let pos_weight = ((neg as f32) / (pos as f32)).sqrt().max(1.0);
        let mut w = vec![0f32; vocab.len()];
        let mut bias = 0f32;
        let lambda = params.lambda;
        let mut rng = Rng(0x5eed_2026);
        let mut order: Vec<usize> = (0..rows.len()).collect();
        for epoch in 0..params.epochs {
            for i in (1..order.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            let lr = 2.0 / (1.0 + epoch as f32 * 0.1);
            for &i in &order {
                let (r, v) = &rows[i];
                let z = bias + r.iter().map(|&f| w[f as usize] * v).sum::<f32>();
                let target = if y[i] { 1.0 } else { 0.0 };
                let weight = if y[i] { pos_weight } else { 1.0 };
                let g = (sigmoid(z) - target) * weight;
                bias -= lr * g * 0.1;
                for &f in r {
                    let wf = &mut w[f as usize];
                    *wf -= lr * (g * v + lambda * *wf);
                }
            }
        }
        let mut ws: Vec<(u32, f32)> = w
            .iter()
            .enumerate()
            .filter(|(_, x)| x.abs() > 1e-4)
            .map(|(i, x)| (i as u32, *x))
            .collect();
        ws.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        ws.truncate(params.keep);
        codes.push((name, code, bias, ws));
    }
    // Keep only the features some code uses.
    let mut used: Vec<u32> = codes.iter().flat_map(|c| c.3.iter().map(|x| x.0)).collect();
    used.sort_unstable();
    used.dedup();
    let remap: HashMap<u32, u32> = used
        .iter()
        .enumerate()
        .map(|(i, f)| (*f, i as u32))
        .collect();
    let features: Vec<String> = used
        .iter()
        .filter_map(|f| vocab.get(*f as usize).map(|s| s.to_string()))
        .collect();
    let index = features
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i as u32))
        .collect();
    Model {
        features,
        index,
        codes: codes
            .into_iter()
            .map(|(name, code, bias, ws)| {
                let mut weights: Vec<(u32, f32)> = ws
                    .into_iter()
                    .filter_map(|(f, w)| remap.get(&f).map(|g| (*g, w)))
                    .collect();
                weights.sort_by_key(|x| x.0);
                CodeModel {
                    name,
                    code,
                    bias,
                    weights,
                }
            })
            .collect(),
        add: 1.0,
        veto: 0.0,
        columns: HashMap::new(),
    }
}

/// One point of the threshold grid: `add`, `veto` and the micro counts on the development chats.
pub type GridPoint = (f32, f32, crate::eval::Counts);

/// The `add` thresholds tried by [`calibrate`].
pub const ADD_GRID: [f32; 15] = [
    0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98, 1.01,
];
/// The `veto` thresholds tried by [`calibrate`].
pub const VETO_GRID: [f32; 8] = [0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5];

/// The thresholds for a suggester with a model, chosen on development chats: of the
/// grid points whose micro precision reaches `min_precision`, the one with the best
/// micro F1 (then the higher `add`); when none reaches it, the most precise. Returns
/// the choice and the whole grid.
pub fn calibrate(
    sug: &crate::Suggester,
    dev: &[(&Conversation, &Expected)],
    min_precision: f64,
) -> ((f32, f32), Vec<GridPoint>) {
    let parts: Vec<_> = dev.iter().map(|(c, _)| sug.parts(c)).collect();
    let exps: Vec<&Expected> = dev.iter().map(|(_, e)| *e).collect();
    calibrate_with(
        sug.codebook(),
        &exps,
        |i, th| {
            let (raw, sc) = &parts[i];
            sug.combine(dev[i].0, raw, sc.as_ref(), th)
        },
        min_precision,
    )
}

/// [`calibrate`] over held-out chats whose suggestions at thresholds `th` come from
/// `combine(i, th)` for the `i`-th expected codes (for cross-validation, where each chat
/// is scored by the model of its own fold).
pub fn calibrate_with(
    book: &Codebook,
    exps: &[&Expected],
    combine: impl Fn(usize, Thresholds) -> crate::Suggestions,
    min_precision: f64,
) -> ((f32, f32), Vec<GridPoint>) {
    let mut grid = Vec::new();
    for add in ADD_GRID {
        for veto in VETO_GRID {
            let th = move |_: &str| (add, veto);
            let sugs: Vec<crate::Suggestions> = (0..exps.len()).map(|i| combine(i, &th)).collect();
            let pairs: Vec<(&crate::Suggestions, &Expected)> =
                sugs.iter().zip(exps.iter().copied()).collect();
            let r = crate::eval::score(book, &pairs);
            grid.push((add, veto, r.micro()));
        }
    }
    let prec = |c: &crate::eval::Counts| c.precision().unwrap_or(0.0);
    let f1 = |c: &crate::eval::Counts| c.f1().unwrap_or(0.0);
    let ok: Vec<&GridPoint> = grid
        .iter()
        .filter(|g| prec(&g.2) >= min_precision)
        .collect();
    let best = if ok.is_empty() {
        grid.iter().max_by(|a, b| {
            prec(&a.2)
                .total_cmp(&prec(&b.2))
                .then(f1(&a.2).total_cmp(&f1(&b.2)))
        })
    } else {
        ok.into_iter()
            .max_by(|a, b| f1(&a.2).total_cmp(&f1(&b.2)).then(a.0.total_cmp(&b.0)))
    };
    (best.map_or((1.01, 0.0), |g| (g.0, g.1)), grid)
}

/// Per-column thresholds, the cost they were chosen at and their held-out counts.
pub type ColumnChoice = (HashMap<String, (f32, f32)>, f64, crate::eval::Counts);

/// Per-column thresholds from held-out chats: for each uniform point of the grid the
/// counts per column; each column takes the point with the largest `TP - cost * FP`
/// (ties: fewer suggestions), for each `cost` of `costs`; of these per-column choices,
/// the one whose micro precision over the held-out chats reaches `min_precision` with
/// the best micro F1 (else the most precise). Returns the columns' thresholds, the cost
/// and the held-out counts.
pub fn calibrate_columns(
    book: &Codebook,
    exps: &[&Expected],
    combine: impl Fn(usize, Thresholds) -> crate::Suggestions,
    costs: &[f64],
    min_precision: f64,
) -> ColumnChoice {
    let score = |th: Thresholds| {
        let sugs: Vec<crate::Suggestions> = (0..exps.len()).map(|i| combine(i, th)).collect();
        let pairs: Vec<(&crate::Suggestions, &Expected)> =
            sugs.iter().zip(exps.iter().copied()).collect();
        crate::eval::score(book, &pairs)
    };
    let mut per_point: Vec<(f32, f32, HashMap<String, crate::eval::Counts>)> = Vec::new();
    for add in ADD_GRID {
        for veto in VETO_GRID {
            let th = move |_: &str| (add, veto);
            let r = score(&th);
            per_point.push((add, veto, r.columns.into_iter().collect()));
        }
    }
    let names: Vec<String> = book.columns().iter().map(|c| c.name()).collect();
    let mut best: Option<ColumnChoice> = None;
    for &cost in costs {
        let mut cols = HashMap::new();
        for n in &names {
            let pick = per_point
                .iter()
                .map(|(a, v, m)| {
                    let c = m.get(n).cloned().unwrap_or_default();
                    let gain = c.tp as f64 - cost * c.fp as f64;
                    (a, v, gain, c.tp + c.fp)
                })
                .max_by(|x, y| x.2.total_cmp(&y.2).then(y.3.cmp(&x.3)));
            if let Some((a, v, _, _)) = pick {
                cols.insert(n.clone(), (*a, *v));
            }
        }
        let th = |c: &str| lookup(&cols, c, (1.01, 0.0));
        let micro = score(&th).micro();
        let p = micro.precision().unwrap_or(0.0);
        let f = micro.f1().unwrap_or(0.0);
        let better = match &best {
            None => true,
            Some((_, _, b)) => {
                let (bp, bf) = (b.precision().unwrap_or(0.0), b.f1().unwrap_or(0.0));
                match (p >= min_precision, bp >= min_precision) {
                    (true, false) => true,
                    (false, true) => false,
                    (true, true) => f > bf,
                    (false, false) => p > bp,
                }
            }
        };
        if better {
            best = Some((cols, cost, micro));
        }
    }
    best.unwrap_or_default()
}

/// The `add` and `veto` values [`refine_columns`] tries per column.
const REFINE_ADD: [f32; 8] = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01];
const REFINE_VETO: [f32; 4] = [0.0, 0.05, 0.2, 0.4];

/// Improves per-column thresholds one column at a time on the combined suggestions (the
/// columns are not independent: a status the model adds brings the chatter and the
/// intake's age with it): each column with a suggestion or an expected value takes the
/// point of a small grid with the largest micro `TP - cost * FP` while the others stay,
/// as long as the micro precision stays at `min_precision` (or does not fall).
/// One pass in codebook order; returns the new thresholds and their counts.
pub fn refine_columns(
    book: &Codebook,
    exps: &[&Expected],
    combine: impl Fn(usize, Thresholds) -> crate::Suggestions,
    start: HashMap<String, (f32, f32)>,
    cost: f64,
    min_precision: f64,
) -> (HashMap<String, (f32, f32)>, crate::eval::Counts) {
    let score = |cols: &HashMap<String, (f32, f32)>| {
        let th = |c: &str| lookup(cols, c, (1.01, 0.0));
        let sugs: Vec<crate::Suggestions> = (0..exps.len()).map(|i| combine(i, &th)).collect();
        let pairs: Vec<(&crate::Suggestions, &Expected)> =
            sugs.iter().zip(exps.iter().copied()).collect();
        crate::eval::score(book, &pairs)
    };
    let gain = |c: &crate::eval::Counts| c.tp as f64 - cost * c.fp as f64;
    let mut cols = start;
    let first = score(&cols);
    let mut best = first.micro();
    let active: Vec<String> = first.columns.iter().map(|(n, _)| n.clone()).collect();
    for n in &active {
        let mut pick = cols.get(n).copied();
        for a in REFINE_ADD {
            for v in REFINE_VETO {
                if pick == Some((a, v)) {
                    continue;
                }
                let mut trial = cols.clone();
                trial.insert(n.clone(), (a, v));
                let m = score(&trial).micro();
                let prec = |c: &crate::eval::Counts| c.precision().unwrap_or(0.0);
                if gain(&m) > gain(&best) && (prec(&m) >= min_precision || prec(&m) >= prec(&best))
                {
                    best = m;
                    pick = Some((a, v));
                }
            }
        }
        if let Some(p) = pick {
            cols.insert(n.clone(), p);
        }
    }
    // Then a veto of its own for each code of a single-choice variable.
    for v in &book.variables {
        if !active.contains(&v.name) || v.kind == Kind::Integer {
            continue;
        }
        let codes: Vec<String> = match v.kind {
            Kind::YesNo => vec!["yes".into(), "no".into()],
            _ => v.codes.iter().map(|c| c.code.clone()).collect(),
        };
        let (add, _) = cols.get(&v.name).copied().unwrap_or((1.01, 0.0));
        for c in codes {
            let key = format!("{}={c}", v.name);
            let mut pick = None;
            for veto in REFINE_VETO {
                let mut trial = cols.clone();
                trial.insert(key.clone(), (add, veto));
                let m = score(&trial).micro();
                let prec = |c: &crate::eval::Counts| c.precision().unwrap_or(0.0);
                if gain(&m) > gain(&best) && (prec(&m) >= min_precision || prec(&m) >= prec(&best))
                {
                    best = m;
                    pick = Some((add, veto));
                }
            }
            if let Some(p) = pick {
                cols.insert(key, p);
            }
        }
    }
    (cols, best)
}
