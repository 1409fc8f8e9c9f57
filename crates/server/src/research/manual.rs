//! Linking by hand ("Koppel aan…"): find the other case by number, nickname or a word, see both side by side with what moves, confirm.
//!
//! The system proposes pairs on the links page; a researcher who knows two
//! conversations are the same visitor links them here. The page is a GET
//! in three steps (`a` the first case, `q` a search, `b` the other case);
//! the confirmation posts to `/research/api/link` like a proposed pair, so
//! the decision, its score and reasons are recorded the same way.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zicht_conversations::Conversation;
use zicht_research::linking::{self, Linker, Profile};
use zicht_research::workspace::{self, CaseInfo, WorkspaceError};

use super::pages::{capitalise, score_words, transcript_lines};
use super::year::{find_conversations, url_encode};
use super::{PageError, ResearchState, Researcher, nl_day, nl_number, nl_time, page, who};
use crate::pages::{esc, t};

/// The steps of the page: the first case, a search for the other, the other case.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ManualQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    b: String,
}

/// The most cases a search lists.
const HITS: usize = 50;

/// What the page reads under the lock.
struct Read {
    cases: Vec<CaseInfo>,
    a: Option<CaseInfo>,
    b: Option<CaseInfo>,
    /// The year's conversations: for a search, or for the comparison's score.
    convs: Vec<Conversation>,
    /// What linking would carry over, and why it cannot (Dutch, English), for a and b.
    note: Option<(String, String)>,
    conflicts: Vec<(String, String)>,
    /// The year's current link decisions (for a search: who linked a found conversation, when).
    links: Vec<workspace::LinkDecision>,
}

pub(super) async fn manual_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    Query(q): Query<ManualQuery>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let search = q.q.trim().to_lowercase();
    let (a_id, b_id) = (q.a.trim().to_string(), q.b.trim().to_string());
    let searching = !search.is_empty();
    let read = st
        .with(move |ws, book| {
            let find = |id: &str| -> Result<Option<CaseInfo>, WorkspaceError> {
                if id.is_empty() {
                    return Ok(None);
                }
                match ws.case_of_conversation(id)? {
                    Some(c) if c.year == year => Ok(Some(c)),
                    _ => Err(WorkspaceError::NoCase(id.to_string())),
                }
            };
            let a = find(&a_id)?;
            let b = find(&b_id)?;
            let (mut note, mut conflicts) = (None, Vec::new());
            if let (Some(a), Some(b)) = (&a, &b)
                && a.case_id != b.case_id
            {
                let (x, y) = (&a.conversations[0], &b.conversations[0]);
                (note, conflicts) = ws.merge_preview(book, x, y)?;
            }
            let both = a.is_some() && b.is_some();
            Ok(Read {
                cases: ws.cases(year)?,
                convs: if searching || both {
                    ws.selected(year)?
                } else {
                    Vec::new()
                },
                links: if searching {
                    ws.link_decisions(year)?
                } else {
                    Vec::new()
                },
                a,
                b,
                note,
                conflicts,
            })
        })
        .await
        .map_err(|e| {
            e.next(
                &format!("/research/year/{year}/link"),
                "Zoek opnieuw naar de casussen",
            )
        })?;
    let base = format!("/research/year/{year}/link");
    let mut body = format!(
        "<h1>{}</h1><p><a href=\"/research/year/{year}/links\">{}</a> · <a href=\"/research/year/{year}\">{}</a></p><p class=\"explain\">{}</p>",
        t("span", "", "Koppelen met de hand", "Linking by hand"),
        t(
            "span",
            "",
            "Naar de voorgestelde paren",
            "To the proposed pairs"
        ),
        t("span", "", "Terug naar het jaar", "Back to the year"),
        t(
            "span",
            "",
            "Weet je dat twee gesprekken van dezelfde bezoeker zijn, ook al stelt het systeem het paar niet voor? Zoek de andere casus op nummer, bijnaam of een woord uit het gesprek, bekijk ze naast elkaar en zie wat er meegaat, en bevestig dan.",
            "Do you know that two conversations are from the same visitor, even though the system does not propose the pair? Find the other case by number, nickname or a word of the conversation, see them side by side with what moves, then confirm."
        ),
    );
    let by_conv: HashMap<&str, &Conversation> = read
        .convs
        .iter()
        .map(|c| (c.conversation_id.as_str(), c))
        .collect();
    // The search: step one (no a) finds the first case, step two the other.
    let form = |hidden: &str, label_nl: &str, label_en: &str| -> String {
        format!(
            "<form id=\"link-search\" class=\"inline filters\" method=\"get\" action=\"{base}\" role=\"search\">{hidden}\
             <div class=\"field\"><label for=\"link-q\">{label}</label> <input id=\"link-q\" name=\"q\" type=\"search\" value=\"{qv}\"></div>\
             <button type=\"submit\">{go}</button></form>",
            label = t("span", "", label_nl, label_en),
            qv = esc(&q.q),
            go = t("span", "", "Zoek", "Search"),
        )
    };
    match (&read.a, &read.b) {
        (None, _) => {
            body.push_str(&form(
                "",
                "Eerste casus (casusnummer, bijnaam of woord uit het gesprek)",
                "First case (case number, nickname or a word of the conversation)",
            ));
        }
        (Some(a), None) => {
            let _ = write!(
                body,
                "<p>{} <a href=\"/research/case/{id}\">{id}</a> ({day}, {n})</p>",
                t("span", "", "Koppel casus", "Link case"),
                id = esc(&a.case_id),
                day = esc(&nl_day(&a.first_started)),
                n = conversations_nl(a.conversations.len()),
            );
            body.push_str(&form(
                &format!(
                    "<input type=\"hidden\" name=\"a\" value=\"{}\">",
                    esc(&a.case_id)
                ),
                "Koppel aan… (casusnummer, bijnaam of woord uit het gesprek)",
                "Link to… (case number, nickname or a word of the conversation)",
            ));
        }
        (Some(_), Some(_)) => {}
    }
    if searching && read.b.is_none() {
        let found = find_conversations(&read.convs, &search);
        let exclude = read.a.as_ref().map(|a| a.case_id.as_str());
        let hits: Vec<(&CaseInfo, String)> = read
            .cases
            .iter()
            .filter(|c| Some(c.case_id.as_str()) != exclude)
            .filter_map(|c| {
                if c.conversations
                    .iter()
                    .any(|id| id.to_lowercase().contains(&search))
                {
                    return Some((c, String::new()));
                }
                c.conversations
                    .iter()
                    .find_map(|id| found.get(id.as_str()).cloned())
                    .map(|hit| (c, hit))
            })
            .collect();
        // A conversation found by its number or nickname that is already
        // part of another case says so, with who linked it and when.
        let mut merged = String::new();
        for c in &read.cases {
            for id in c.conversations.iter().filter(|id| **id != c.case_id) {
                let by_name = found
                    .get(id.as_str())
                    .is_some_and(|hit| hit.starts_with("bijnaam"));
                if !(id.to_lowercase().contains(&search) || by_name) {
                    continue;
                }
                let decision = read
                    .links
                    .iter()
                    .filter(|d| d.linked && (d.conv_a == *id || d.conv_b == *id))
                    .max_by(|x, y| x.decided_at.cmp(&y.decided_at));
                let (by_nl, by_en) = decision.map_or((String::new(), String::new()), |d| {
                    (
                        format!(" (door {}, op {})", d.decided_by, nl_day(&d.decided_at)),
                        format!(" (by {}, on {})", d.decided_by, nl_day(&d.decided_at)),
                    )
                });
                let _ = write!(
                    merged,
                    "<li>{} <a href=\"/research/case/{case}\">{case}</a>{}</li>",
                    t(
                        "span",
                        "",
                        &format!("Dit gesprek ({id}) is al gekoppeld aan casus"),
                        &format!("This conversation ({id}) is already linked to case"),
                    ),
                    t("span", "", &format!("{by_nl}."), &format!("{by_en}.")),
                    case = esc(&c.case_id),
                );
            }
        }
        if !merged.is_empty() {
            let _ = write!(
                body,
                "<ul class=\"notice\" id=\"link-merged\" role=\"status\">{merged}</ul>"
            );
        }
        if hits.is_empty() && merged.is_empty() {
            body.push_str(&t(
                "p",
                " id=\"link-none\" role=\"status\"",
                &format!("Geen casus gevonden voor „{}”.", q.q.trim()),
                &format!("No case found for “{}”.", q.q.trim()),
            ));
        } else if !hits.is_empty() {
            let mut rows = String::new();
            for (c, hit) in hits.iter().take(HITS) {
                let href = match &read.a {
                    Some(a) => format!(
                        "{base}?a={}&b={}",
                        url_encode(&a.case_id),
                        url_encode(&c.case_id)
                    ),
                    None => format!("{base}?a={}", url_encode(&c.case_id)),
                };
                let names: Vec<&str> = c
                    .conversations
                    .iter()
                    .filter_map(|id| by_conv.get(id.as_str()).map(|x| x.username.as_str()))
                    .collect();
                let _ = write!(
                    rows,
                    "<tr><td><a class=\"pick\" href=\"{href}\">{id}</a></td><td>{day}</td><td>{names}</td><td>{hit}</td></tr>",
                    href = esc(&href),
                    id = esc(&c.case_id),
                    day = esc(&nl_day(&c.first_started)),
                    names = esc(&names.join(", ")),
                    hit = esc(hit),
                );
            }
            let _ = write!(
                body,
                "<table class=\"cases\" id=\"link-hits\"><caption>{cap}</caption><thead><tr><th>{case}</th><th>{first}</th><th>{nick}</th><th>{what}</th></tr></thead><tbody>{rows}</tbody></table>",
                cap = t(
                    "span",
                    "",
                    &format!(
                        "{} voor „{}”{}: kies de casus",
                        if hits.len() == 1 {
                            "1 casus gevonden".to_string()
                        } else {
                            format!("{} casussen gevonden", hits.len())
                        },
                        q.q.trim(),
                        if hits.len() > HITS {
                            format!(" (de eerste {HITS})")
                        } else {
                            String::new()
                        }
                    ),
                    &format!(
                        "{} found for “{}”: choose the case",
                        if hits.len() == 1 {
                            "1 case".to_string()
                        } else {
                            format!("{} cases", hits.len())
                        },
                        q.q.trim()
                    ),
                ),
                case = t("span", "", "Casus", "Case"),
                first = t("span", "", "Eerste contact", "First contact"),
                nick = t("span", "", "Bijnaam", "Nickname"),
                what = t("span", "", "Gevonden", "Found"),
            );
        }
        // A search reads the transcripts: one audited read per search (the query is not recorded).
        st.audit(
            &r.name,
            zicht_store::Purpose::ResearchLinking,
            vec![format!("zoeken in {year}")],
        )
        .await?;
    }
    if let (Some(a), Some(b)) = (&read.a, &read.b) {
        body.push_str(&compare(&st, year, a, b, &read, &by_conv));
        let shown: Vec<String> = a
            .conversations
            .iter()
            .chain(&b.conversations)
            .cloned()
            .collect();
        st.audit(&r.name, zicht_store::Purpose::ResearchLinking, shown)
            .await?;
    }
    Ok(page(&format!("Koppelen met de hand {year}"), &r, "link", &body).into_response())
}

/// "1 gesprek", "3 gesprekken" (with its English).
fn conversations_nl(n: usize) -> String {
    t(
        "span",
        "",
        &super::count(n, "gesprek", "gesprekken"),
        &super::count(n, "conversation", "conversations"),
    )
}

/// Both cases side by side, the comparison in words, what moves, and the confirmation (or why not).
fn compare(
    st: &ResearchState,
    year: i32,
    a: &CaseInfo,
    b: &CaseInfo,
    read: &Read,
    by_conv: &HashMap<&str, &Conversation>,
) -> String {
    let book = &st.0.book;
    let mut out = String::new();
    if a.case_id == b.case_id {
        let _ = write!(
            out,
            "<p class=\"notice\" id=\"link-same\">{} <a href=\"/research/case/{id}\">{id}</a></p>",
            t(
                "span",
                "",
                "Deze twee horen al bij dezelfde casus:",
                "These two already belong to the same case:"
            ),
            id = esc(&a.case_id),
        );
        return out;
    }
    let side = |c: &CaseInfo| -> String {
        let mut convs = String::new();
        for id in &c.conversations {
            let Some(conv) = by_conv.get(id.as_str()) else {
                continue;
            };
            let _ = write!(
                convs,
                "<dl><dt>{user}</dt><dd>{u}</dd><dt>{start}</dt><dd>{s}</dd><dt>{intake}</dt><dd>{words}</dd></dl>{lines}",
                user = t("span", "", "Gebruikersnaam", "Username"),
                u = esc(&conv.username),
                start = t("span", "", "Begin", "Started"),
                s = esc(&nl_time(&conv.started_at)),
                intake = t("span", "", "Intake", "Intake"),
                words = super::pages::intake_words(book, conv),
                lines = transcript_lines(conv, &[]),
            );
        }
        format!(
            "<div class=\"side\"><h2 class=\"h3\">{case} <a href=\"/research/case/{id}\">{id}</a></h2><p class=\"muted\">{day} · {n}</p>{convs}</div>",
            case = t("span", "", "Casus", "Case"),
            id = esc(&c.case_id),
            day = esc(&nl_day(&c.first_started)),
            n = conversations_nl(c.conversations.len()),
        )
    };
    // The comparison in words, as on the links page (it decides nothing here).
    let (x, y) = (&a.conversations[0], &b.conversations[0]);
    let score = match (by_conv.get(x.as_str()), by_conv.get(y.as_str())) {
        (Some(cx), Some(cy)) => {
            let profiles: Vec<Profile> = read.convs.iter().map(Profile::of).collect();
            let (score, reasons) =
                Linker::new(&profiles).compare(&Profile::of(cx), &Profile::of(cy));
            let threshold = st.0.link.threshold;
            let (nl, en) = score_words(score - threshold);
            // A negative total is evidence against: it says so.
            let (nl, en) = if score < 0.0 {
                (
                    "wijst erop dat het verschillende bezoekers zijn",
                    "points to different visitors",
                )
            } else {
                (nl, en)
            };
            let mut rows = String::new();
            let gender = |c: &Conversation, en: bool| {
                c.intake
                    .gender
                    .as_deref()
                    .map(|g| {
                        if en {
                            super::value_en(book, "victim_gender", g)
                        } else {
                            workspace::value_label(book, "victim_gender", g)
                        }
                        .to_lowercase()
                    })
                    .unwrap_or_default()
            };
            for reason in reasons
                .iter()
                .filter(|r| r.signal != linking::Signal::Coded)
            {
                let (detail, detail_en) = if reason.signal == linking::Signal::IntakeGender {
                    (
                        format!("{} en {}", gender(cx, false), gender(cy, false)),
                        format!("{} and {}", gender(cx, true), gender(cy, true)),
                    )
                } else {
                    (
                        reason.detail.clone(),
                        super::pages::reason_en(&reason.detail),
                    )
                };
                let (w_nl, w_en) = super::pages::weight_words(reason.weight);
                let _ = write!(
                    rows,
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
            format!(
                "<p class=\"score\">{}</p>{}",
                t(
                    "span",
                    "",
                    &if score < 0.0 {
                        format!(
                            "De vergelijking {nl}: {} punten (het systeem stelt een paar voor vanaf {}). Koppel alleen als je zeker weet dat het dezelfde bezoeker is.",
                            nl_number(score, 1),
                            nl_number(threshold, 0)
                        )
                    } else {
                        format!(
                            "{} dat dit dezelfde bezoeker is: {} punten (het systeem stelt een paar voor vanaf {}).",
                            capitalise(nl),
                            nl_number(score, 1),
                            nl_number(threshold, 0)
                        )
                    },
                    &if score < 0.0 {
                        format!(
                            "The comparison {en}: {:.1} points (the system proposes a pair from {:.0}). Link only if you are sure it is the same visitor.",
                            score, threshold
                        )
                    } else {
                        format!(
                            "{} that this is the same visitor: {:.1} points (the system proposes a pair from {:.0}).",
                            capitalise(en),
                            score,
                            threshold
                        )
                    },
                ),
                if rows.is_empty() {
                    String::new()
                } else {
                    format!(
                        "<table class=\"reasons\"><caption>{}</caption><tbody>{rows}</tbody></table>",
                        t(
                            "span",
                            "",
                            "Overeenkomsten en verschillen",
                            "Similarities and differences"
                        )
                    )
                }
            )
        }
        _ => String::new(),
    };
    // What is kept and what moves.
    let (kept, merged) = if (a.first_started.as_str(), a.case_id.as_str())
        <= (b.first_started.as_str(), b.case_id.as_str())
    {
        (a, b)
    } else {
        (b, a)
    };
    let total = a.conversations.len() + b.conversations.len();
    let kept_text = t(
        "span",
        "",
        &format!(
            "Na koppelen is dit één casus: casus {} (met het eerste gesprek) blijft, met {}; casus {} gaat erin op.",
            kept.case_id,
            super::count(total, "gesprek", "gesprekken"),
            merged.case_id
        ),
        &format!(
            "After linking this is one case: case {} (with the first conversation) stays, with {total} conversations; case {} merges into it.",
            kept.case_id, merged.case_id
        ),
    );
    let moves = match &read.note {
        Some((nl, en)) => t("p", " class=\"merge-note\"", nl, en),
        None => t(
            "p",
            " class=\"muted\"",
            &format!(
                "Casus {} heeft nog geen codering, dubbele codering of overleg: er gaat niets mee.",
                merged.case_id
            ),
            &format!(
                "Case {} has no coding, double coding or discussion yet: nothing moves.",
                merged.case_id
            ),
        ),
    };
    let decision = if read.conflicts.is_empty() {
        format!(
            "<div class=\"buttons\"><button type=\"button\" id=\"link-confirm\" data-a=\"{x}\" data-b=\"{y}\" data-merged=\"{m}\">{yes}</button>\
             <a class=\"button quiet\" href=\"/research/case/{ka}\">{no}</a></div>",
            x = esc(x),
            y = esc(y),
            m = esc(&merged.case_id),
            ka = esc(&a.case_id),
            yes = t(
                "span",
                "",
                &format!("Ja, koppel casus {} en casus {}", a.case_id, b.case_id),
                &format!("Yes, link case {} and case {}", a.case_id, b.case_id)
            ),
            no = t("span", "", "Annuleren", "Cancel"),
        )
    } else {
        let mut items = String::new();
        for (nl, en) in &read.conflicts {
            items.push_str(&t("li", "", nl, en));
        }
        format!(
            "<div class=\"error\" id=\"link-conflicts\" role=\"alert\"><p>{}</p><ul>{items}</ul><p>{} <a href=\"/research/case/{ai}\">{ai}</a> · <a href=\"/research/case/{bi}\">{bi}</a></p></div>",
            t(
                "span",
                "",
                "Koppelen kan nog niet, er is niets veranderd:",
                "Linking is not possible yet, nothing changed:"
            ),
            t("span", "", "Open de casussen:", "Open the cases:"),
            ai = esc(&a.case_id),
            bi = esc(&b.case_id),
        )
    };
    let _ = write!(
        out,
        "<article class=\"pair manual\" aria-labelledby=\"compare-h\"><h2 id=\"compare-h\">{h}</h2>{score}\
         <div class=\"sides\">{sa}{sb}</div><section class=\"preview\" aria-labelledby=\"moves-h\"><h3 id=\"moves-h\">{mh}</h3><p>{kept_text}</p>{moves}</section>{decision}\
         <p id=\"link-error\" class=\"error\" tabindex=\"-1\" hidden></p></article>\
         <p><a href=\"/research/year/{year}/link?a={ea}\">{other}</a></p>",
        h = t(
            "span",
            "",
            &format!("Casus {} en casus {} naast elkaar", a.case_id, b.case_id),
            &format!("Case {} and case {} side by side", a.case_id, b.case_id)
        ),
        sa = side(a),
        sb = side(b),
        mh = t(
            "span",
            "",
            "Wat blijft en wat meegaat",
            "What stays and what moves"
        ),
        ea = url_encode(&a.case_id),
        other = t("span", "", "Een andere casus kiezen", "Choose another case"),
    );
    out
}
