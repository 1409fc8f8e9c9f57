//! The GET pages of `/research`: the years and their funnels, import, duplicate linking, agreement, audit, export.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use zicht_codebook::{Codebook, Lang};
use zicht_conversations::{Conversation, From as Sender};
use zicht_research::linking::{self, Profile};
use zicht_research::workspace::{self, FINAL};

use super::{PageError, ResearchState, Researcher, nl_number, nl_time, page, who};
use crate::pages::{esc, t};

fn funnel_html(f: &workspace::Funnel) -> String {
    let item = |n: usize, nl: &str, en: &str| {
        format!(
            "<div class=\"step\"><span class=\"n\">{n}</span>{}</div>",
            t("span", " class=\"what\"", nl, en)
        )
    };
    format!(
        "<div class=\"funnel\">{}{}{}{}{}</div>",
        item(
            f.conversations,
            "gemarkeerde gesprekken",
            "flagged conversations"
        ),
        item(f.duplicates, "gekoppelde dubbelingen", "linked duplicates"),
        item(f.excluded, "geëxcludeerd", "excluded"),
        item(f.included, "geïncludeerd", "included"),
        item(f.open, "nog te beoordelen", "still to decide"),
    )
}

pub(super) async fn home(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let me = r.name.clone();
    let years = st
        .with(move |ws, book| {
            let mut out = Vec::new();
            for y in ws.years()? {
                // The signed-in coder's blind cases still to code.
                let mine = ws
                    .assignments(y)?
                    .iter()
                    .filter(|a| a.coder == me && a.done_at.is_none())
                    .count();
                out.push((y, ws.funnel(book, y)?, mine));
            }
            Ok(out)
        })
        .await?;
    let mut body = t(
        "h1",
        "",
        "Onderzoek: van gesprek tot casus",
        "Research: from conversation to case",
    );
    if years.is_empty() {
        body.push_str(&t(
            "p",
            "",
            "Nog geen gesprekken. Importeer ze hieronder.",
            "No conversations yet. Import them below.",
        ));
    }
    let _ = write!(
        body,
        "<nav class=\"actions\"><a class=\"button\" id=\"to-import\" href=\"/research/import\">{}</a></nav>",
        t("span", "", "Gesprekken importeren", "Import conversations")
    );
    for (y, _, mine) in years.iter().filter(|(_, _, mine)| *mine > 0) {
        let _ = write!(
            body,
            "<p class=\"notice\" id=\"mine-{y}\"><a href=\"/research/year/{y}#mine-h\">{}</a></p>",
            t(
                "span",
                "",
                &format!(
                    "Je hebt in {y} {} om blind te coderen.",
                    super::count(*mine, "casus", "casussen")
                ),
                &format!(
                    "You have {} to code blind in {y}.",
                    super::count(*mine, "case", "cases")
                ),
            )
        );
    }
    for (y, f, _) in &years {
        let _ = write!(
            body,
            "<section class=\"year\"><h2><a href=\"/research/year/{y}\">{y}</a></h2>{}</section>",
            funnel_html(f)
        );
    }
    Ok(page("Onderzoek", &r, "home", &body).into_response())
}

pub(super) fn code_label(book: &Codebook, column: &str, raw: &str) -> String {
    workspace::value_label(book, column, raw)
}

/// The words a reason is about, for highlighting ("plaats: beide den haag, breda").
fn reason_terms(detail: &str) -> Vec<String> {
    let Some((_, rest)) = detail.split_once(": beide ") else {
        return Vec::new();
    };
    rest.split(", ")
        .map(|w| w.trim().to_lowercase())
        .filter(|w| w.chars().count() >= 2)
        .collect()
}

/// The text with `<mark>`s around every (case-insensitive) occurrence of the terms.
fn mark_terms(text: &str, terms: &[String]) -> (String, bool) {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = text.chars().collect();
    if lower.len() != chars.len() || terms.is_empty() {
        return (esc(text), false);
    }
    let mut hit = vec![false; chars.len()];
    for term in terms {
        let t: Vec<char> = term.chars().collect();
        if t.is_empty() || t.len() > lower.len() {
            continue;
        }
        for i in 0..=lower.len() - t.len() {
            if lower[i..i + t.len()] == t[..] {
                let before = i == 0 || !lower[i - 1].is_alphanumeric();
                let after = i + t.len() == lower.len() || !lower[i + t.len()].is_alphanumeric();
                if before && after {
                    hit[i..i + t.len()].iter_mut().for_each(|h| *h = true);
                }
            }
        }
    }
    let mut out = String::new();
    let mut i = 0;
    let mut any = false;
    while i < chars.len() {
        let j = (i..chars.len())
            .find(|&k| hit[k] != hit[i])
            .unwrap_or(chars.len());
        let piece: String = chars[i..j].iter().collect();
        if hit[i] {
            any = true;
            let _ = write!(out, "<mark>{}</mark>", esc(&piece));
        } else {
            out.push_str(&esc(&piece));
        }
        i = j;
    }
    (out, any)
}

/// The visitor's lines that carry a reason's words (highlighted), else the
/// first four; and the whole conversation one click away.
pub(super) fn transcript_lines(c: &Conversation, terms: &[String]) -> String {
    let mut evidence = String::new();
    let mut first = String::new();
    let mut whole = String::new();
    let mut shown = 0;
    for m in &c.messages {
        let (html, hit) = mark_terms(&m.text, terms);
        let class = if m.from == Sender::Visitor {
            "visitor"
        } else {
            "counsellor"
        };
        let _ = write!(
            whole,
            "<li class=\"{class}\">{}{html}</li>",
            speaker(m.from == Sender::Visitor)
        );
        if m.from == Sender::Visitor {
            if hit {
                let _ = write!(evidence, "<li>{}{html}</li>", speaker(true));
            } else if shown < 4 {
                let _ = write!(first, "<li>{}{html}</li>", speaker(true));
                shown += 1;
            }
        }
    }
    let lines = if evidence.is_empty() { first } else { evidence };
    format!(
        "<ul class=\"lines\">{lines}</ul><details class=\"whole\"><summary>{}</summary><ol class=\"messages\">{whole}</ol></details>",
        t(
            "span",
            "",
            "Hele gesprek tonen",
            "Show the whole conversation"
        )
    )
}

/// "1 casus", "3 casussen".
fn cases_nl(n: usize) -> String {
    super::count(n, "casus", "casussen")
}

/// Who speaks, before a line of a transcript.
pub(super) fn speaker(visitor: bool) -> String {
    if visitor {
        t("span", " class=\"speaker\"", "Bezoeker: ", "Visitor: ")
    } else {
        t(
            "span",
            " class=\"speaker\"",
            "Hulpverlener: ",
            "Counsellor: ",
        )
    }
}

/// A reason's detail (Dutch, from the linker) in English: the linker's few
/// fixed phrases translated, the compared words themselves kept.
pub(super) fn reason_en(detail: &str) -> String {
    let mut s = detail.to_string();
    for (nl, en) in [
        ("zelfde naam, andere cijfers", "same name, other digits"),
        ("dezelfde naam", "the same name"),
        ("lijken sterk op elkaar", "very alike"),
        ("zegt eerder te hebben gechat", "says they chatted before"),
        (" past beter bij ", " fits better with "),
        (" dan bij ", " than with "),
        (": beide ", ": both "),
        (" tegenover ", " versus "),
        (" jaar", " years"),
        (" dagen", " days"),
        (" dag", " day"),
        (" uur", " hours"),
        (" en ", " and "),
        ("plaats:", "place:"),
        ("plek:", "spot:"),
        ("relatie:", "relation:"),
        ("naam:", "name:"),
        ("leeftijd:", "age:"),
    ] {
        s = s.replace(nl, en);
    }
    // Decimal commas between digits become points.
    let chars: Vec<char> = s.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |j: Option<usize>| {
                j.and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit)
            };
            if c == ',' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                '.'
            } else {
                c
            }
        })
        .collect()
}

/// What a reason's weight does, in words (Dutch, English).
pub(super) fn weight_words(weight: f64) -> (String, String) {
    if weight.abs() < 0.05 {
        (
            "weegt niet mee (komt vaak voor)".to_string(),
            "does not weigh (common)".to_string(),
        )
    } else if weight < 0.0 {
        (
            format!("pleit tegen ({weight:.1})").replace('.', ","),
            format!("counts against ({weight:.1})"),
        )
    } else {
        (
            format!("pleit voor (+{weight:.1})").replace('.', ","),
            format!("counts for (+{weight:.1})"),
        )
    }
}

/// The intake of a conversation in words: "16 jaar · vrouw", with its English.
pub(super) fn intake_words(book: &Codebook, conv: &Conversation) -> String {
    let (age_nl, age_en) = conv.intake.age.map_or(
        ("leeftijd onbekend".to_string(), "age unknown".to_string()),
        |a| (format!("{a} jaar"), format!("{a} years")),
    );
    let (g_nl, g_en) = conv.intake.gender.as_deref().map_or(
        ("gender onbekend".to_string(), "gender unknown".to_string()),
        |g| {
            (
                workspace::value_label(book, "victim_gender", g).to_lowercase(),
                super::value_en(book, "victim_gender", g).to_lowercase(),
            )
        },
    );
    t(
        "span",
        "",
        &format!("{age_nl} · {g_nl}"),
        &format!("{age_en} · {g_en}"),
    )
}

/// A pair's score in words.
/// `above` is the score minus the threshold: every bit doubles the odds.
pub(super) fn score_words(above: f64) -> (&'static str, &'static str) {
    if above >= 9.0 {
        ("sterke aanwijzing", "strong evidence")
    } else if above >= 4.0 {
        ("duidelijke aanwijzing", "clear evidence")
    } else if above >= 0.0 {
        ("aanwijzing", "some evidence")
    } else {
        ("zwakke aanwijzing", "weak evidence")
    }
}

/// `?open=1`: only the pairs not yet decided.
#[derive(serde::Deserialize)]
pub(super) struct LinksQuery {
    open: Option<String>,
}

pub(super) async fn links_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    Query(q): Query<LinksQuery>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let only_open = q.open.is_some();
    let options = st.0.link;
    let suggest = st.0.suggest.clone();
    // Under the lock: only the reads. The comparison runs after.
    let (convs, decisions) = st
        .with(move |ws, _| Ok((ws.selected(year)?, ws.link_decisions(year)?)))
        .await?;
    let book = st.0.book.clone();
    let (candidates, convs, together) = tokio::task::spawn_blocking(move || {
        let profiles: Vec<Profile> = convs
            .iter()
            .map(|c| {
                let mut p = Profile::of(c);
                // What assisted coding finds is shown beside the pair (it weighs nothing).
                if let Some(f) = &suggest {
                    for v in f(c) {
                        if zicht_research::assisted::STORY_VARIABLES.contains(&v.variable.as_str())
                        {
                            p.facts.add_coded(&v.variable, &v.value);
                        }
                    }
                }
                p
            })
            .collect();
        // The case of every conversation under the linked decisions: a pair
        // whose two conversations are already together needs no decision.
        let mut together: HashMap<String, String> = HashMap::new();
        for group in linking::components(
            convs.iter().map(|c| c.conversation_id.as_str()),
            decisions
                .iter()
                .filter(|d| d.linked)
                .map(|d| (d.conv_a.as_str(), d.conv_b.as_str())),
        ) {
            // The case id is the earliest conversation (as `group_cases` decides it).
            let first = group
                .iter()
                .min_by_key(|id| {
                    (
                        convs
                            .iter()
                            .find(|c| &c.conversation_id == *id)
                            .map(|c| c.started_at.as_str()),
                        id.as_str(),
                    )
                })
                .cloned()
                .unwrap_or_default();
            for id in group {
                together.insert(id, first.clone());
            }
        }
        let decided: HashMap<(String, String), workspace::LinkDecision> = decisions
            .into_iter()
            .map(|d| ((d.conv_a.clone(), d.conv_b.clone()), d))
            .collect();
        let candidates: Vec<_> = linking::candidates(&profiles, &options)
            .into_iter()
            .map(|c| {
                let key = if c.a < c.b {
                    (c.a.clone(), c.b.clone())
                } else {
                    (c.b.clone(), c.a.clone())
                };
                let d = decided.get(&key).cloned();
                (c, d)
            })
            .collect();
        let convs: HashMap<String, Conversation> = convs
            .into_iter()
            .map(|c| (c.conversation_id.clone(), c))
            .collect();
        (candidates, convs, together)
    })
    .await
    .map_err(|e| PageError::internal(&e.to_string()))?;
    st.remember_proposed(
        year,
        convs.len(),
        candidates
            .iter()
            .map(|(c, _)| super::ordered(c.a.clone(), c.b.clone()))
            .collect(),
    );
    // Before the click: what linking an undecided pair carries over or refuses.
    let undecided: Vec<(String, String)> = candidates
        .iter()
        .filter(|(_, d)| d.as_ref().is_none_or(|d| !d.linked))
        .map(|(c, _)| (c.a.clone(), c.b.clone()))
        .collect();
    let notes = st
        .with(move |ws, book| ws.merge_notes(book, year, &undecided))
        .await?;
    let mut shown: Vec<String> = candidates
        .iter()
        .flat_map(|(c, _)| [c.a.clone(), c.b.clone()])
        .filter(|id| convs.contains_key(id))
        .collect();
    shown.sort();
    shown.dedup();
    st.audit(&r.name, zicht_store::Purpose::ResearchLinking, shown)
        .await?;
    // Already in one case through other links (a cluster of three or more).
    let via = |a: &str, b: &str, d: &Option<workspace::LinkDecision>| {
        d.as_ref().is_none_or(|d| !d.linked)
            && together.get(a).is_some_and(|x| together.get(b) == Some(x))
    };
    let open = candidates
        .iter()
        .filter(|(c, d)| d.is_none() && !via(&c.a, &c.b, d))
        .count();
    let mut body = format!(
        "<h1>{}</h1><p><a href=\"/research/year/{year}\">{}</a></p><p>{} <strong id=\"open-pairs\">{open}</strong> {} {}</p><p>{}</p><p class=\"keys\">{}</p>",
        t(
            "span",
            "",
            &format!("Dubbelingen koppelen {year}"),
            &format!("Link duplicates {year}")
        ),
        t("span", "", "Terug naar het jaar", "Back to the year"),
        t(
            "span",
            "",
            &format!("{} voorgestelde paren, waarvan", candidates.len()),
            &format!("{} proposed pairs, of which", candidates.len()),
        ),
        t("span", "", "nog niet beoordeeld.", "not yet decided."),
        if only_open {
            format!(
                "<a href=\"/research/year/{year}/links\">{}</a>",
                t("span", "", "Toon alle paren", "Show all pairs")
            )
        } else {
            format!(
                "<a href=\"/research/year/{year}/links?open=1\">{}</a>",
                t(
                    "span",
                    "",
                    "Toon alleen wat nog te beoordelen is",
                    "Show only what is still to decide"
                )
            )
        },
        t(
            "span",
            "",
            &format!(
                "Een paar wordt voorgesteld vanaf {} punten. Elk punt maakt „één bezoeker” twee keer zo waarschijnlijk tegenover „twee bezoekers”; elke reden hieronder telt mee (+) of tegen (−), en de woorden waarop ze steunt zijn in beide gesprekken gemarkeerd.",
                nl_number(options.threshold, 0)
            ),
            &format!(
                "A pair is proposed from {} points. Each point makes “one visitor” twice as likely against “two visitors”; each reason below counts for (+) or against (−), and the words it rests on are marked in both conversations.",
                nl_number(options.threshold, 0)
            ),
        ),
        t(
            "span",
            "",
            "Toetsen: j/k volgende/vorige, a koppelen, r niet koppelen.",
            "Keys: j/k next/previous, a link, r do not link."
        )
    );
    let _ = write!(
        body,
        "<p class=\"actions\"><a class=\"button\" id=\"manual-link\" href=\"/research/year/{year}/link\">{}</a> <span class=\"muted\">{}</span></p>",
        t(
            "span",
            "",
            "Koppel twee casussen met de hand…",
            "Link two cases by hand…"
        ),
        t(
            "span",
            "",
            "voor een paar dat het systeem niet voorstelt",
            "for a pair the system does not propose"
        ),
    );
    if candidates.is_empty() {
        body.push_str(&t("p", "", "Geen kandidaat-paren.", "No candidate pairs."));
    }
    for (c, decision) in &candidates {
        let in_one = via(&c.a, &c.b, decision);
        if only_open && (decision.is_some() || in_one) {
            continue;
        }
        let shown: Vec<&linking::Reason> = c
            .reasons
            .iter()
            .filter(|reason| reason.signal != linking::Signal::Coded)
            .collect();
        let terms: Vec<String> = shown.iter().flat_map(|x| reason_terms(&x.detail)).collect();
        let side = |id: &str| -> String {
            let Some(conv) = convs.get(id) else {
                return String::new();
            };
            format!(
                "<div class=\"side\"><h2 class=\"h3\"><a href=\"/research/case/{id}\">{id}</a></h2><dl><dt>{user}</dt><dd>{u}</dd><dt>{start}</dt><dd>{s}</dd>\
                 <dt>{intake}</dt><dd>{words}</dd></dl>{lines}</div>",
                id = esc(id),
                user = t("span", "", "Gebruikersnaam", "Username"),
                u = esc(&conv.username),
                start = t("span", "", "Begin", "Started"),
                s = esc(&nl_time(&conv.started_at)),
                intake = t("span", "", "Intake", "Intake"),
                words = intake_words(&book, conv),
                lines = transcript_lines(conv, &terms),
            )
        };
        let mut reasons = String::new();
        let gender = |id: &str| {
            convs
                .get(id)
                .and_then(|c| c.intake.gender.as_deref())
                .map(|g| workspace::value_label(&book, "victim_gender", g).to_lowercase())
                .unwrap_or_default()
        };
        let gender_en = |id: &str| {
            convs
                .get(id)
                .and_then(|c| c.intake.gender.as_deref())
                .map(|g| super::value_en(&book, "victim_gender", g).to_lowercase())
                .unwrap_or_default()
        };
        for reason in &shown {
            let (detail, detail_en) = if reason.signal == linking::Signal::IntakeGender {
                (
                    format!("{} en {}", gender(&c.a), gender(&c.b)),
                    format!("{} and {}", gender_en(&c.a), gender_en(&c.b)),
                )
            } else {
                (reason.detail.clone(), reason_en(&reason.detail))
            };
            let (w_nl, w_en) = weight_words(reason.weight);
            let _ = write!(
                reasons,
                "<tr><th scope=\"row\">{}</th><td class=\"words\">{}</td><td class=\"w {}\">{}</td></tr>",
                t(
                    "span",
                    "",
                    reason.signal.label_nl(),
                    reason.signal.label_en()
                ),
                t("span", "", &detail, &detail_en),
                if reason.weight < 0.0 { "neg" } else { "pos" },
                t("span", "", &w_nl, &w_en),
            );
        }
        let case_of = together.get(&c.a).cloned().unwrap_or_default();
        let state = match decision {
            Some(d) if d.linked => t(
                "span",
                "",
                &format!(
                    "gekoppeld door {} ({}), in casus {case_of}",
                    d.decided_by,
                    nl_time(&d.decided_at)
                ),
                &format!(
                    "linked by {} ({}), in case {case_of}",
                    d.decided_by,
                    nl_time(&d.decided_at)
                ),
            ),
            Some(d) => t(
                "span",
                "",
                &format!(
                    "niet gekoppeld door {} ({})",
                    d.decided_by,
                    nl_time(&d.decided_at)
                ),
                &format!(
                    "not linked by {} ({})",
                    d.decided_by,
                    nl_time(&d.decided_at)
                ),
            ),
            None => t("span", "", "nog niet beoordeeld", "not yet decided"),
        };
        let state = if in_one {
            let case = together.get(&c.a).cloned().unwrap_or_default();
            t(
                "span",
                "",
                &format!("al gekoppeld via andere gesprekken: beide zitten in casus {case}"),
                &format!("already linked through other conversations: both are in case {case}"),
            )
        } else {
            state
        };
        let note = match notes.get(&(c.a.clone(), c.b.clone())) {
            Some((note, conflicts)) => {
                let mut html = String::new();
                if let Some((nl, en)) = note {
                    html.push_str(&t("p", " class=\"merge-note\"", nl, en));
                }
                if !conflicts.is_empty() {
                    let nl: Vec<&str> = conflicts.iter().map(|c| c.0.as_str()).collect();
                    let en: Vec<&str> = conflicts.iter().map(|c| c.1.as_str()).collect();
                    html.push_str(&t(
                        "p",
                        " class=\"error merge-conflict\" tabindex=\"-1\"",
                        &format!("Koppelen kan nog niet: {}", nl.join(" ")),
                        &format!("Linking is not possible yet: {}", en.join(" ")),
                    ));
                }
                html
            }
            None => String::new(),
        };
        let (nl, en) = score_words(c.score - options.threshold);
        let _ = write!(
            body,
            "<article class=\"pair item\" tabindex=\"-1\" data-a=\"{a}\" data-b=\"{b}\" data-decided=\"{decided}\" data-own=\"{own}\" aria-label=\"{a} – {b}\">\
             <header><span class=\"score\">{words}</span> <span class=\"state\">{state}</span></header>\
             <div class=\"sides\">{sa}{sb}</div><table class=\"reasons\"><caption>{why}</caption><tbody>{reasons}</tbody></table>{note}\
             <div class=\"buttons\"><button type=\"button\" class=\"accept\">{link} (a)</button>\
             <button type=\"button\" class=\"reject\">{nolink} (r)</button>\
             <button type=\"button\" class=\"quiet unlink\" aria-expanded=\"false\">{unlink}</button></div>\
             <div class=\"confirm\" hidden><p>{unlink_q}</p><button type=\"button\" class=\"confirm-unlink\">{unlink_yes}</button> \
             <button type=\"button\" class=\"quiet cancel-unlink\">{cancel}</button></div></article>",
            unlink_q = t(
                "span",
                "",
                &format!(
                    "Dit paar is gekoppeld. Ontkoppelen? Dan zijn gesprek {} en gesprek {} weer twee casussen; de codering blijft bij de casus van het eerste gesprek, de andere begint zonder codering.",
                    c.a, c.b
                ),
                &format!(
                    "This pair is linked. Unlink? Then conversations {} and {} are two cases again; the coding stays with the case of the first conversation, the other starts without coding.",
                    c.a, c.b
                ),
            ),
            unlink_yes = t("span", "", "Ja, ontkoppel", "Yes, unlink"),
            cancel = t("span", "", "Annuleren", "Cancel"),
            a = esc(&c.a),
            b = esc(&c.b),
            own = decision
                .as_ref()
                .map_or("", |d| if d.linked { "linked" } else { "rejected" }),
            unlink = t("span", "", "Ontkoppelen…", "Unlink…"),
            decided = if in_one {
                "via"
            } else {
                decision
                    .as_ref()
                    .map_or("", |d| if d.linked { "linked" } else { "rejected" })
            },
            words = t(
                "span",
                "",
                &format!(
                    "{} dat dit dezelfde bezoeker is: {} punten (voorgesteld vanaf {})",
                    capitalise(nl),
                    nl_number(c.score, 1),
                    nl_number(options.threshold, 0)
                ),
                &format!(
                    "{} that this is the same visitor: {:.1} points (proposed from {:.0})",
                    capitalise(en),
                    c.score,
                    options.threshold
                ),
            ),
            state = state,
            sa = side(&c.a),
            sb = side(&c.b),
            why = t("span", "", "Redenen", "Reasons"),
            link = t("span", "", "Koppelen", "Link"),
            nolink = t("span", "", "Niet koppelen", "Do not link"),
        );
    }
    Ok(page(&format!("Koppelen {year}"), &r, "links", &body).into_response())
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) async fn agreement_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let me = r.name.clone();
    // Blind: only cases both coders finished are compared, so a coder sees
    // nothing of a case of their own that the other has not finished.
    let (detail, differences, mine_open) = st
        .with(move |ws, book| {
            let assignments = ws.assignments(year)?;
            let mut mine_open = 0usize;
            for a in assignments.iter().filter(|a| a.coder == me) {
                let both = assignments
                    .iter()
                    .filter(|b| b.case_id == a.case_id)
                    .all(|b| b.done_at.is_some());
                if !both {
                    mine_open += 1;
                }
            }
            Ok((
                ws.agreement_detail(book, year)?,
                ws.differences(book, year)?,
                mine_open,
            ))
        })
        .await?;
    let book = &st.0.book;
    let result = &detail.agreement;
    let mut body = format!(
        "<h1>{}</h1><p><a href=\"/research/year/{year}\">{}</a></p>",
        t(
            "span",
            "",
            &format!("Overeenstemming {year}"),
            &format!("Agreement {year}")
        ),
        t("span", "", "Terug naar het jaar", "Back to the year"),
    );
    if mine_open > 0 {
        body.push_str(&t(
            "p",
            " class=\"notice\"",
            &if mine_open == 1 {
                "Je codeert zelf nog blind: 1 casus van jou is nog niet door beide codeurs klaar. Die telt hier pas mee als jullie allebei klaar zijn.".to_string()
            } else {
                format!("Je codeert zelf nog blind: {mine_open} casussen van jou zijn nog niet door beide codeurs klaar. Die tellen hier pas mee als jullie allebei klaar zijn.")
            },
            &if mine_open == 1 {
                "You are still coding blind: 1 of your cases is not finished by both coders. It counts here once you are both done.".to_string()
            } else {
                format!("You are still coding blind: {mine_open} of your cases are not finished by both coders. They count here once you are both done.")
            },
        ));
    }
    if result.cases == 0 {
        body.push_str(&t(
            "p",
            " id=\"agreement-none\"",
            &format!(
                "Nog geen casussen die beide codeurs klaar hebben ({} dubbel te coderen).",
                detail.assigned
            ),
            &format!(
                "No cases finished by both coders yet ({} to double-code).",
                detail.assigned
            ),
        ));
    } else {
        if result.cases < detail.assigned {
            body.push_str(&t(
                "p",
                " class=\"notice\" id=\"provisional\"",
                &format!(
                    "Voorlopig: {} van {} dubbel gecodeerde casussen zijn door beide codeurs klaar; de cijfers veranderen nog.",
                    result.cases, detail.assigned
                ),
                &format!(
                    "Provisional: {} of {} double-coded cases are finished by both coders; the figures will still change.",
                    result.cases, detail.assigned
                ),
            ));
        }
        body.push_str(&reliability_table(book, result, &differences));
        body.push_str(&t(
            "p",
            " class=\"explain\"",
            "n telt de casussen waarin minstens één codeur iets invulde: leeg tegenover een waarde telt als verschil, net als in de lijst hieronder. % overeenstemming is het deel met dezelfde waarde. De status (insluiten of uitsluiten) wordt vóór het dubbel coderen besloten en telt hier niet mee. Bij de leeftijd gebruikt alpha de afstand tussen de leeftijden (interval: 21 tegenover 22 scheelt minder dan 21 tegenover 40); bij een set met meerdere antwoorden vergelijkt alpha de aangevinkte items (MASI: deels dezelfde items tellen half). Kappa (Cohen) en alpha (Krippendorff) corrigeren daarvoor wat door toeval al zou overeenkomen: 1 is volledige overeenstemming, 0 niet beter dan toeval. Wat is goed genoeg? Kappa boven 0,60 heet „substantieel”, boven 0,80 „bijna perfect” (Landis & Koch); bij alpha geldt 0,80 als betrouwbaar en 0,667 als ondergrens voor voorzichtige conclusies (Krippendorff). Komt één waarde bijna altijd voor, dan kunnen kappa en alpha laag zijn ondanks veel overeenstemming: kijk dan naar de verschillen zelf.",
            "n counts the cases where at least one coder filled something in: empty against a value counts as a difference, as in the list below. % agreement is the share with the same value. The status (include or exclude) is decided before double coding and does not count here. For the age, alpha uses the distance between the ages (interval: 21 against 22 differs less than 21 against 40); for a set with several answers alpha compares the ticked items (MASI: partly the same items count half). Kappa (Cohen) and alpha (Krippendorff) correct for what would agree by chance: 1 is full agreement, 0 no better than chance. What is good enough? Kappa above 0.60 is called “substantial”, above 0.80 “almost perfect” (Landis & Koch); for alpha 0.80 counts as reliable and 0.667 as the lower bound for tentative conclusions (Krippendorff). When one value occurs almost always, kappa and alpha can be low despite much agreement: then look at the differences themselves.",
        ));
    }
    // The differences per case, with the coders' names, and whether settled.
    let mut by_case: Vec<(&str, Vec<&workspace::Difference>)> = Vec::new();
    for d in &differences {
        match by_case.last_mut() {
            Some((id, list)) if *id == d.case_id => list.push(d),
            _ => by_case.push((&d.case_id, vec![d])),
        }
    }
    let open = differences.iter().filter(|d| !d.resolved).count();
    let open_cases = by_case
        .iter()
        .filter(|(_, l)| l.iter().any(|d| !d.resolved))
        .count();
    let _ = write!(
        body,
        "<h2>{}</h2><p id=\"difference-count\">{}</p><ul class=\"disagreements\">",
        t(
            "span",
            "",
            "Verschillen om te beslechten",
            "Differences to adjudicate"
        ),
        t(
            "span",
            "",
            &format!(
                "{} met verschillen, {} {}; nog te beslechten: {open} {} in {open_cases} {}.",
                cases_nl(by_case.len()),
                differences.len(),
                if differences.len() == 1 {
                    "verschil"
                } else {
                    "verschillen"
                },
                if open == 1 { "verschil" } else { "verschillen" },
                if open_cases == 1 { "casus" } else { "casussen" },
            ),
            &format!(
                "{} with differences, {}; still to adjudicate: {} in {}.",
                super::count(by_case.len(), "case", "cases"),
                super::count(differences.len(), "difference", "differences"),
                super::count(open, "difference", "differences"),
                super::count(open_cases, "case", "cases")
            ),
        )
    );
    for (id, list) in &by_case {
        let mut cells = String::new();
        for d in list {
            let show = |raw: &str| {
                if raw.is_empty() {
                    "(leeg)".to_string()
                } else {
                    code_label(book, &d.column, raw)
                }
            };
            let _ = write!(
                cells,
                "<li>{label}: {ca} = {a}, {cb} = {b} {state}</li>",
                label = esc(&workspace::column_label(book, &d.column)),
                ca = esc(&d.coder_a),
                a = esc(&show(&d.a)),
                cb = esc(&d.coder_b),
                b = esc(&show(&d.b)),
                state = if d.resolved {
                    t("span", " class=\"done\"", "beslecht", "adjudicated")
                } else {
                    t(
                        "span",
                        " class=\"todo\"",
                        "nog te beslechten",
                        "still to adjudicate",
                    )
                },
            );
        }
        let _ = write!(
            body,
            "<li><a href=\"/research/case/{id}\">{case} {id}</a><ul>{cells}</ul></li>",
            id = esc(id),
            case = t("span", "", "Casus", "Case"),
        );
    }
    body.push_str("</ul>");
    Ok(page(&format!("Overeenstemming {year}"), &r, "agreement", &body).into_response())
}

/// Below this many cases finished by both coders, kappa and alpha are not shown (a warning instead).
const MIN_RELIABLE: usize = 10;

/// The reliability table of the agreement page: per variable or set that a
/// coder filled in, n, % agreement (from the differences, so the age has one
/// too), kappa and alpha; the page's Dutch labels, English through `data-en`.
fn reliability_table(
    book: &Codebook,
    result: &zicht_research::agreement::Agreement,
    differences: &[workspace::Difference],
) -> String {
    use zicht_research::agreement::{ColumnStats, format_coefficient};
    let differing = |name: &str| differences.iter().filter(|d| d.column == name).count();
    let pct = |n: usize, diff: usize| {
        if n == 0 {
            "–".to_string()
        } else {
            format!(
                "{}%",
                nl_number(100.0 * (n - diff.min(n)) as f64 / n as f64, 1)
            )
        }
    };
    // Too few cases: no bare coefficients (a kappa of 0,00 over four cases says nothing).
    let too_few = result.cases < MIN_RELIABLE;
    let few = || {
        t(
            "span",
            " class=\"muted\"",
            "te weinig casussen",
            "too few cases",
        )
    };
    let coef = |x: Option<f64>| {
        if too_few {
            few()
        } else {
            format_coefficient(x, Lang::Nl)
        }
    };
    let mut rows = String::new();
    let mut left_out = 0usize;
    for c in &result.columns {
        let n = c.stats.n();
        if n == 0 {
            left_out += 1;
            continue;
        }
        let (kappa, alpha) = match &c.stats {
            ColumnStats::Nominal { kappa, alpha, .. } => (coef(*kappa), coef(*alpha)),
            ColumnStats::Interval { alpha_interval, .. } => (
                "–".to_string(),
                if too_few {
                    few()
                } else {
                    format!("{} (interval)", coef(*alpha_interval))
                },
            ),
        };
        let en = zicht_research::agreement::column_label(book, &c.name, Lang::En);
        let _ = write!(
            rows,
            "<tr><th scope=\"row\" title=\"{name}\">{label}</th><td>{n}</td><td>{p}</td><td>{kappa}</td><td>{alpha}</td></tr>",
            name = esc(&c.name),
            label = t("span", "", &workspace::column_label(book, &c.name), &en),
            p = pct(n, differing(&c.name)),
        );
    }
    for set in &result.sets {
        if set.n == 0 {
            left_out += 1;
            continue;
        }
        let def = book.set(&set.name);
        let (nl, en) = def
            .map(|x| (x.label.nl.clone(), x.label.en.clone()))
            .unwrap_or_else(|| (set.name.clone(), set.name.clone()));
        // % agreement of a set: the cases where both coders ticked the same items.
        let items: BTreeSet<String> = def
            .map(|x| x.items.iter().map(|i| x.column(i)).collect())
            .unwrap_or_default();
        let differing_cases = differences
            .iter()
            .filter(|d| items.contains(&d.column))
            .map(|d| d.case_id.as_str())
            .collect::<BTreeSet<_>>()
            .len();
        let _ = write!(
            rows,
            "<tr class=\"set\"><th scope=\"row\" title=\"{name}\">{label}</th><td>{n}</td><td>{p}</td><td>–</td><td>{alpha}</td></tr>",
            name = esc(&set.name),
            label = t("span", "", &nl, &en),
            n = set.n,
            p = pct(set.n, differing_cases),
            alpha = if too_few {
                few()
            } else {
                format!("{} (MASI)", coef(set.alpha_masi))
            },
        );
    }
    let cases = result.cases;
    let caption = t(
        "span",
        "",
        &format!(
            "Betrouwbaarheid van de codering: twee codeurs, {cases} {}",
            if cases == 1 { "casus" } else { "casussen" }
        ),
        &format!(
            "Reliability of the coding: two coders, {cases} {}",
            if cases == 1 { "case" } else { "cases" }
        ),
    );
    let warning = if too_few {
        t(
            "p",
            " class=\"notice\" id=\"too-few\"",
            &format!(
                "Te weinig casussen voor een betrouwbare kappa: beide codeurs hebben pas {} klaar. Kappa en alpha zeggen pas iets vanaf {MIN_RELIABLE} casussen; tot dan staan ze hier niet. Kijk zolang naar het percentage overeenstemming en de verschillen zelf.",
                super::count(cases, "casus", "casussen")
            ),
            &format!(
                "Too few cases for a reliable kappa: both coders have finished only {}. Kappa and alpha mean something from {MIN_RELIABLE} cases on; until then they are not shown. Meanwhile look at the percentage of agreement and the differences themselves.",
                super::count(cases, "case", "cases")
            ),
        )
    } else {
        String::new()
    };
    // The terms, explained in words right under the table (no tooltips).
    let term = |name: &str, nl: &str, en: &str| format!("<dt>{name}</dt>{}", t("dd", "", nl, en));
    let notes = format!(
        "<dl class=\"terms\" id=\"reliability-terms\">{}{}{}{}{}{}{}</dl>",
        term(
            "n",
            "het aantal casussen waarin minstens één codeur dit veld invulde.",
            "the number of cases where at least one coder filled in this field."
        ),
        term(
            &t("span", "", "% overeenstemming", "% agreement"),
            "het deel van die casussen waarin beide codeurs hetzelfde invulden (leeg tegenover een waarde telt als verschil).",
            "the share of those cases where both coders gave the same answer (empty against a value counts as a difference)."
        ),
        term(
            "kappa",
            "Cohens kappa: overeenstemming gecorrigeerd voor toeval; 1 is volledig eens, 0 niet beter dan toeval.",
            "Cohen's kappa: agreement corrected for chance; 1 is full agreement, 0 no better than chance."
        ),
        term(
            "alpha",
            "Krippendorffs alpha: net als kappa gecorrigeerd voor toeval, ook bruikbaar voor getallen en sets.",
            "Krippendorff's alpha: corrected for chance like kappa, also usable for numbers and sets."
        ),
        term(
            "(interval)",
            "alpha voor een getal zoals de leeftijd: 21 tegenover 22 scheelt minder dan 21 tegenover 40.",
            "alpha for a number such as the age: 21 against 22 differs less than 21 against 40."
        ),
        term(
            "(MASI)",
            "alpha voor een set met meerdere antwoorden: deels dezelfde items tellen half mee.",
            "alpha for a set with several answers: partly the same items count half."
        ),
        term(
            "–",
            "niet te berekenen voor dit soort veld (of alle antwoorden waren gelijk).",
            "cannot be computed for this kind of field (or all answers were the same)."
        ),
    );
    let mut out = format!(
        // In a narrow window the table scrolls in its own box, not the page
        // (tenth walk, finding 14); the box takes the keyboard's focus to scroll.
        "{warning}<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Betrouwbaarheid per variabele\"><table class=\"reliability\" aria-describedby=\"reliability-terms\"><caption>{caption}</caption><thead><tr><th>{var}</th><th>n</th><th>{agree}</th><th>kappa</th><th>alpha</th></tr></thead><tbody>{rows}</tbody></table></div>\
         <h3 class=\"h4\">{terms_h}</h3>{notes}",
        var = t("span", "", "Variabele", "Variable"),
        agree = t("span", "", "% overeenstemming", "% agreement"),
        terms_h = t(
            "span",
            "",
            "Wat de kolommen betekenen",
            "What the columns mean"
        ),
    );
    if left_out > 0 {
        out.push_str(&t(
            "p",
            " class=\"muted\"",
            &format!("{left_out} variabelen en sets die geen van beide codeurs invulde, staan niet in de tabel."),
            &format!("{left_out} variables and sets neither coder filled in are left out of the table."),
        ));
    }
    out
}

/// The year's final cases as `cases.csv` (formats.md section 1).
pub(super) async fn export_csv(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    Query(q): Query<ExportQuery>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    export(st, year, r, false, q.voorlopig.is_some()).await
}

/// `?voorlopig=1`: a provisional export of the finished cases only.
#[derive(serde::Deserialize)]
pub(super) struct ExportQuery {
    voorlopig: Option<String>,
}

/// The same cases as an SPSS system file with Dutch labels (zicht-spss, as
/// `zicht export --sav`).
pub(super) async fn export_sav(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    Query(q): Query<ExportQuery>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    export(st, year, r, true, q.voorlopig.is_some()).await
}

async fn export(
    st: ResearchState,
    year: i32,
    r: Option<Extension<Researcher>>,
    sav: bool,
    provisional: bool,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let csv = st
        .with(move |ws, book| {
            let mut buf = Vec::new();
            let cases = if provisional {
                let (records, _) = ws.export_provisional(book, year)?;
                zicht_cases::write_records(book, &records, &mut buf)
                    .map_err(|e| workspace::WorkspaceError::Export(vec![e.to_string()]))?;
                records.len()
            } else {
                ws.export_csv(book, year, &mut buf)?
            };
            Ok((buf, cases))
        })
        .await;
    let cases = csv.as_ref().map_or(0, |(_, n)| *n);
    let csv = csv.map(|(buf, _)| buf);
    let stem = if provisional {
        format!("cases-{year}-voorlopig")
    } else {
        format!("cases-{year}")
    };
    let file = if sav {
        csv.and_then(|buf| {
            to_sav(&buf, &st.0.book, year).map(|b| ("application/x-spss-sav", "sav", b))
        })
    } else {
        csv.map(|b| ("text/csv; charset=utf-8", "csv", b))
    };
    match file {
        Ok((content_type, ext, buf)) => {
            // The file is made: recorded before it goes out (an export the
            // audit cannot record is not given).
            let record = workspace::ExportRecord {
                year,
                kind: if provisional {
                    workspace::ExportKind::Provisional
                } else {
                    workspace::ExportKind::Final
                },
                format: if sav {
                    workspace::ExportFormat::Sav
                } else {
                    workspace::ExportFormat::Csv
                },
                cases,
                by: r.name.clone(),
                at: zicht_research::time::now_rfc3339(),
            };
            st.with(move |ws, _| ws.record_export(&record)).await?;
            Ok((
                [
                    (header::CONTENT_TYPE, content_type.to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{stem}.{ext}\""),
                    ),
                ],
                buf,
            )
                .into_response())
        }
        Err(e) if e.code == "not_ready" => {
            let open = st.with(move |ws, book| ws.open_cases(book, year)).await?;
            let book = &st.0.book;
            let mut groups: [(&str, &str, String, usize); 3] = [
                (
                    "zonder status (insluiten of uitsluiten)",
                    "without a status (include or exclude)",
                    String::new(),
                    0,
                ),
                (
                    "met verschillen tussen de codeurs, nog te beslechten",
                    "with differences between the coders, still to adjudicate",
                    String::new(),
                    0,
                ),
                (
                    "met een onvolledige codering",
                    "with an incomplete coding",
                    String::new(),
                    0,
                ),
            ];
            for (id, why) in &open {
                let (k, detail) = match why {
                    workspace::OpenReason::NoStatus => (0, String::new()),
                    workspace::OpenReason::Unsettled(columns) => (
                        1,
                        columns
                            .iter()
                            .map(|c| workspace::column_label(book, c))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    workspace::OpenReason::Incomplete(problems) => (2, problems.join("; ")),
                    workspace::OpenReason::Discussion => (2, workspace::DISCUSSION_NL.to_string()),
                    workspace::OpenReason::DoubleCoding => (2, workspace::DOUBLE_NL.to_string()),
                    workspace::OpenReason::NotMarked => (2, workspace::NOT_MARKED_NL.to_string()),
                };
                let _ = write!(
                    groups[k].2,
                    "<li><a href=\"/research/case/{id}\">{id}</a>{}</li>",
                    if detail.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", esc(&detail))
                    },
                    id = esc(id)
                );
                groups[k].3 += 1;
            }
            let mut lists = String::new();
            for (nl, en, items, n) in &groups {
                if *n == 0 {
                    continue;
                }
                let _ = write!(
                    lists,
                    "<details class=\"open-group\"{open}><summary>{n} {what}</summary><ul class=\"open-cases\">{items}</ul></details>",
                    open = if *n <= 20 { " open" } else { "" },
                    what = t("span", "", nl, en),
                );
            }
            let body = format!(
                "<h1>{}</h1><p class=\"error\">{}</p>{lists}\
                 <p><a class=\"button provisional\" href=\"/research/year/{year}/cases.csv?voorlopig=1\">{}</a></p>\
                 <p><a href=\"/research/year/{year}\">{}</a></p>",
                t(
                    "span",
                    "",
                    "De definitieve export kan nog niet",
                    "The final export is not possible yet"
                ),
                t(
                    "span",
                    "",
                    &if open.len() == 1 {
                        "1 casus is nog niet klaar:".to_string()
                    } else {
                        format!("{} casussen zijn nog niet klaar:", open.len())
                    },
                    &if open.len() == 1 {
                        "1 case is not finished:".to_string()
                    } else {
                        format!("{} cases are not finished:", open.len())
                    },
                ),
                t(
                    "span",
                    "",
                    "Voorlopige export van alleen de klare casussen",
                    "Provisional export of the finished cases only"
                ),
                t("span", "", "Terug naar het jaar", "Back to the year"),
            );
            Ok((StatusCode::CONFLICT, page("Export", &r, "export", &body)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Converts an exported `cases.csv` into an SPSS system file.
fn to_sav(csv: &[u8], book: &Codebook, year: i32) -> Result<Vec<u8>, PageError> {
    let name = format!("cases-{year}.csv");
    let table = zicht_cases::read_bytes(csv, &name, book)
        .map_err(|e| PageError::internal(&format!("export {name}: {e}")))?;
    let mut export = zicht_spss::coding::Export::new(book, &table, Lang::Nl, &name)
        .map_err(|e| PageError::internal(&format!("SPSS export {name}: {e}")))?;
    // The pages' Dutch words where the codebook has none yet.
    for v in &mut export.dictionary.variables {
        if let Some(zicht_codebook::Column::Variable(var)) = book.column(&v.name)
            && var.label.nl == var.label.en
        {
            v.label = Some(workspace::column_label(book, &v.name));
        }
    }
    let options = zicht_spss::sav::Options {
        created: jiff::Timestamp::now().as_second(),
        ..zicht_spss::sav::Options::default()
    };
    let mut out = Vec::new();
    zicht_spss::sav::write(&export.dictionary, &export, &options, &mut out)
        .map_err(|e| PageError::internal(&format!("SPSS export {name}: {e}")))?;
    Ok(out)
}

pub(super) async fn audit_page(
    State(st): State<ResearchState>,
    Path(id): Path<String>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let me = r.name.clone();
    let case_id = id.clone();
    let (entries, moved, both_done, marks) = st
        .with(move |ws, _| match ws.case(&case_id) {
            Ok(case) => {
                let a: Vec<_> = ws
                    .assignments(case.year)?
                    .into_iter()
                    .filter(|a| a.case_id == case_id)
                    .collect();
                let both = a.len() == 2 && a.iter().all(|a| a.done_at.is_some());
                // The final coding's klaar marks and their withdrawals (eighth walk, finding 4).
                let marks: Vec<_> = ws
                    .final_marks(case.year)?
                    .into_iter()
                    .filter(|m| m.0 == case_id)
                    .collect();
                Ok((ws.audit(&case_id)?, None, both, marks))
            }
            Err(workspace::WorkspaceError::NoCase(_)) => match ws.case_of_conversation(&case_id)? {
                Some(c) => Ok((Vec::new(), Some(c.case_id), false, Vec::new())),
                None => Err(workspace::WorkspaceError::NoCase(case_id)),
            },
            Err(e) => Err(e),
        })
        .await?;
    if let Some(to) = moved {
        return Ok(
            axum::response::Redirect::to(&format!("/research/case/{to}/audit?merged={id}"))
                .into_response(),
        );
    }
    let book = &st.0.book;
    // (time, row), newest first once sorted: the changes and the final klaar marks.
    let mut timed: Vec<(String, String)> = Vec::new();
    for (_, done, by, at) in marks.iter().rev() {
        let (nl, en) = if *done {
            ("als klaar gemeld", "marked as done")
        } else {
            ("markering klaar ingetrokken", "done mark taken back")
        };
        timed.push((
            at.clone(),
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td></td><td></td><td>{}</td></tr>",
                esc(&nl_time(at)),
                who_t(by),
                t("span", "", &version_nl(FINAL), &version_en(FINAL)),
                t("span", "", "hele codering", "whole coding"),
                t("span", "", nl, en)
            ),
        ));
    }
    // Blind: another coder's changes only once both are done (a reopening always).
    // Newest first, as the year's log.
    for e in entries.iter().rev().filter(|e| {
        e.version == FINAL || e.version == me || both_done || e.via == "reopen" || e.via == "done"
    }) {
        let show = |v: &Option<String>| {
            t(
                "span",
                "",
                &v.as_deref()
                    .map_or("(leeg)".to_string(), |x| code_label(book, &e.column, x)),
                &v.as_deref().map_or("(empty)".to_string(), |x| {
                    super::value_en(book, &e.column, x)
                }),
            )
        };
        let mut row = String::new();
        let _ = write!(
            row,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&nl_time(&e.at)),
            who_t(&e.by),
            t("span", "", &version_nl(&e.version), &version_en(&e.version)),
            t(
                "span",
                "",
                &workspace::column_label(book, &e.column),
                &super::label_en(book, &e.column)
            ),
            show(&e.old),
            show(&e.new),
            t("span", "", via_entry(e), via_entry_en(e))
        );
        timed.push((e.at.clone(), row));
    }
    // Newest first; the changes keep their order within one moment.
    timed.sort_by(|a, b| b.0.cmp(&a.0));
    let mut rows: String = timed.into_iter().map(|(_, row)| row).collect();
    if rows.is_empty() {
        rows = format!(
            "<tr><td colspan=\"7\">{}</td></tr>",
            t(
                "span",
                "",
                "Nog geen wijzigingen die je mag zien (de codering van een andere codeur zie je pas als jullie allebei klaar zijn).",
                "No changes you may see yet (another coder's coding shows once you are both done)."
            )
        );
    }
    let body = format!(
        "<h1>{} {}</h1><p><a href=\"/research/case/{id}\">{}</a></p><table class=\"audit\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table>",
        t("span", "", "Wijzigingen van casus", "Changes of case"),
        esc(&id),
        t("span", "", "Terug naar de casus", "Back to the case"),
        t(
            "span",
            "",
            "Wanneer (tijd in Nederland)",
            "When (time in the Netherlands)"
        ),
        t("span", "", "Wie", "Who"),
        t("span", "", "Versie", "Version"),
        t("span", "", "Veld", "Field"),
        t("span", "", "Oud", "Old"),
        t("span", "", "Nieuw", "New"),
        t("span", "", "Via", "Via"),
        id = esc(&id),
    );
    Ok(page("Wijzigingen", &r, "audit", &body).into_response())
}

pub(super) async fn import_page(
    State(st): State<ResearchState>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let imports = st.with(|ws, _| ws.imports()).await?;
    let mut rows = String::new();
    for i in &imports {
        let source = source_label(&i.source);
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&nl_time(&i.at)),
            esc(&who_nl(&i.by)),
            esc(&source),
            i.read,
            i.added,
            i.unchanged
        );
    }
    let store = if st.0.store.is_some() {
        format!(
            "<section><h2>{h}</h2><p>{p}</p><form id=\"import-store\" class=\"inline\">\
             <label>{year} <input name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" value=\"{now}\" required></label>\
             <button type=\"submit\">{go}</button></form></section>",
            h = t("span", "", "Uit de eigen chat", "From the chat itself"),
            p = t(
                "span",
                "",
                "Kopieert de gesprekken van dat jaar die een hulpverlener als hulpvraag over mensenhandel registreerde. De chat zelf verandert niet.",
                "Copies that year's conversations a counsellor registered as a trafficking help request. The chat itself does not change."
            ),
            year = t("span", "", "Jaar", "Year"),
            now = zicht_research::time::now_rfc3339()
                .get(..4)
                .unwrap_or("2026"),
            go = t("span", "", "Importeer uit de chat", "Import from the chat"),
        )
    } else {
        String::new()
    };
    let body = format!(
        "<h1>{h}</h1><p>{intro}</p>\
         <section><h2>{file_h}</h2><form id=\"import-file\" class=\"inline\" data-limit=\"{limit}\">\
         <label>{file_l} <input type=\"file\" id=\"import-input\" name=\"file\" accept=\".jsonl,.json,.ndjson\" required></label>\
         <button type=\"submit\">{go}</button></form></section>{store}\
         <section id=\"import-result\" hidden><p id=\"import-summary\"></p><ul id=\"import-problems\" class=\"problems\"></ul></section>\
         <section><h2>{log_h}</h2><table class=\"imports\"><thead><tr><th>{when}</th><th>{who_h}</th><th>{what}</th><th>{read}</th><th>{added}</th><th>{unchanged}</th></tr></thead>\
         <tbody>{rows}</tbody></table></section>\
         <p><a href=\"/research\">{back}</a></p>",
        h = t("span", "", "Gesprekken importeren", "Import conversations"),
        intro = t(
            "span",
            "",
            &format!(
                "Een bestand met gesprekken van een ander platform (conversations.jsonl, één gesprek per regel), hoogstens {} MB. Het hele bestand wordt eerst gecontroleerd: bij één fout wordt niets geïmporteerd en zie je regel en veld. Elke import wordt vastgelegd.",
                IMPORT_MB
            ),
            &format!(
                "A file of conversations from another platform (conversations.jsonl, one conversation per line), at most {} MB. The whole file is checked first: with one error nothing is imported and you see the line and field. Every import is recorded.",
                IMPORT_MB
            ),
        ),
        file_h = t("span", "", "Uit een bestand", "From a file"),
        limit = super::IMPORT_LIMIT,
        file_l = t("span", "", "Bestand", "File"),
        go = t("span", "", "Importeer", "Import"),
        log_h = t("span", "", "Eerdere imports", "Earlier imports"),
        when = t(
            "span",
            "",
            "Wanneer (tijd in Nederland)",
            "When (time in the Netherlands)"
        ),
        who_h = t("span", "", "Wie", "Who"),
        what = t("span", "", "Wat", "What"),
        read = t("span", "", "Gelezen", "Read"),
        added = t("span", "", "Nieuw", "New"),
        unchanged = t("span", "", "Al aanwezig", "Already there"),
        back = t(
            "span",
            "",
            "Terug naar het overzicht",
            "Back to the overview"
        ),
    );
    Ok(page("Importeren", &r, "import", &body).into_response())
}

/// Who made a recorded change, in words: a person's account name, or what
/// the command line did (`zicht up` loads the demo data at the start).
pub(super) fn who_nl(by: &str) -> String {
    match by {
        "zicht up" => "demo-gegevens, geladen bij de start".to_string(),
        "cli" => "een import via de opdrachtregel".to_string(),
        _ => by.to_string(),
    }
}

/// [`who_nl`] with its English, as HTML.
fn who_t(by: &str) -> String {
    let en = match by {
        "zicht up" => "demo data, loaded at the start".to_string(),
        "cli" => "an import from the command line".to_string(),
        _ => by.to_string(),
    };
    t("span", "", &who_nl(by), &en)
}

/// Whether an undo of `column` that took back `old` took back the suggestion `variable = value`.
fn suggestion_column(
    book: &Codebook,
    variable: &str,
    value: &str,
    column: &str,
    old: Option<&str>,
) -> bool {
    match book.set(variable) {
        Some(set) => {
            old == Some("1")
                && value
                    .split(',')
                    .filter_map(|code| set.items.iter().find(|i| i.code == code.trim()))
                    .any(|i| set.column(i) == column)
        }
        None => column == variable && old == Some(value),
    }
}

/// What an import's recorded source means, in Dutch.
fn source_label(source: &str) -> String {
    if source == "import:demo" {
        return "demo-gegevens".to_string();
    }
    match source.strip_prefix("import:") {
        Some(file) => format!("bestand {file}"),
        None if source == zicht_research::import::STORE => "chat (eigen opslag)".to_string(),
        None => source.to_string(),
    }
}

/// [`version_nl`] in English.
fn version_en(version: &str) -> String {
    if version == FINAL {
        "final".to_string()
    } else {
        format!("coding by {version}")
    }
}

/// [`source_label`] in English.
fn source_label_en(source: &str) -> String {
    if source == "import:demo" {
        return "demo data".to_string();
    }
    match source.strip_prefix("import:") {
        Some(file) => format!("file {file}"),
        None if source == zicht_research::import::STORE => "chat (own store)".to_string(),
        None => source.to_string(),
    }
}

/// [`via_entry`] in English.
fn via_entry_en(e: &workspace::AuditEntry) -> &'static str {
    if e.via == "adjudication" && e.old.is_none() && e.new.is_none() {
        return "left empty (unknown) when adjudicating";
    }
    match e.via.as_str() {
        "form" => "form",
        "overwrite" => "form: a colleague's change overwritten on purpose",
        "suggestion" => "suggestion accepted",
        "adjudication" => "adopted when adjudicating",
        "condition" => "dropped by another answer",
        "link" => "moved along when linking",
        "undo" => "undone",
        "agreed" => "adopted: both coders agree",
        "reopen" => "coding reopened",
        "done" => "marked as done",
        _ => "other",
    }
}

/// [`suggested_value`] in English.
fn suggested_value_en(book: &Codebook, variable: &str, value: &str) -> String {
    set_value(book, variable, value, Lang::En)
        .unwrap_or_else(|| super::value_en(book, variable, value))
}

/// A version in words: the final coding or a coder's.
fn version_nl(version: &str) -> String {
    if version == FINAL {
        "definitief".to_string()
    } else {
        format!("codering van {version}")
    }
}

/// How an audited change came about, in words (an adjudicator leaving a field empty on purpose included).
fn via_entry(e: &workspace::AuditEntry) -> &'static str {
    if e.via == "adjudication" && e.old.is_none() && e.new.is_none() {
        "leeg gelaten (onbekend) bij beslechting"
    } else {
        via_nl(&e.via)
    }
}

/// How a value changed, in words.
fn via_nl(via: &str) -> &'static str {
    match via {
        "form" => "formulier",
        "overwrite" => "formulier: wijziging van een collega bewust overschreven",
        "suggestion" => "suggestie geaccepteerd",
        "adjudication" => "overgenomen bij beslechting",
        "condition" => "vervallen door een ander antwoord",
        "link" => "meegegaan bij koppelen",
        "undo" => "ongedaan gemaakt",
        "agreed" => "overgenomen: beide codeurs eens",
        "reopen" => "codering heropend",
        "done" => "als klaar gemeld",
        _ => "anders",
    }
}

/// A suggested value in words: a code's label, or a set's item labels ("LVB, geweld").
fn suggested_value(book: &Codebook, variable: &str, value: &str) -> String {
    set_value(book, variable, value, Lang::Nl).unwrap_or_else(|| code_label(book, variable, value))
}

/// A set's ticked items ("lvb,violence") by their labels in `lang`;
/// `None` when `variable` is not a set.
fn set_value(book: &Codebook, variable: &str, value: &str, lang: Lang) -> Option<String> {
    let set = book.set(variable)?;
    Some(
        value
            .split(',')
            .map(|code| {
                set.items
                    .iter()
                    .find(|i| i.code == code.trim())
                    .map_or_else(|| code.to_string(), |i| i.label(lang).to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The codebook label of a suggested variable or set.
fn suggestion_variable(book: &Codebook, name: &str) -> String {
    match book.set(name) {
        Some(set) => set.label.nl.clone(),
        None => workspace::column_label(book, name),
    }
}

const IMPORT_MB: usize = super::IMPORT_LIMIT / (1024 * 1024);

/// Everything recorded about a year: imports, exports, link decisions, assignments,
/// suggestion decisions and value changes, newest first. Blind coding holds
/// here too: another coder's version is left out.
/// The year log's filters: a case (number) and a person.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct LogFilter {
    #[serde(default)]
    case: String,
    #[serde(default)]
    who: String,
    /// A kind of action (`import`, `link`, `screening`, `coding`,
    /// `suggestion`, `double`, `adjudication`, `discussion`, `export`).
    #[serde(default)]
    action: String,
}

pub(super) async fn year_audit_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    Query(filter): Query<LogFilter>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let (log, imports, discussions, exports, marks) = st
        .with(move |ws, _| {
            Ok((
                ws.year_log(year)?,
                ws.imports()?,
                ws.discussions(year)?,
                ws.exports(year)?,
                ws.final_marks(year)?,
            ))
        })
        .await?;
    let book = &st.0.book;
    // Blind: another coder's version once both coders of the case are done.
    let mut done: HashMap<&str, usize> = HashMap::new();
    for a in log.assignments.iter().filter(|a| a.done_at.is_some()) {
        *done.entry(a.case_id.as_str()).or_default() += 1;
    }
    let visible_in = |case: &str, version: &str| {
        version == FINAL || version == r.name || done.get(case).copied() == Some(2)
    };
    // (time, who, kind of action, what): what is already HTML.
    let mut events: Vec<(&str, &str, &str, String)> = Vec::new();
    // Words in both languages; case numbers as links between them.
    let w = |nl: &str, en: &str| t("span", "", nl, en);
    let case = |id: &str| {
        format!(
            "{} <a href=\"/research/case/{id}\">{id}</a>",
            w("casus", "case"),
            id = esc(id)
        )
    };
    let version_w = |v: &str| w(&version_nl(v), &version_en(v));
    for i in &imports {
        events.push((
            &i.at,
            &i.by,
            "import",
            w(
                &format!(
                    "import {}: {} gelezen, {} nieuw, {} al aanwezig (alle jaren samen)",
                    source_label(&i.source),
                    i.read,
                    i.added,
                    i.unchanged
                ),
                &format!(
                    "import {}: {} read, {} new, {} already there (all years together)",
                    source_label_en(&i.source),
                    i.read,
                    i.added,
                    i.unchanged
                ),
            ),
        ));
    }
    // The final coding's "klaar" marks, and each taking back.
    for (case_id, done, by, at) in &marks {
        events.push((
            at,
            by,
            "coding",
            format!(
                "{} ({}): {}",
                case(case_id),
                version_w(FINAL),
                if *done {
                    w("als klaar gemeld", "marked as done")
                } else {
                    w("markering klaar ingetrokken", "done mark taken back")
                }
            ),
        ));
    }
    for x in &exports {
        let file = match x.format {
            workspace::ExportFormat::Csv => "cases.csv",
            workspace::ExportFormat::Sav => "cases.sav",
        };
        let n = x.cases;
        let (nl, en) = match x.kind {
            workspace::ExportKind::Provisional => (
                format!(
                    "Voorlopige export ({file}, {})",
                    super::count(n, "klare casus", "klare casussen")
                ),
                format!(
                    "Provisional export ({file}, {})",
                    super::count(n, "finished case", "finished cases")
                ),
            ),
            workspace::ExportKind::Final => (
                format!("Definitieve export ({file}, {})", cases_nl(n)),
                format!(
                    "Final export ({file}, {})",
                    super::count(n, "case", "cases")
                ),
            ),
        };
        events.push((&x.at, &x.by, "export", w(&nl, &en)));
    }
    // A rejection after a link is an unlinking: said so.
    let mut was_linked: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    for d in &log.links {
        let pair = (d.conv_a.as_str(), d.conv_b.as_str());
        let unlinked = !d.linked && was_linked.contains(&pair);
        if d.linked {
            was_linked.insert(pair);
        } else {
            was_linked.remove(&pair);
        }
        events.push((
            &d.decided_at,
            &d.decided_by,
            "link",
            format!(
                "{} <a href=\"/research/case/{a}\">{a}</a> – <a href=\"/research/case/{b}\">{b}</a> ({})",
                if d.linked {
                    w("gekoppeld: gesprek", "linked: conversation")
                } else if unlinked {
                    w("ontkoppeld: gesprek", "unlinked: conversation")
                } else {
                    w("niet gekoppeld: gesprek", "not linked: conversation")
                },
                w(
                    &format!(
                        "{} punten",
                        d.score.map_or("–".to_string(), |s| nl_number(s, 1))
                    ),
                    &format!(
                        "{} points",
                        d.score.map_or("–".to_string(), |s| format!("{s:.1}"))
                    )
                ),
                a = esc(&d.conv_a),
                b = esc(&d.conv_b),
            ),
        ));
    }
    for d in &discussions {
        events.push((
            &d.asked_at,
            &d.asked_by,
            "discussion",
            format!(
                "{}: {}",
                case(&d.case_id),
                w(
                    &format!("naar het overleg met de vraag „{}”", d.question),
                    &format!("to the discussion with the question “{}”", d.question)
                )
            ),
        ));
        if let (Some(x), Some(by), Some(at)) = (&d.decision, &d.decided_by, &d.decided_at) {
            events.push((
                at,
                by,
                "discussion",
                format!(
                    "{}: {}",
                    case(&d.case_id),
                    w(
                        &format!("besluit van het overleg „{x}”"),
                        &format!("decision of the discussion “{x}”")
                    )
                ),
            ));
        }
    }
    for a in &log.assignments {
        let slot = if a.slot == 1 { "A" } else { "B" };
        events.push((
            &a.assigned_at,
            &a.assigned_by,
            "double",
            format!(
                "{}: {}",
                case(&a.case_id),
                w(
                    &format!("codeur {slot} = {}", a.coder),
                    &format!("coder {slot} = {}", a.coder)
                )
            ),
        ));
        // A mark recorded in the audit is listed from there (every one, also
        // those a reopening took back); older workspaces have only this one.
        let logged = log
            .values
            .iter()
            .any(|e| e.via == "done" && e.case_id == a.case_id && e.version == a.coder);
        if let Some(done) = a.done_at.as_ref().filter(|_| !logged) {
            events.push((
                done,
                &a.coder,
                "double",
                format!(
                    "{}: {}",
                    case(&a.case_id),
                    w(
                        &format!("{} (codeur {slot}) klaar met coderen", a.coder),
                        &format!("{} (coder {slot}) done coding", a.coder)
                    )
                ),
            ));
        }
    }
    for s in log
        .suggestions
        .iter()
        .filter(|s| visible_in(&s.case_id, &s.version))
    {
        // An acceptance an undo took back says so (the value is gone again).
        let undone = s.accepted
            && log.values.iter().any(|e| {
                e.via == "undo"
                    && e.case_id == s.case_id
                    && e.version == s.version
                    && e.at.as_str() >= s.at.as_str()
                    && suggestion_column(book, &s.variable, &s.value, &e.column, e.old.as_deref())
            });
        let (how_nl, how_en) = match (s.accepted, undone) {
            (true, true) => (
                "teruggedraaid (eerst geaccepteerd, daarna ongedaan gemaakt)",
                "taken back (accepted first, then undone)",
            ),
            (true, false) => ("geaccepteerd", "accepted"),
            (false, _) => ("afgewezen", "rejected"),
        };
        events.push((
            &s.at,
            &s.by,
            "suggestion",
            format!(
                "{} ({}): {}",
                case(&s.case_id),
                version_w(&s.version),
                w(
                    &format!(
                        "suggestie {} = {} {how_nl}",
                        suggestion_variable(book, &s.variable),
                        suggested_value(book, &s.variable, &s.value)
                    ),
                    &format!(
                        "suggestion {} = {} {how_en}",
                        super::label_en(book, &s.variable),
                        suggested_value_en(book, &s.variable, &s.value)
                    )
                ),
            ),
        ));
    }
    for e in log
        .values
        .iter()
        .filter(|e| visible_in(&e.case_id, &e.version) || e.via == "reopen" || e.via == "done")
    {
        if e.via == "done" {
            let slot = log
                .assignments
                .iter()
                .find(|a| a.case_id == e.case_id && a.coder == e.version)
                .map_or("", |a| if a.slot == 1 { " A" } else { " B" });
            events.push((
                &e.at,
                &e.by,
                "double",
                format!(
                    "{}: {}",
                    case(&e.case_id),
                    w(
                        &format!("{} (codeur{slot}) klaar met coderen", e.version),
                        &format!("{} (coder{slot}) done coding", e.version)
                    )
                ),
            ));
            continue;
        }
        if e.via == "reopen" {
            events.push((
                &e.at,
                &e.by,
                "double",
                format!(
                    "{}: {} {}",
                    case(&e.case_id),
                    version_w(&e.version),
                    w("heropend (niet meer klaar)", "reopened (no longer done)")
                ),
            ));
            continue;
        }
        let show = |v: &Option<String>| {
            v.as_deref()
                .map_or("(leeg)".to_string(), |x| code_label(book, &e.column, x))
        };
        let show_en = |v: &Option<String>| {
            v.as_deref().map_or("(empty)".to_string(), |x| {
                super::value_en(book, &e.column, x)
            })
        };
        // Which step a value change belongs to.
        let kind = if e.via == "adjudication" || e.via == "agreed" {
            "adjudication"
        } else if e.column == book.analysis.status || e.column == book.analysis.exclusion_reason {
            "screening"
        } else if e.via == "link" {
            "link"
        } else {
            "coding"
        };
        events.push((
            &e.at,
            &e.by,
            kind,
            format!(
                "{} ({}): {}",
                case(&e.case_id),
                version_w(&e.version),
                w(
                    &format!(
                        "{} {} → {} ({})",
                        workspace::column_label(book, &e.column),
                        show(&e.old),
                        show(&e.new),
                        via_entry(e)
                    ),
                    &format!(
                        "{} {} → {} ({})",
                        super::label_en(book, &e.column),
                        show_en(&e.old),
                        show_en(&e.new),
                        via_entry_en(e)
                    )
                ),
            ),
        ));
    }
    // Newest first (a stable sort: within one second, the order above).
    events.sort_by(|x, y| y.0.cmp(x.0));
    let mut people: Vec<&str> = events.iter().map(|e| e.1).collect();
    // The kinds of action, in the order of the work.
    const ACTIONS: [(&str, &str, &str); 9] = [
        ("import", "importeren", "import"),
        ("link", "koppelen", "linking"),
        ("screening", "in- en uitsluiten", "include and exclude"),
        ("coding", "coderen", "coding"),
        ("suggestion", "suggesties", "suggestions"),
        ("double", "dubbel coderen", "double coding"),
        ("adjudication", "beslechten", "adjudication"),
        ("discussion", "overleg", "discussion"),
        ("export", "exporteren", "export"),
    ];
    people.sort_unstable();
    people.dedup();
    let case_q = filter.case.trim().to_string();
    let case_href = format!("/research/case/{}\"", esc(&case_q));
    let total = events.len();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in &events {
        *counts.entry(e.2).or_default() += 1;
    }
    events.retain(|(_, by, kind, what)| {
        (case_q.is_empty() || what.contains(&case_href))
            && (filter.who.is_empty() || *by == filter.who)
            && (filter.action.is_empty() || *kind == filter.action)
    });
    let mut actions = t("option", " value=\"\"", "alles", "everything");
    for (key, nl, en) in ACTIONS {
        let n = counts.get(key).copied().unwrap_or(0);
        actions.push_str(&t(
            "option",
            &format!(
                " value=\"{key}\"{}",
                if key == filter.action {
                    " selected"
                } else {
                    ""
                }
            ),
            &format!("{nl} ({n})"),
            &format!("{en} ({n})"),
        ));
    }
    let mut options = t("option", " value=\"\"", "iedereen", "everyone");
    for p in &people {
        // In words: "zicht up" is the demo data loaded at the start.
        let _ = write!(
            options,
            "<option value=\"{v}\"{sel}>{label}</option>",
            v = esc(p),
            label = esc(&who_nl(p)),
            sel = if *p == filter.who { " selected" } else { "" }
        );
    }
    let filters = format!(
        "<form id=\"log-filter\" class=\"inline filters\" method=\"get\" action=\"/research/year/{year}/audit\" role=\"search\">\
         <div class=\"field\"><label for=\"log-case\">{case_l}</label> <input id=\"log-case\" name=\"case\" type=\"search\" value=\"{cv}\"></div>\
         <div class=\"field\"><label for=\"log-who\">{who_l}</label> <select id=\"log-who\" name=\"who\">{options}</select></div>\
         <div class=\"field\"><label for=\"log-action\">{action_l}</label> <select id=\"log-action\" name=\"action\">{actions}</select></div>\
         <button type=\"submit\">{go}</button> <a href=\"/research/year/{year}/audit\">{all}</a></form>\
         <p class=\"muted\" id=\"log-count\">{count}</p>",
        case_l = t("span", "", "Casus (nummer)", "Case (number)"),
        cv = esc(&case_q),
        who_l = t("span", "", "Wie", "Who"),
        action_l = t("span", "", "Wat", "What"),
        go = t("span", "", "Toon", "Show"),
        all = t("span", "", "Alles tonen", "Show everything"),
        count = t(
            "span",
            "",
            &format!("{} van {} regels", events.len(), total),
            &format!("{} of {} rows", events.len(), total)
        ),
    );
    let mut rows = String::new();
    for (at, by, _, what) in &events {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{what}</td></tr>",
            esc(&nl_time(at)),
            who_t(by)
        );
    }
    let body = format!(
        "<h1>{h}</h1><p><a href=\"/research/year/{year}\">{back}</a></p>{filters}\
         <table class=\"audit\"><thead><tr><th>{when}</th><th>{who_h}</th><th>{what}</th></tr></thead><tbody>{rows}</tbody></table>",
        h = t(
            "span",
            "",
            &format!("Logboek {year}"),
            &format!("Log {year}")
        ),
        back = t("span", "", "Terug naar het jaar", "Back to the year"),
        when = t(
            "span",
            "",
            "Wanneer (tijd in Nederland)",
            "When (time in the Netherlands)"
        ),
        who_h = t("span", "", "Wie", "Who"),
        what = t("span", "", "Wat", "What"),
    );
    Ok(page(&format!("Logboek {year}"), &r, "log", &body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_marks_its_whole_words_in_any_case() {
        let terms = reason_terms("plaats: beide den haag, breda");
        assert_eq!(terms, ["den haag", "breda"]);
        let (html, hit) = mark_terms("In Den Haag, niet in Bredae of <breda>", &terms);
        assert!(hit);
        assert_eq!(
            html,
            "In <mark>Den Haag</mark>, niet in Bredae of &lt;<mark>breda</mark>&gt;"
        );
        assert!(reason_terms("16 en 16 jaar").is_empty());
        assert_eq!(mark_terms("niets", &terms), ("niets".to_string(), false));
    }
}
