//! The case page: the transcript with the suggestions highlighted at their evidence, and the coding form generated from the codebook.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zicht_codebook::{Codebook, Kind, Lang};
use zicht_conversations::{Conversation, From as Sender};
use zicht_research::assisted::SuggestionView;
use zicht_research::workspace::{self, CaseInfo, FINAL};

use super::pages::code_label;
use super::{PageError, ResearchState, Researcher, nl_day, nl_time, page, who};
use crate::pages::{esc, t};

#[derive(Deserialize)]
pub(super) struct CaseQuery {
    v: Option<String>,
    /// The case id that linking merged into this case (the notice after a redirect).
    merged: Option<String>,
    /// Set when a coder was sent from the final version to their own (blind) one.
    blind: Option<String>,
    /// A conversation that was just unlinked from this case (the notice after the reload).
    unlinked: Option<String>,
}

/// What the case page does: show the case, send elsewhere, or refuse with a way forward.
enum Outcome {
    Show(Box<CaseData>),
    Redirect(String),
    Refuse(String, String, String),
    /// No such coder's version of the case (not in the sample, or not theirs).
    NoVersion(String, String, String),
}

struct CaseData {
    case: CaseInfo,
    convs: Vec<Conversation>,
    values: BTreeMap<String, String>,
    coders: Vec<(String, bool, BTreeMap<String, String>)>,
    decisions: HashMap<(String, String), bool>,
    discussions: Vec<workspace::Discussion>,
    can_undo: bool,
    /// What the undo button would take back (as it was done).
    next_undo: workspace::NextUndo,
    /// Both coders of a double-coded case marked their version done.
    both_done: bool,
    /// This coder's own version: whether they marked it done.
    my_done: Option<bool>,
    /// The final version of a finished double-coded case: columns whose differences are not adjudicated.
    unsettled: Vec<String>,
    /// The final version: columns both coders agree on that the final coding lacks (what "adopt" takes over).
    adoptable: Vec<String>,
    /// The link decisions that hold this case's conversations together.
    links: Vec<workspace::LinkDecision>,
    /// The final version: why the case is not finished (`None`: finished, as the exports decide it).
    why: Option<workspace::OpenReason>,
    /// The final version is marked "klaar".
    marked: bool,
    /// The final version: columns left unknown on purpose.
    unknown: Option<std::collections::BTreeSet<String>>,
    /// A coder's own version: links that added a conversation to the case
    /// after it was assigned to them.
    added: Vec<workspace::LinkDecision>,
    /// The case's last log sequence: what the page is built from (sent back with a save).
    seen: i64,
    /// The year's last final export (its time) and whether this case's
    /// final coding changed after it.
    exported: Option<(String, bool)>,
}

pub(super) async fn case_page(
    State(st): State<ResearchState>,
    Path(id): Path<String>,
    Query(q): Query<CaseQuery>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let version = q.v.clone().unwrap_or_else(|| FINAL.to_string());
    let v = version.clone();
    let me = r.name.clone();
    let outcome = st
        .with(move |ws, book| {
            let case = match ws.case(&id) {
                Ok(case) => case,
                Err(workspace::WorkspaceError::NoCase(_)) => {
                    // Merged away by linking: to the case that holds it now.
                    if let Some(c) = ws.case_of_conversation(&id)? {
                        let keep = if v == FINAL {
                            String::new()
                        } else {
                            format!("&v={v}")
                        };
                        return Ok(Outcome::Redirect(format!(
                            "/research/case/{}?merged={}{keep}",
                            c.case_id, id
                        )));
                    }
                    return Err(workspace::WorkspaceError::NoCase(id));
                }
                Err(e) => return Err(e),
            };
            let assignments: Vec<_> = ws
                .assignments(case.year)?
                .into_iter()
                .filter(|a| a.case_id == id)
                .collect();
            let mine = assignments.iter().find(|a| a.coder == me);
            let both_done =
                assignments.len() == 2 && assignments.iter().all(|a| a.done_at.is_some());
            // A coder's version that does not exist: said as such, not as
            // blindness (tenth walk, finding 15).
            if v != FINAL && v != me && !assignments.iter().any(|a| a.coder == v) {
                let message = if assignments.is_empty() {
                    format!(
                        "Casus {id} zit niet in de steekproef voor dubbel coderen: er zijn geen versies van codeurs, alleen de definitieve codering."
                    )
                } else {
                    format!(
                        "Casus {id} is niet aan {v} toegewezen: er is geen versie van {v}. De codeurs van deze casus zijn {}.",
                        assignments
                            .iter()
                            .map(|a| a.coder.as_str())
                            .collect::<Vec<_>>()
                            .join(" en ")
                    )
                };
                let (href, text) = if mine.is_some() {
                    (
                        format!("/research/case/{id}?v={me}"),
                        "Naar je eigen codering".to_string(),
                    )
                } else {
                    (
                        format!("/research/case/{id}"),
                        "Naar de definitieve codering".to_string(),
                    )
                };
                return Ok(Outcome::NoVersion(message, href, text));
            }
            if v != FINAL && v != me {
                let (href, text) = if mine.is_some() {
                    (
                        format!("/research/case/{id}?v={me}"),
                        "Naar je eigen codering".to_string(),
                    )
                } else {
                    (
                        format!("/research/case/{id}"),
                        "Naar de definitieve codering".to_string(),
                    )
                };
                return Ok(Outcome::Refuse(
                    "Dubbel coderen is blind: je ziet alleen je eigen codering, tot beide codeurs klaar zijn.".to_string(),
                    href,
                    text,
                ));
            }
            if v == FINAL && mine.is_some() && !both_done {
                // Blind: a coder of this case works in their own version.
                return Ok(Outcome::Redirect(format!(
                    "/research/case/{id}?v={me}&blind=1"
                )));
            }
            let mut convs = Vec::new();
            for c in &case.conversations {
                if let Some(conv) = ws.conversation(c)? {
                    convs.push(conv);
                }
            }
            let values = ws.values(&id, &v)?;
            // Coders' values are shown beside the final version only when both are done.
            let mut coders = Vec::new();
            let mut unsettled = Vec::new();
            let mut adoptable = Vec::new();
            if v == FINAL && both_done {
                for a in &assignments {
                    coders.push((a.coder.clone(), true, ws.values(&id, &a.coder)?));
                }
                unsettled = ws.unsettled(book, case.year)?.remove(&id).unwrap_or_default();
                adoptable = ws.agreed_to_adopt(book, &id)?;
            }
            let waiting = ws
                .case_discussions(&id)?
                .iter()
                .any(|d| d.decision.is_none());
            let unknown = ws.left_unknown(case.year)?.remove(&id);
            let unknown_columns = unknown.clone();
            let marked = ws.marked_final(case.year)?.contains(&id);
            let state = workspace::CaseState {
                unsettled: Some(&unsettled),
                in_discussion: waiting,
                left_unknown: unknown.as_ref(),
                double_open: ws.double_open(case.year)?.contains(&id),
                marked,
            };
            let why = workspace::open_reason(book, &case, &values, &state);
            let links = if case.conversations.len() > 1 {
                ws.link_decisions(case.year)?
                    .into_iter()
                    .filter(|d| d.linked && case.conversations.contains(&d.conv_a))
                    .collect()
            } else {
                Vec::new()
            };
            // Linked into the case after it was assigned: its coder is told.
            let added: Vec<workspace::LinkDecision> = match mine {
                Some(a) if v == me => links
                    .iter()
                    .filter(|d| {
                        d.decided_at >= a.assigned_at && case.conversations.contains(&d.conv_b)
                    })
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            };
            let my_done = if v == me {
                mine.map(|a| a.done_at.is_some())
            } else {
                None
            };
            let decisions = ws.suggestion_decisions(&id, &v)?;
            // Blind: while both coders are not done, a coder of the case sees
            // only their own questions (the other's doubts would show their values).
            let blind = mine.is_some() && !both_done;
            // The other coder's flag "hoort hier niet" shows, without their words.
            let discussions: Vec<_> = ws
                .case_discussions(&id)?
                .into_iter()
                .filter(|d| !blind || d.asked_by == me || d.off_topic)
                .map(|mut d| {
                    if blind && d.asked_by != me {
                        d.question =
                            "Iemand vond dat deze casus hier niet hoort (lijkt geen mensenhandel / off-topic)."
                                .to_string();
                        d.asked_by = "een andere onderzoeker".to_string();
                    }
                    d
                })
                .collect();
            let exported = ws
                .changed_since_final_export(case.year)?
                .map(|(at, changed)| (at, changed.contains(&id)));
            let can_undo = ws
                .audit(&id)?
                .iter()
                .any(|e| e.version == v && !matches!(e.via.as_str(), "link" | "reopen" | "done"));
            Ok(Outcome::Show(Box::new(CaseData {
                case,
                convs,
                values,
                coders,
                decisions,
                discussions,
                can_undo,
                next_undo: ws.next_undo(&id, &v)?,
                both_done,
                my_done,
                unsettled,
                adoptable,
                links,
                why,
                added,
                unknown: unknown_columns,
                marked,
                seen: ws.last_change(&id)?,
                exported,
            })))
        })
        .await?;
    let data = match outcome {
        Outcome::Show(data) => *data,
        Outcome::Redirect(to) => return Ok(axum::response::Redirect::to(&to).into_response()),
        Outcome::Refuse(message, href, text) => {
            return Err(
                PageError::new(axum::http::StatusCode::FORBIDDEN, "blind", message)
                    .next(&href, &text),
            );
        }
        Outcome::NoVersion(message, href, text) => {
            return Err(
                PageError::new(axum::http::StatusCode::NOT_FOUND, "no_version", message)
                    .next(&href, &text),
            );
        }
    };
    st.audit(
        &r.name,
        zicht_store::Purpose::ResearchCase,
        data.convs
            .iter()
            .map(|c| c.conversation_id.clone())
            .collect(),
    )
    .await?;
    let book = &st.0.book;
    // A coder's blind version has no status (decided before, in the final
    // coding): no status suggestion either.
    let blind = version != FINAL;
    let suggestions: Vec<(String, Vec<SuggestionView>)> = match &st.0.suggest {
        Some(f) => data
            .convs
            .iter()
            .map(|c| {
                let mut list = f(c);
                if blind {
                    list.retain(|s| {
                        s.variable != book.analysis.status
                            && s.variable != book.analysis.exclusion_reason
                    });
                }
                (c.conversation_id.clone(), list)
            })
            .collect(),
        None => Vec::new(),
    };
    let mut notices = String::new();
    if let Some(old) = &q.merged {
        let _ = write!(
            notices,
            "<p class=\"notice\" id=\"merged\">{}</p>",
            t(
                "span",
                "",
                &format!(
                    "Casus {old} is door koppelen opgegaan in casus {}: je ziet nu die casus, met de codering van beide.",
                    data.case.case_id
                ),
                &format!(
                    "Case {old} was merged into case {} by linking: you now see that case, with the coding of both.",
                    data.case.case_id
                ),
            )
        );
    }
    if let Some(gone) = &q.unlinked {
        let _ = write!(
            notices,
            "<p class=\"notice ok\" id=\"unlinked\" role=\"status\">{} <a href=\"/research/case/{g}\">{g}</a></p>",
            t(
                "span",
                "",
                "Ontkoppeld: het losgemaakte gesprek is nu een eigen casus, zonder codering:",
                "Unlinked: the conversation taken out is now a case of its own, without coding:"
            ),
            g = esc(gone),
        );
    }
    for d in &data.added {
        // The conversation that came in: the one of the pair that is not the case's first.
        let came = if d.conv_a == data.case.case_id {
            &d.conv_b
        } else {
            &d.conv_a
        };
        let when = nl_time(&d.decided_at);
        let n = data.case.conversations.len();
        let _ = write!(
            notices,
            "<p class=\"notice\" id=\"added\">{}</p>",
            t(
                "span",
                "",
                &format!(
                    "Er is een gesprek toegevoegd door {} op {when}: gesprek {came} is gekoppeld aan deze casus, die nu {n} gesprekken heeft. Lees ook dat gesprek voor je codering; de suggesties zeggen uit welk gesprek ze komen.",
                    d.decided_by
                ),
                &format!(
                    "A conversation was added by {} on {when}: conversation {came} is linked to this case, which now has {n} conversations. Read that conversation too for your coding; the suggestions say which conversation they come from.",
                    d.decided_by
                ),
            )
        );
    }
    if q.blind.is_some() && data.both_done {
        // The page was opened blind, and meanwhile both are done.
        let _ = write!(
            notices,
            "<p class=\"notice\" id=\"blind\">{} <a href=\"/research/case/{id}\">{}</a></p>",
            t(
                "span",
                "",
                "Jullie zijn allebei klaar met deze casus.",
                "You are both done with this case."
            ),
            t(
                "span",
                "",
                "Bekijk de definitieve codering en de verschillen",
                "See the final coding and the differences"
            ),
            id = esc(&data.case.case_id),
        );
    } else if q.blind.is_some() {
        let _ = write!(
            notices,
            "<p class=\"notice\" id=\"blind\">{}</p>",
            t(
                "span",
                "",
                "Je codeert deze casus blind: je ziet hier je eigen codering. De definitieve codering en die van de andere codeur zie je als jullie allebei klaar zijn.",
                "You code this case blind: this is your own coding. The final coding and the other coder's you see once you are both done."
            )
        );
    }
    let body = notices + &case_body(book, &r, &version, &data, &suggestions);
    Ok(page(&format!("Casus {}", data.case.case_id), &r, "case", &body).into_response())
}

fn case_body(
    book: &Codebook,
    r: &Researcher,
    version: &str,
    data: &CaseData,
    suggestions: &[(String, Vec<SuggestionView>)],
) -> String {
    let case = &data.case;
    let mut out = String::new();
    let version_text = if version == FINAL {
        t("span", "", "definitieve codering", "final coding")
    } else {
        t(
            "span",
            "",
            &format!("codering van {}", version),
            &format!("coding by {version}"),
        )
    };
    let _ = write!(
        out,
        "<h1>{} {} <small>{}</small></h1>\
         <p class=\"meta\">{} · {} {} · <a href=\"/research/case/{id}/audit\">{}</a> · <a href=\"/research/year/{year}\">{year}</a></p>",
        t("span", "", "Casus", "Case"),
        esc(&case.case_id),
        version_text,
        esc(&nl_day(&case.first_started)),
        case.conversations.len(),
        if case.conversations.len() == 1 {
            t("span", "", "gesprek", "conversation")
        } else {
            t("span", "", "gesprekken", "conversations")
        },
        t("span", "", "wijzigingen", "changes"),
        id = esc(&case.case_id),
        year = case.year,
    );
    if version == FINAL {
        // Finished or not, in the exports' words.
        let (class, nl, en) = finished_words(book, data.why.as_ref(), data.marked);
        out.push_str(&t(
            "p",
            &format!(" class=\"{class}\" id=\"case-finished\""),
            &nl,
            &en,
        ));
        // The year is exported as final: a change here is not in that file.
        if let Some((at, changed)) = &data.exported {
            let (class, nl, en) = exported_words(at, *changed);
            out.push_str(&t(
                "p",
                &format!(" class=\"{class}\" id=\"exported-note\""),
                &nl,
                &en,
            ));
        }
        // An included case is finished only once its coding is marked so.
        let excluded = data.values.get(&book.analysis.status) == Some(&book.analysis.excluded);
        if !excluded {
            let _ = write!(
                out,
                "<p class=\"final-done\"><button type=\"button\" id=\"final-done\" data-done=\"{d}\" data-adoptable=\"{adoptable}\"{q}>{b}</button></p>\
                 <dialog id=\"final-done-dialog\" aria-labelledby=\"final-done-q\" aria-describedby=\"final-done-p\">\
                 <p id=\"final-done-q\" class=\"question\"></p><p id=\"final-done-p\">{why}</p>\
                 <p><button type=\"button\" id=\"final-done-cancel\">{cancel}</button> <button type=\"button\" id=\"final-done-anyway\" class=\"quiet\">{anyway}</button></p></dialog>",
                adoptable = data.adoptable.len(),
                why = t(
                    "span",
                    "",
                    "Als klaar gemeld gaat de casus zo mee in de export; leeg betekent daar onbekend.",
                    "Marked as done, the case goes into the export as it is; empty means unknown there."
                ),
                cancel = t("span", "", "Verder coderen", "Go on coding"),
                anyway = t("span", "", "Toch klaar", "Done anyway"),
                d = if data.marked { "1" } else { "0" },
                q = if data.marked { " class=\"quiet\"" } else { "" },
                b = if data.marked {
                    t(
                        "span",
                        "",
                        "Toch nog niet klaar (markering intrekken)",
                        "Not done after all (take the mark back)",
                    )
                } else {
                    t(
                        "span",
                        "",
                        "Klaar met coderen (deze casus)",
                        "Done coding (this case)",
                    )
                },
            );
        }
    }
    if version != FINAL && !r.name.is_empty() {
        let state = match data.my_done {
            Some(true) => t(
                "span",
                "",
                "Je hebt deze casus als klaar gemeld: je codering ligt vast.",
                "You marked this case as done: your coding is locked.",
            ),
            Some(false) => t(
                "span",
                "",
                "Meld de casus als klaar zodra je codering af is.",
                "Mark the case as done once your coding is finished.",
            ),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<div class=\"panel done-panel\"><p id=\"done-state\" role=\"status\" tabindex=\"-1\">{state}</p>{button}</div>",
            button = if data.my_done == Some(true) {
                format!(
                    "<p><button type=\"button\" id=\"reopen-coding\" class=\"quiet\">{}</button></p>",
                    t(
                        "span",
                        "",
                        "Toch nog niet klaar (codering heropenen)",
                        "Not done after all (reopen the coding)"
                    )
                )
            } else {
                format!(
                    "<p><button type=\"button\" id=\"done\">{}</button></p>\
                     <dialog id=\"done-dialog\" aria-labelledby=\"done-dialog-q\" aria-describedby=\"done-dialog-p\">\
                     <p id=\"done-dialog-q\" class=\"question\"></p><p id=\"done-dialog-p\">{why}</p>\
                     <p><button type=\"button\" id=\"done-cancel\">{cancel}</button> <button type=\"button\" id=\"done-anyway\" class=\"quiet\">{anyway}</button></p></dialog>",
                    t("span", "", "Klaar met coderen", "Done coding"),
                    why = t(
                        "span",
                        "",
                        "Leeg betekent onbekend: niet genoemd in het gesprek. Als klaar gemeld ligt je codering vast tot je hem heropent.",
                        "Empty means unknown: not mentioned in the conversation. Marked as done, your coding is locked until you reopen it."
                    ),
                    cancel = t("span", "", "Verder coderen", "Go on coding"),
                    anyway = t("span", "", "Toch klaar", "Done anyway"),
                )
            }
        );
    } else if !data.adoptable.is_empty() {
        // Only when there is something to take over (finishing took over what
        // both agreed on already; an undo of that brings it back here).
        let n = data.adoptable.len();
        let labels: Vec<String> = data
            .adoptable
            .iter()
            .map(|c| workspace::column_label(book, c))
            .collect();
        let _ = write!(
            out,
            "<p><button type=\"button\" id=\"adopt\">{}</button></p>",
            t(
                "span",
                "",
                &format!(
                    "Neem {} over waarover beide codeurs het eens zijn ({})",
                    super::count(n, "waarde", "waarden"),
                    labels.join(", ")
                ),
                &format!(
                    "Adopt {} both coders agree on ({})",
                    super::count(n, "value", "values"),
                    labels.join(", ")
                ),
            )
        );
    }
    let reason = &book.analysis.exclusion_reason;
    if version == FINAL
        && data.values.get(&book.analysis.status) == Some(&book.analysis.excluded)
        && !data.values.contains_key(reason)
    {
        let _ = write!(
            out,
            "<p class=\"notice\" id=\"no-reason\"><a href=\"#w-{}\">{}</a></p>",
            esc(reason),
            t(
                "span",
                "",
                "Uitgesloten zonder reden: vul de reden van exclusie in, anders telt de casus als niet klaar.",
                "Excluded without a reason: fill in the exclusion reason, or the case counts as not finished."
            )
        );
    }
    if !data.unsettled.is_empty() {
        let mut items = String::new();
        // A final value from before the double coding settles nothing by
        // itself: the panel says so rather than "says nothing" (eighth walk, finding 3).
        let mut from_before = 0;
        for c in &data.unsettled {
            let before = match data.values.get(c) {
                Some(v) => {
                    from_before += 1;
                    t(
                        "span",
                        "",
                        &format!(
                            " (nu: {}, van vóór het dubbel coderen)",
                            code_label(book, c, v)
                        ),
                        &format!(
                            " (now: {}, from before the double coding)",
                            value_en(book, c, v)
                        ),
                    )
                }
                None => String::new(),
            };
            let _ = write!(
                items,
                "<li><a href=\"#w-{n}\">{label}</a>{before}</li>",
                n = esc(c),
                label = esc(&workspace::column_label(book, c)),
            );
        }
        let (said_nl, said_en) = if from_before == 0 {
            (
                "de definitieve codering zegt daar nog niets. Kies de juiste waarde, of „Laat leeg” als het onbekend is.",
                "the final coding says nothing there yet. Choose the right value, or “Leave empty” when it is unknown.",
            )
        } else {
            (
                "wat de definitieve codering daar nu zegt, stamt van vóór het dubbel coderen en telt nog niet als keuze. Kies de juiste waarde, „Zo laten” om die waarde bewust te houden, of „Laat leeg” als het onbekend is.",
                "what the final coding says there now dates from before the double coding and does not count as a choice yet. Choose the right value, “Keep” to keep that value on purpose, or “Leave empty” when it is unknown.",
            )
        };
        let _ = write!(
            out,
            "<div class=\"panel unsettled\" id=\"unsettled\"><p>{}</p><ul>{items}</ul></div>",
            t(
                "span",
                "",
                &format!(
                    "Nog te beslechten: de codeurs verschillen in {} en {said_nl}",
                    super::count(data.unsettled.len(), "veld", "velden")
                ),
                &format!(
                    "Still to adjudicate: the coders differ in {} and {said_en}",
                    super::count(data.unsettled.len(), "field", "fields")
                ),
            )
        );
    }
    // The undo line: one fixed place at the top of the form, there from
    // page load (empty until there is something to undo), so that nothing
    // above the suggestions is inserted or resized when a change is made.
    let mut undo_inner = String::new();
    if data.can_undo && data.my_done == Some(true) {
        // Locked: no undo button at all, and why.
        let _ = write!(
            undo_inner,
            "<p class=\"muted\" id=\"undo-locked\">{}</p>",
            t(
                "span",
                "",
                "Ongedaan maken kan nu niet: je hebt deze casus als klaar gemeld en je codering ligt vast. Wil je nog iets veranderen, heropen dan eerst je codering („Toch nog niet klaar”).",
                "Undo is not possible now: you marked this case as done and your coding is locked. To change something, reopen your coding first (“Not done after all”)."
            )
        );
    } else if data.can_undo
        && !data.next_undo.changes.is_empty()
        && let Some(by) = data.next_undo.by.as_deref().filter(|by| *by != r.name)
    {
        // Someone else's change: only they can take it back; no button.
        let _ = write!(
            undo_inner,
            "<p class=\"muted\" id=\"undo-other\">{}</p>",
            t(
                "span",
                "",
                &format!(
                    "De laatste wijziging is van {by}; alleen die onderzoeker kan die ongedaan maken."
                ),
                &format!("The last change was made by {by}; only that researcher can undo it.")
            )
        );
    } else if data.can_undo && !data.next_undo.changes.is_empty() {
        let (nl, en) = undo_label(book, &r.name, &data.next_undo);
        let group = grouped_count(&data.next_undo);
        let _ = write!(
            undo_inner,
            "<button type=\"button\" id=\"undo\" class=\"quiet\"{count}{ask}>{}</button>",
            t("span", "", &nl, &en),
            count = if group > 1 {
                format!(" data-count=\"{group}\"")
            } else {
                String::new()
            },
            ask = status_ask(book, &data.next_undo)
                .map(|(nl, en)| format!(" data-ask=\"{}\" data-ask-en=\"{}\"", esc(&nl), esc(&en)))
                .unwrap_or_default(),
        );
    }
    let undo_line = format!(
        "<div class=\"undo-line\" id=\"undo-line\">{undo_inner}</div>{dialog}",
        dialog = undo_dialog(),
    );
    if version == FINAL {
        out.push_str(&link_section(case, &data.links));
    }
    out.push_str(&discussion_section(
        &data.discussions,
        version != FINAL,
        data.my_done.is_some() && !data.both_done,
    ));
    // Transcript with suggestions.
    let mut transcript = String::new();
    let mut list = String::new();
    let mut n = 0usize;
    for conv in &data.convs {
        let sugs: &[SuggestionView] = suggestions
            .iter()
            .find(|(id, _)| *id == conv.conversation_id)
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[]);
        let mut marks: HashMap<usize, Vec<(usize, usize, usize)>> = HashMap::new();
        for s in sugs {
            let decided = data
                .decisions
                .get(&(conv.conversation_id.clone(), s.variable.clone()));
            let label = suggestion_label(book, s);
            let label_en = suggestion_label_en(book, s);
            // Accepted counts as accepted while its value is still there (an
            // undo takes it back); a value already so settles it too.
            let holds = workspace::suggestion_holds(book, &data.values, &s.variable, &s.value);
            let (state, state_text, state_en) = match decided {
                Some(true) if holds => ("accepted", "✓ geaccepteerd", "✓ accepted"),
                // Never "afgewezen" beside a value the coding holds.
                _ if holds => ("accepted", "✓ al zo gecodeerd", "✓ already coded"),
                Some(false) => ("rejected", "✗ afgewezen", "✗ rejected"),
                _ => ("", "", ""),
            };
            // Each piece of evidence links to its sentence in the transcript;
            // a value from the intake says so instead (its sentence only shows
            // who the intake is about).
            let mut evidence = String::new();
            if s.from_intake {
                evidence = format!(
                    " <span class=\"source\">{}</span>",
                    t("span", "", "volgens de intake", "from the intake")
                );
            }
            for e in s.evidence.iter().filter(|_| !s.from_intake) {
                let Some(m) = conv.messages.get(e.message) else {
                    continue;
                };
                let words: String = m
                    .text
                    .chars()
                    .skip(e.start)
                    .take(e.end.saturating_sub(e.start).min(80))
                    .collect();
                let _ = write!(
                    evidence,
                    " <a class=\"evidence\" href=\"#m-{conv}-{i}\" data-s=\"s-{n}\">„{words}”</a>",
                    conv = esc(&conv.conversation_id),
                    i = e.message,
                    words = esc(words.trim()),
                );
            }
            // A case of several conversations: which one the suggestion comes from.
            let from = if data.convs.len() > 1 {
                format!(
                    " <span class=\"from muted\">{}</span>",
                    t(
                        "span",
                        "",
                        &format!(
                            "(uit gesprek {}, {})",
                            conv.conversation_id,
                            nl_day(&conv.started_at)
                        ),
                        &format!(
                            "(from conversation {}, {})",
                            conv.conversation_id,
                            nl_day(&conv.started_at)
                        ),
                    )
                )
            } else {
                String::new()
            };
            if s.from_model {
                evidence.push_str(&format!(
                    " <span class=\"source\">{}</span>",
                    // Words, not jargon (eighth walk, finding 6).
                    t(
                        "span",
                        "",
                        "geschat uit de woorden van het hele gesprek, niet uit een vaste zinsnede: controleer het zelf",
                        "estimated from the words of the whole conversation, not from a fixed phrase: check it yourself"
                    )
                ));
            }
            // A follow-up question's suggestion (Familierelatie pleger) whose
            // condition asks for one answer (Relatie pleger = Familielid):
            // when its accept is refused, the page offers to set that first.
            let parent = book
                .column(&s.variable)
                .and_then(|c| c.condition())
                .or_else(|| book.set(&s.variable).and_then(|set| set.condition.as_ref()))
                .and_then(|c| match c.in_codes.as_deref() {
                    Some([code]) => Some(format!(
                        " data-parent=\"{var}\" data-parent-value=\"{code}\" data-parent-nl=\"{nl}\" data-parent-en=\"{en}\"",
                        var = esc(&c.variable),
                        code = esc(code),
                        nl = esc(&format!(
                            "Eerst {} op {} zetten",
                            workspace::column_label(book, &c.variable),
                            code_label(book, &c.variable, code)
                        )),
                        en = esc(&format!(
                            "First set {} to {}",
                            super::label_en(book, &c.variable),
                            value_en(book, &c.variable, code)
                        )),
                    )),
                    _ => None,
                })
                .unwrap_or_default();
            let _ = write!(
                list,
                "<li class=\"suggestion item\" tabindex=\"-1\" id=\"s-{n}\" data-conv=\"{conv}\" data-var=\"{var}\" data-value=\"{value}\" data-state=\"{state}\"{keep}{parent}>\
                 <span class=\"label\" data-en=\"{label_en}\">{label}</span>{from} \
                 <span class=\"evidence-list\">{evidence}</span> \
                 <span class=\"decide\"><span class=\"state-text\" data-en=\"{state_en}\">{state_text}</span> \
                 <button type=\"button\" class=\"accept\">{acc} (a){named}</button> <button type=\"button\" class=\"reject\">{rej} (r){named}</button></span></li>",
                conv = esc(&conv.conversation_id),
                // What an excluded case still shows: the status and its reason.
                keep = if s.variable == book.analysis.status
                    || s.variable == book.analysis.exclusion_reason
                {
                    " data-keep"
                } else {
                    ""
                },
                var = esc(&s.variable),
                value = esc(&s.value),
                label = esc(&label),
                label_en = esc(&label_en),
                acc = t("span", "", "Accepteren", "Accept"),
                // The buttons' names say which suggestion ("Accepteren (a):
                // Status: Geëxcludeerd"): 14 pairs are told apart in a
                // screen reader's list of buttons.
                named = t(
                    "span",
                    " class=\"visually-hidden\"",
                    &format!(": {label}"),
                    &format!(": {label_en}")
                ),
                rej = t("span", "", "Afwijzen", "Reject"),
            );
            for e in s.evidence.iter().filter(|_| !s.from_intake) {
                marks
                    .entry(e.message)
                    .or_default()
                    .push((e.start, e.end, n));
            }
            n += 1;
        }
        let _ = write!(
            transcript,
            "<section class=\"conversation\"><h3>{} · {} · {}</h3><ol class=\"messages\">",
            esc(&conv.conversation_id),
            esc(&conv.username),
            esc(&nl_time(&conv.started_at))
        );
        for (i, m) in conv.messages.iter().enumerate() {
            let who_class = match m.from {
                Sender::Visitor => "visitor",
                Sender::Counsellor => "counsellor",
            };
            let mut spans = marks.remove(&i).unwrap_or_default();
            let _ = write!(
                transcript,
                "<li class=\"{who_class}\" id=\"m-{}-{i}\">{}{}</li>",
                esc(&conv.conversation_id),
                super::pages::speaker(m.from == Sender::Visitor),
                highlight(&m.text, &mut spans)
            );
        }
        transcript.push_str("</ol></section>");
    }
    let sug_section = if suggestions.is_empty() {
        t(
            "p",
            " class=\"muted\"",
            "Geen suggesties beschikbaar.",
            "No suggestions available.",
        )
    } else {
        format!(
            "<p class=\"keys\">{}</p><ol class=\"suggestions\">{list}</ol>",
            t(
                "span",
                "",
                "Toetsen: j/k volgende/vorige suggestie; a of r zet de focus op Accepteren of Afwijzen, Enter bevestigt.",
                "Keys: j/k next/previous suggestion; a or r puts the focus on Accept or Reject, Enter confirms."
            )
        )
    };
    let excluded = data.values.get(&book.analysis.status) == Some(&book.analysis.excluded);
    let excluded_note = format!(
        "<div class=\"notice\" id=\"excluded-note\"{hidden}><p>{text}</p><p><button type=\"button\" id=\"unexclude\" class=\"quiet\">{undo}</button></p></div>",
        hidden = if excluded { "" } else { " hidden" },
        text = t(
            "span",
            "",
            "Deze casus is geëxcludeerd: alleen de status en de reden van exclusie tellen. De rest van de codering doet niet mee en staat daarom niet in het formulier.",
            "This case is excluded: only the status and the reason for exclusion count. The rest of the coding does not take part and is therefore not in the form."
        ),
        undo = t(
            "span",
            "",
            "Exclusie terugdraaien (status weer open)",
            "Undo the exclusion (status open again)"
        ),
    );
    let _ = write!(
        out,
        "<div class=\"coding{locked}{excluded}\" data-case=\"{id}\" data-version=\"{version}\" data-seen=\"{seen}\" data-status-col=\"{status_col}\" data-excluded=\"{excluded_code}\">\
         <div class=\"left\" tabindex=\"0\" role=\"region\" aria-labelledby=\"suggestions-h transcript-h\"><div class=\"suggestions-part\"><h2 id=\"suggestions-h\">{sh}</h2>{sug_section}</div><h2 id=\"transcript-h\">{th}</h2>{transcript}</div>\
         <form class=\"right\" id=\"form\" autocomplete=\"off\">{undo_line}{excluded_note}{form}</form></div>",
        excluded = if excluded { " excluded" } else { "" },
        status_col = esc(&book.analysis.status),
        excluded_code = esc(&book.analysis.excluded),
        id = esc(&case.case_id),
        version = esc(version),
        seen = data.seen,
        locked = if data.my_done == Some(true) {
            " locked"
        } else {
            ""
        },
        sh = t("span", "", "Suggesties", "Suggestions"),
        th = t("span", "", "Transcript", "Transcript"),
        form = if data.my_done == Some(true) {
            format!(
                "<fieldset class=\"locked\" disabled><legend class=\"visually-hidden\">{}</legend>{}</fieldset>",
                t("span", "", "Vergrendelde codering", "Locked coding"),
                coding_form(
                    book,
                    &data.values,
                    &data.coders,
                    &data.unsettled,
                    version != FINAL,
                    data.unknown.as_ref(),
                )
            )
        } else {
            coding_form(
                book,
                &data.values,
                &data.coders,
                &data.unsettled,
                version != FINAL,
                data.unknown.as_ref(),
            )
        },
    );
    out
}

/// Whether a case is finished, in the exports' words: (class, Dutch, English).
/// The line of a case page of a year exported as final (tenth walk, finding
/// 2): before a change, that a change will not be in that export; after one,
/// that it is not.
pub(super) fn exported_words(at: &str, changed: bool) -> (&'static str, String, String) {
    let when = super::nl_time(at);
    if changed {
        (
            "notice",
            format!(
                "Dit jaar is al definitief geëxporteerd op {when}; de wijzigingen van deze casus sindsdien staan niet in die export. Maak een nieuwe definitieve export als de casus weer klaar is."
            ),
            format!(
                "This year was already exported as final on {when}; the changes of this case since are not in that export. Make a new final export once the case is finished again."
            ),
        )
    } else {
        (
            "muted",
            format!(
                "Dit jaar is definitief geëxporteerd op {when}. Een wijziging hier staat niet in die export; daarvoor is een nieuwe definitieve export nodig."
            ),
            format!(
                "This year was exported as final on {when}. A change here is not in that export; that takes a new final export."
            ),
        )
    }
}

pub(super) fn finished_words(
    book: &Codebook,
    why: Option<&workspace::OpenReason>,
    marked: bool,
) -> (&'static str, String, String) {
    let (class, nl, en) = finished_words_unmarked(book, why);
    // Marked "klaar" and still not finished (no status, say): both said in
    // one sentence, not a "not finished" beside a "take the mark back".
    if marked && why.is_some_and(|w| !matches!(w, workspace::OpenReason::NotMarked)) {
        return (
            class,
            nl.replacen(
                "Nog niet klaar: ",
                "Als klaar gemarkeerd, maar nog niet klaar: ",
                1,
            ),
            en.replacen(
                "Not finished yet: ",
                "Marked as done, but not finished yet: ",
                1,
            ),
        );
    }
    (class, nl, en)
}

/// [`finished_words`] without the mark.
fn finished_words_unmarked(
    book: &Codebook,
    why: Option<&workspace::OpenReason>,
) -> (&'static str, String, String) {
    match why {
        None => (
            "ok",
            "Klaar: deze casus gaat mee in de export.".to_string(),
            "Finished: this case goes into the export.".to_string(),
        ),
        Some(workspace::OpenReason::NoStatus) => (
            "todo",
            "Nog niet klaar: kies een status (geïncludeerd of geëxcludeerd).".to_string(),
            "Not finished yet: choose a status (included or excluded).".to_string(),
        ),
        Some(workspace::OpenReason::Unsettled(columns)) => (
            "todo",
            format!(
                "Nog niet klaar: verschillen tussen de codeurs nog te beslechten ({}).",
                columns
                    .iter()
                    .map(|c| workspace::column_label(book, c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!(
                "Not finished yet: differences between the coders still to adjudicate ({}).",
                columns
                    .iter()
                    .map(|c| super::label_en(book, c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Some(workspace::OpenReason::Incomplete(problems)) => (
            "todo",
            format!("Nog niet klaar: {}", problems.join("; ")),
            "Not finished yet: the coding is incomplete.".to_string(),
        ),
        Some(workspace::OpenReason::Discussion) => (
            "todo",
            format!("Nog niet klaar: {}.", workspace::DISCUSSION_NL),
            "Not finished yet: it waits for the discussion.".to_string(),
        ),
        Some(workspace::OpenReason::DoubleCoding) => (
            "todo",
            format!("Nog niet klaar: {}.", workspace::DOUBLE_NL),
            "Not finished yet: it is in the double-coding sample and not both coders are done."
                .to_string(),
        ),
        Some(workspace::OpenReason::NotMarked) => (
            "todo",
            format!("Nog niet klaar: {}.", workspace::NOT_MARKED_NL),
            "Not finished yet: the coding is not marked as done (button “Done coding” on the case)."
                .to_string(),
        ),
    }
}

/// How many adopted values an undo puts back at once: 0 unless the change
/// is a grouped take-over of agreed values (the undo asks first then).
fn grouped_count(next: &workspace::NextUndo) -> usize {
    let adopted = matches!(next.via.as_deref(), Some("agreed" | "adjudication"));
    let set = next.changes.iter().filter(|c| c.new.is_some()).count();
    if adopted && set > 1 { set } else { 0 }
}

/// The question an undo that changes the case's status asks first (Dutch,
/// English): the status decides whether the case counts at all, and the
/// change under the button may be an old one (eighth walk, finding 1).
pub(super) fn status_ask(book: &Codebook, next: &workspace::NextUndo) -> Option<(String, String)> {
    let status = &book.analysis.status;
    let change = next.changes.iter().find(|c| &c.column == status)?;
    let label = workspace::column_label(book, status);
    // What the status says now and who set it, in one pair of brackets:
    // "Status leegmaken? (nu Geïncludeerd, gezet door ria)" (ninth walk,
    // finding 4: "(leeg) (gezet door ria)" read as if ria set the empty value).
    let now = change.new.as_deref().map_or("nu leeg".to_string(), |v| {
        format!("nu {}", code_label(book, status, v))
    });
    let now_en = change.new.as_deref().map_or("now empty".to_string(), |v| {
        format!("now {}", value_en(book, status, v))
    });
    let by = next
        .by
        .as_deref()
        .map(|b| format!(", gezet door {b}"))
        .unwrap_or_default();
    let by_en = next
        .by
        .as_deref()
        .map(|b| format!(", set by {b}"))
        .unwrap_or_default();
    let name_en = label_en(book, status);
    Some(match change.old.as_deref() {
        None => (
            format!("{label} leegmaken? ({now}{by}) Zonder status telt de casus nergens mee."),
            format!("Empty {name_en}? ({now_en}{by_en}) Without a status the case counts nowhere."),
        ),
        Some(v) => (
            format!(
                "{label} terugzetten naar {}? ({now}{by}) De status bepaalt of de casus meetelt.",
                code_label(book, status, v)
            ),
            format!(
                "Put {name_en} back to {}? ({now_en}{by_en}) The status decides whether the case counts.",
                value_en(book, status, v)
            ),
        ),
    })
}

/// The dialog a grouped undo asks in first ("8 overgenomen waarden
/// terugzetten?"); the script fills in the question. Escape or "Niet
/// terugzetten" cancels and the focus returns to the undo button.
fn undo_dialog() -> String {
    format!(
        "<dialog id=\"undo-dialog\" aria-labelledby=\"undo-dialog-q\" aria-describedby=\"undo-dialog-p\">\
         <p id=\"undo-dialog-q\" class=\"question\"></p><p id=\"undo-dialog-p\">{why}</p>\
         <p><button type=\"button\" id=\"undo-cancel\">{cancel}</button> <button type=\"button\" id=\"undo-confirm\" class=\"quiet\">{confirm}</button></p></dialog>",
        why = t(
            "span",
            "",
            "Die velden worden weer leeg in de definitieve codering; wat de codeurs invulden blijft staan.",
            "Those fields become empty again in the final coding; what the coders filled in stays."
        ),
        cancel = t("span", "", "Niet terugzetten", "Do not put back"),
        confirm = t("span", "", "Ja, terugzetten", "Yes, put back"),
    )
}

/// What the undo button says it takes back (Dutch, English): "Maak ongedaan:
/// Taal → Nederlands", a colleague's change named as theirs, and a grouped
/// take-over of agreed values as "8 overgenomen waarden terugzetten".
fn undo_label(book: &Codebook, me: &str, next: &workspace::NextUndo) -> (String, String) {
    let other = next.by.as_deref().filter(|by| *by != me);
    let adopted = matches!(next.via.as_deref(), Some("agreed" | "adjudication"));
    let set: Vec<&workspace::Change> = next.changes.iter().filter(|c| c.new.is_some()).collect();
    let (nl, en) = if adopted && set.len() > 1 {
        let labels: Vec<String> = set
            .iter()
            .rev()
            .map(|c| workspace::column_label(book, &c.column))
            .collect();
        let labels_en: Vec<String> = set
            .iter()
            .rev()
            .map(|c| label_en(book, &c.column))
            .collect();
        (
            format!(
                "{} overgenomen waarden terugzetten ({})",
                set.len(),
                labels.join(", ")
            ),
            format!(
                "Put back {} adopted values ({})",
                set.len(),
                labels_en.join(", ")
            ),
        )
    } else {
        let what: Vec<String> = next
            .changes
            .iter()
            .rev()
            .map(|c| {
                format!(
                    "{} → {}",
                    workspace::column_label(book, &c.column),
                    c.new
                        .as_deref()
                        .map_or("(leeg)".to_string(), |v| code_label(book, &c.column, v))
                )
            })
            .collect();
        let what_en: Vec<String> = next
            .changes
            .iter()
            .rev()
            .map(|c| {
                format!(
                    "{} → {}",
                    label_en(book, &c.column),
                    c.new
                        .as_deref()
                        .map_or("(empty)".to_string(), |v| value_en(book, &c.column, v))
                )
            })
            .collect();
        // An accepted suggestion says so, as the button the script writes does.
        let (tag, tag_en) = if next.via.as_deref() == Some("suggestion") {
            (" (suggestie)", " (suggestion)")
        } else {
            ("", "")
        };
        (
            format!("Maak ongedaan: {}{tag}", what.join(", ")),
            format!("Undo: {}{tag_en}", what_en.join(", ")),
        )
    };
    match other {
        Some(who) => (
            format!("{nl} (een wijziging van {who})"),
            format!("{en} (a change by {who})"),
        ),
        None => (nl, en),
    }
}

/// A column's English label from the codebook (the Dutch one where it has none).
fn label_en(book: &Codebook, column: &str) -> String {
    match book.column(column) {
        Some(zicht_codebook::Column::Variable(v)) => v.label.en.clone(),
        Some(zicht_codebook::Column::Item(set, item)) => format!("{}: {}", set.label.en, item.en),
        None => workspace::column_label(book, column),
    }
}

/// A value's English label from the codebook ("yes"/"no" for yes-no columns).
fn value_en(book: &Codebook, column: &str, raw: &str) -> String {
    match book.column(column) {
        Some(zicht_codebook::Column::Variable(v)) if v.kind == Kind::Code => v
            .code(raw)
            .map_or_else(|| raw.to_string(), |c| c.en.clone()),
        Some(c) if c.kind() == Kind::YesNo => match raw {
            "1" => "yes".to_string(),
            "0" => "no".to_string(),
            _ => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

/// Linking by hand from the case: "Koppel aan…" (search for the other case),
/// and for a case of linked conversations, each link with "Ontkoppelen…"
/// behind a confirmation that says which conversations become a case of their own.
fn link_section(case: &CaseInfo, links: &[workspace::LinkDecision]) -> String {
    let mut items = String::new();
    for d in links {
        // The conversations that leave this case when this link is undone.
        let rest = zicht_research::linking::components(
            case.conversations.iter().map(String::as_str),
            links
                .iter()
                .filter(|x| !(x.conv_a == d.conv_a && x.conv_b == d.conv_b))
                .map(|x| (x.conv_a.as_str(), x.conv_b.as_str())),
        );
        let leaving: Vec<String> = rest
            .into_iter()
            .filter(|g| !g.contains(&case.case_id))
            .flatten()
            .collect();
        let _ = write!(
            items,
            "<li class=\"link\">{text} <span class=\"muted\">({by}, {at})</span> \
             <button type=\"button\" class=\"quiet unlink\" aria-expanded=\"false\">{unlink}</button>\
             <div class=\"confirm\" hidden><p>{warn}</p><button type=\"button\" class=\"confirm-unlink\" data-a=\"{a}\" data-b=\"{b}\">{yes}</button> \
             <button type=\"button\" class=\"quiet cancel-unlink\">{no}</button></div></li>",
            text = t(
                "span",
                "",
                &format!(
                    "Gesprek {} en gesprek {} zijn gekoppeld",
                    d.conv_a, d.conv_b
                ),
                &format!("Conversations {} and {} are linked", d.conv_a, d.conv_b)
            ),
            by = esc(&d.decided_by),
            at = esc(&nl_time(&d.decided_at)),
            unlink = t("span", "", "Ontkoppelen…", "Unlink…"),
            warn = t(
                "span",
                "",
                &format!(
                    "Ontkoppelen? Dan {} weer een eigen casus ({}), zonder codering; de codering blijft bij casus {}. Je kunt later opnieuw koppelen.",
                    if leaving.len() == 1 {
                        format!("wordt gesprek {}", leaving.join(""))
                    } else {
                        format!("vormen de gesprekken {}", leaving.join(" en "))
                    },
                    leaving.first().map_or("", String::as_str),
                    case.case_id
                ),
                &format!(
                    "Unlink? Then {} {} a case of {} own again, without coding; the coding stays with case {}. You can link again later.",
                    if leaving.len() == 1 {
                        "conversation"
                    } else {
                        "conversations"
                    },
                    leaving.join(", "),
                    if leaving.len() == 1 { "its" } else { "their" },
                    case.case_id
                ),
            ),
            a = esc(&d.conv_a),
            b = esc(&d.conv_b),
            yes = t("span", "", "Ja, ontkoppel", "Yes, unlink"),
            no = t("span", "", "Annuleren", "Cancel"),
        );
    }
    let list = if items.is_empty() {
        String::new()
    } else {
        format!("<ul class=\"links\" id=\"case-links\">{items}</ul>")
    };
    format!(
        "<details class=\"panel\" id=\"link-panel\"{open}><summary>{h}</summary>{list}\
         <form id=\"link-search\" class=\"inline\" method=\"get\" action=\"/research/year/{year}/link\" role=\"search\">\
         <input type=\"hidden\" name=\"a\" value=\"{id}\">\
         <div class=\"field\"><label for=\"link-q\">{label}</label> <input id=\"link-q\" name=\"q\" type=\"search\"></div>\
         <button type=\"submit\">{go}</button></form></details>",
        open = if items.is_empty() { "" } else { " open" },
        h = t(
            "span",
            "",
            "Koppel aan… (dezelfde bezoeker in een andere casus)",
            "Link to… (the same visitor in another case)"
        ),
        year = case.year,
        id = esc(&case.case_id),
        label = t(
            "span",
            "",
            "Zoek de andere casus (casusnummer, bijnaam of woord uit het gesprek)",
            "Find the other case (case number, nickname or a word of the conversation)"
        ),
        go = t("span", "", "Zoek", "Search"),
    )
}

/// Deliberation on the case page: earlier discussions, and the form to ask a
/// question or, while one is open, to record the decision.
/// The discussion of the case; `coding_blind`: the reader codes it blind and
/// records no decision about it.
fn discussion_section(list: &[workspace::Discussion], blind: bool, coding_blind: bool) -> String {
    let mut items = String::new();
    for d in list {
        let _ = write!(
            items,
            "<li><span class=\"said\">{q}</span> <span class=\"muted\">({by}, {at})</span>{dec}</li>",
            q = esc(&d.question),
            by = esc(&d.asked_by),
            at = esc(&nl_time(&d.asked_at)),
            dec = match &d.decision {
                Some(x) => format!(
                    "<br><strong>{}</strong> <span class=\"said\">{}</span> <span class=\"muted\">({}, {})</span> <a href=\"#w-status\">{}</a>",
                    t("span", "", "Besluit:", "Decision:"),
                    esc(x),
                    esc(d.decided_by.as_deref().unwrap_or("")),
                    esc(&nl_time(d.decided_at.as_deref().unwrap_or(""))),
                    t(
                        "span",
                        "",
                        "Verwerk het besluit in de codering",
                        "Put the decision into the coding"
                    )
                ),
                None => t(
                    "span",
                    " class=\"todo\"",
                    " · wacht op overleg",
                    " · waits for discussion"
                ),
            }
        );
    }
    let open = list.iter().any(|d| d.decision.is_none());
    let (kind, label, button) = if open {
        (
            "decide",
            t(
                "span",
                "",
                "Besluit van het overleg",
                "Decision of the discussion",
            ),
            t("span", "", "Leg het besluit vast", "Record the decision"),
        )
    } else {
        (
            "discuss",
            t(
                "span",
                "",
                "Vraag voor het overleg",
                "Question for the discussion",
            ),
            t(
                "span",
                "",
                "Bespreken in het overleg",
                "Bring to the discussion",
            ),
        )
    };
    let reopen = if !open && !list.is_empty() {
        format!(
            "<p><button type=\"button\" id=\"reopen\" class=\"quiet\">{}</button></p>",
            t(
                "span",
                "",
                "Besluit heropenen (weer naar het overleg)",
                "Reopen the decision (back to the discussion)"
            )
        )
    } else {
        String::new()
    };
    // A blind coder cannot set the status: "hoort hier niet" brings the case
    // to the discussion instead, and it stays open until that decides.
    let flagged = list.iter().any(|d| d.off_topic && d.decision.is_none());
    let off_topic = if blind && !flagged {
        format!(
            "<form class=\"panel off-topic\" id=\"off-topic-form\" novalidate><p class=\"muted\">{why}</p>\
             <div class=\"field\"><label for=\"off-topic-note\">{note}</label> <textarea id=\"off-topic-note\" rows=\"1\" data-field=\"question\"></textarea></div>\
             <p><button type=\"submit\" id=\"off-topic\">{button}</button></p></form>",
            why = t(
                "span",
                "",
                "Lijkt deze casus geen mensenhandel, of gaat het gesprek over iets anders? Meld het: de casus gaat naar het overleg (iedereen ziet de melding) en blijft open tot daar is besloten.",
                "Does this case not look like trafficking, or is the conversation about something else? Flag it: the case goes to the discussion (everyone sees the flag) and stays open until it is decided there."
            ),
            note = t(
                "span",
                "",
                "Toelichting (mag leeg)",
                "Explanation (optional)"
            ),
            button = t(
                "span",
                "",
                "Hoort hier niet (lijkt geen mensenhandel / off-topic)",
                "Does not belong here (not trafficking / off-topic)"
            ),
        )
    } else if blind && flagged {
        t(
            "p",
            " class=\"todo\" id=\"off-topic-waits\"",
            "Gemeld als „hoort hier niet”: de casus wacht op overleg.",
            "Flagged as “does not belong here”: the case waits for the discussion.",
        )
    } else {
        String::new()
    };
    // Coding it blind: no decision here, and why.
    let form = if open && coding_blind {
        t(
            "p",
            " class=\"muted\" id=\"no-decision\"",
            "Je codeert deze casus blind: het besluit van het overleg legt iemand anders vast, of jij als jullie allebei klaar zijn.",
            "You code this case blind: someone else records the decision of the discussion, or you once you are both done.",
        )
    } else {
        format!(
            "<form id=\"discuss\" data-kind=\"{kind}\" novalidate><div class=\"field\"><label for=\"discuss-text\">{label}</label>\
             <textarea id=\"discuss-text\" name=\"text\" rows=\"2\" data-field=\"{field}\"></textarea></div>\
             <button type=\"submit\">{button}</button></form>",
            field = if open { "decision" } else { "question" },
        )
    };
    let reopen = if coding_blind { String::new() } else { reopen };
    format!(
        "{off_topic}<details class=\"panel\" id=\"discussion\"{open_attr}><summary>{h}</summary>{list}{reopen}{form}</details>",
        open_attr = if open { " open" } else { "" },
        h = t("span", "", "Overleg", "Discussion"),
        list = if items.is_empty() {
            String::new()
        } else {
            format!("<ul class=\"discussions\">{items}</ul>")
        },
    )
}

/// A suggested set in words ("Dwangmiddelen: LVB, geweld") in `lang`;
/// `None` when the suggestion is not about a set.
fn set_suggestion_label(book: &Codebook, s: &SuggestionView, lang: Lang) -> Option<String> {
    let set = book.set(&s.variable)?;
    let items: Vec<&str> = s
        .value
        .split(',')
        .filter_map(|code| {
            set.items
                .iter()
                .find(|i| i.code == code)
                .map(|i| i.label(lang))
        })
        .collect();
    Some(format!("{}: {}", set.label.get(lang), items.join(", ")))
}

/// [`suggestion_label`] in English.
fn suggestion_label_en(book: &Codebook, s: &SuggestionView) -> String {
    if let Some(label) = set_suggestion_label(book, s, Lang::En) {
        return label;
    }
    format!(
        "{}: {}",
        super::label_en(book, &s.variable),
        super::value_en(book, &s.variable, &s.value)
    )
}

fn suggestion_label(book: &Codebook, s: &SuggestionView) -> String {
    if let Some(label) = set_suggestion_label(book, s, Lang::Nl) {
        return label;
    }
    let label = workspace::column_label(book, &s.variable);
    format!("{label}: {}", code_label(book, &s.variable, &s.value))
}

/// The text with `<mark>`s at the spans (Unicode scalar offsets); overlapping
/// spans share one mark that names every suggestion (`data-s="s-0 s-3"`).
fn highlight(text: &str, spans: &mut [(usize, usize, usize)]) -> String {
    spans.sort();
    let chars: Vec<char> = text.chars().collect();
    let clamp = |x: usize| x.min(chars.len());
    // Merge overlapping spans into groups: (start, end, suggestion numbers).
    let mut groups: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for &(start, end, n) in spans.iter() {
        let (start, end) = (clamp(start), clamp(end));
        if end <= start {
            continue;
        }
        match groups.last_mut() {
            Some(g) if start < g.1 => {
                g.1 = g.1.max(end);
                g.2.push(n);
            }
            _ => groups.push((start, end, vec![n])),
        }
    }
    let mut out = String::new();
    let mut pos = 0;
    for (start, end, ns) in groups {
        out.push_str(&esc(&chars[pos..start].iter().collect::<String>()));
        let ids: Vec<String> = ns.iter().map(|n| format!("s-{n}")).collect();
        let _ = write!(
            out,
            "<mark data-s=\"{}\">{}</mark>",
            ids.join(" "),
            esc(&chars[start..end].iter().collect::<String>())
        );
        pos = end;
    }
    out.push_str(&esc(&chars[pos..].iter().collect::<String>()));
    out
}

/// For a conditional field: a note shown in its place while it does not apply.
fn not_applicable(
    book: &Codebook,
    name: &str,
    label: &str,
    c: Option<&zicht_codebook::Condition>,
    values: &BTreeMap<String, String>,
) -> String {
    let Some(c) = c else {
        return String::new();
    };
    let holds = c.holds(values.get(&c.variable).map(String::as_str));
    format!(
        "<p class=\"na\" id=\"na-{n}\" data-na-for=\"w-{n}\"{hidden} data-en=\"{en}\">{label}: {text}</p>",
        n = esc(name),
        hidden = if holds { " hidden" } else { "" },
        label = esc(label),
        text = esc(&format!(
            "niet van toepassing, want dit geldt alleen als {}.",
            workspace::condition_nl(book, c)
        )),
        en = esc(&format!(
            "{}: does not apply, as this only holds when {}.",
            super::label_en(book, name),
            super::condition_en(book, c)
        )),
    )
}

fn condition_attrs(
    c: Option<&zicht_codebook::Condition>,
    values: &BTreeMap<String, String>,
) -> String {
    let Some(c) = c else {
        return String::new();
    };
    let holds = c.holds(values.get(&c.variable).map(String::as_str));
    let (kind, list) = match (&c.in_codes, &c.not_in) {
        (Some(l), _) => ("in", l.join(" ")),
        (None, Some(l)) => ("notin", l.join(" ")),
        _ => ("in", String::new()),
    };
    format!(
        " data-cond-var=\"{}\" data-cond-{kind}=\"{}\"{}",
        esc(&c.variable),
        esc(&list),
        if holds { "" } else { " hidden" }
    )
}

fn coder_values(
    column: &str,
    coders: &[(String, bool, BTreeMap<String, String>)],
    book: &Codebook,
) -> String {
    if coders.len() != 2 {
        return String::new();
    }
    let a = coders[0].2.get(column);
    let b = coders[1].2.get(column);
    if a.is_none() && b.is_none() {
        return String::new();
    }
    let show = |v: Option<&String>| v.map_or("(leeg)".to_string(), |x| code_label(book, column, x));
    format!(
        "<span class=\"coders{}\">{}: {} · {}: {}</span>",
        if a == b { "" } else { " differ" },
        esc(&coders[0].0),
        esc(&show(a)),
        esc(&coders[1].0),
        esc(&show(b))
    )
}

/// The definition of a variable, set or item, one click away (`details`), with `more` after it.
/// The toggle's name says whose definition it is (`of`: the label, Dutch
/// and English), so a screen reader's list of buttons tells them apart.
fn definition(text: &zicht_codebook::Text, of: (&str, &str), more: &str) -> String {
    format!(
        "<details class=\"def\"><summary>?{}</summary>{}{more}</details>",
        t(
            "span",
            " class=\"visually-hidden\"",
            &format!("definitie van {}", of.0),
            &format!("definition of {}", of.1)
        ),
        t("p", "", &text.nl, &text.en)
    )
}

/// The input of one variable: a select for codes and yes/no, a number or a text field.
fn input(var: &zicht_codebook::Variable, current: &str) -> String {
    let n = esc(&var.name);
    let described = format!(" aria-describedby=\"e-{n}\"");
    match var.kind {
        Kind::Code | Kind::YesNo => {
            let yes_no = [("1", "ja", "yes"), ("0", "nee", "no")];
            let codes: Vec<(&str, &str, &str)> = if var.kind == Kind::Code {
                var.codes
                    .iter()
                    .map(|c| (c.code.as_str(), c.nl.as_str(), c.en.as_str()))
                    .collect()
            } else {
                yes_no.to_vec()
            };
            let selected = |code: &str| if code == current { " selected" } else { "" };
            let mut options = t(
                "option",
                &format!(" value=\"\"{}", selected("")),
                "– onbekend –",
                "– unknown –",
            );
            for (code, nl, en) in codes {
                options.push_str(&t(
                    "option",
                    &format!(" value=\"{}\"{}", esc(code), selected(code)),
                    nl,
                    en,
                ));
            }
            format!("<select id=\"f-{n}\" data-col=\"{n}\"{described}>{options}</select>")
        }
        Kind::Integer => format!(
            "<input id=\"f-{n}\" data-col=\"{n}\" type=\"number\" inputmode=\"numeric\"{min}{max} value=\"{v}\"{described}>",
            min = var.min.map_or(String::new(), |m| format!(" min=\"{m}\"")),
            max = var.max.map_or(String::new(), |m| format!(" max=\"{m}\"")),
            v = esc(current),
        ),
        Kind::Date | Kind::Text => format!(
            "<input id=\"f-{n}\" data-col=\"{n}\" type=\"text\" value=\"{v}\"{described}>",
            v = esc(current)
        ),
    }
}

/// The coding form generated from the codebook: per group its variables, then its sets as check boxes.
fn coding_form(
    book: &Codebook,
    values: &BTreeMap<String, String>,
    coders: &[(String, bool, BTreeMap<String, String>)],
    unsettled: &[String],
    coder_version: bool,
    unknown: Option<&std::collections::BTreeSet<String>>,
) -> String {
    // The final coding: a follow-up question (the family relation when the
    // perpetrator is family) is answered or left unknown on purpose.
    let follow_ups: Vec<String> = if coder_version {
        Vec::new()
    } else {
        workspace::follow_ups(book)
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| !values.contains_key(c) && !unknown.is_some_and(|u| u.contains(c)))
            .collect()
    };
    let leave_empty = |column: &str| -> String {
        if follow_ups.iter().any(|c| c == column) && !unsettled.iter().any(|c| c == column) {
            format!(
                " <button type=\"button\" class=\"quiet leave-empty follow-up\" data-leave=\"{}\">{}</button>",
                esc(column),
                t(
                    "span",
                    "",
                    "Onbekend (niet genoemd)",
                    "Unknown (not mentioned)"
                )
            )
        } else if unsettled.iter().any(|c| c == column) {
            // A value from before the double coding: kept only on purpose.
            let keep = values.get(column).map_or(String::new(), |v| {
                format!(
                    " <button type=\"button\" class=\"quiet keep-final\" data-confirm=\"{}\">{}</button>",
                    esc(column),
                    t(
                        "span",
                        "",
                        &format!("Zo laten: {}", code_label(book, column, v)),
                        &format!("Keep: {}", value_en(book, column, v))
                    )
                )
            });
            format!(
                "<span class=\"todo\">{}</span> <button type=\"button\" class=\"quiet leave-empty\" data-leave=\"{}\">{}</button>{keep}",
                t("span", "", "nog te beslechten", "still to adjudicate"),
                esc(column),
                t("span", "", "Laat leeg (onbekend)", "Leave empty (unknown)")
            )
        } else {
            String::new()
        }
    };
    let derived = workspace::derived_columns(book);
    let mut out = String::new();
    if coder_version {
        out.push_str(&t(
            "p",
            " class=\"muted\" id=\"status-decided\"",
            "De status (insluiten of uitsluiten) staat hier niet: die wordt vóór het dubbel coderen besloten, in de definitieve codering, en telt niet mee in de overeenstemming. Hier codeer je de rest.",
            "The status (include or exclude) is not here: it is decided before double coding, in the final coding, and does not count in the agreement. Here you code the rest.",
        ));
    }
    for group in &book.groups {
        let mut fields = String::new();
        // The group of the status: what an excluded case still shows.
        let mut has_keep = false;
        for var in book.variables.iter().filter(|v| v.group == group.name) {
            if derived.contains(&var.name) {
                continue;
            }
            // A coder's (blind) version leaves the status out: it is decided
            // before double coding, in the final coding, and is not compared.
            if coder_version
                && (var.name == book.analysis.status || var.name == book.analysis.exclusion_reason)
            {
                continue;
            }
            let current = values.get(&var.name).map(String::as_str).unwrap_or("");
            let label_nl = workspace::column_label(book, &var.name);
            fields.push_str(&not_applicable(
                book,
                &var.name,
                &label_nl,
                var.condition.as_ref(),
                values,
            ));
            let keep =
                var.name == book.analysis.status || var.name == book.analysis.exclusion_reason;
            has_keep |= keep;
            let _ = write!(
                fields,
                "<div class=\"field\" id=\"w-{n}\"{keep}{follow}{cond}>{label} {input}{coders}{leave}{def}<p class=\"field-error\" id=\"e-{n}\" hidden></p></div>",
                keep = if keep { " data-keep" } else { "" },
                // A follow-up question (asked because of an answer): "klaar"
                // with it open asks first (the script).
                follow = if var.kind == zicht_codebook::Kind::Code
                    && var.name != book.analysis.exclusion_reason
                    && var.condition.as_ref().is_some_and(|c| c.in_codes.is_some())
                {
                    " data-follow-up"
                } else {
                    ""
                },
                n = esc(&var.name),
                cond = condition_attrs(var.condition.as_ref(), values),
                label = t(
                    "label",
                    &format!(" for=\"f-{}\"", esc(&var.name)),
                    &label_nl,
                    &var.label.en
                ),
                input = input(var, current),
                coders = coder_values(&var.name, coders, book),
                leave = leave_empty(&var.name),
                def = definition(
                    &var.definition,
                    (&label_nl, &var.label.en),
                    &code_definitions(&var.codes)
                ),
            );
        }
        for set in book.sets.iter().filter(|s| s.group == group.name) {
            let mut boxes = String::new();
            for item in &set.items {
                let col = set.column(item);
                let checked = values.get(&col).is_some_and(|v| v == "1");
                let _ = write!(
                    boxes,
                    "<div class=\"item-box\" id=\"w-{c}\"><label><input type=\"checkbox\" id=\"f-{c}\" data-col=\"{c}\"{chk}> {label}</label>{coders}{leave}{def}</div>",
                    c = esc(&col),
                    chk = if checked { " checked" } else { "" },
                    label = t("span", "", &item.nl, &item.en),
                    coders = coder_values(&col, coders, book),
                    leave = leave_empty(&col),
                    def = definition(&item.definition, (&item.nl, &item.en), ""),
                );
            }
            fields.push_str(&not_applicable(
                book,
                &set.name,
                &set.label.nl,
                set.condition.as_ref(),
                values,
            ));
            // A set named like its group: the group's heading says it already.
            let legend = if set.label.nl == group.label.nl {
                t(
                    "legend",
                    " class=\"visually-hidden\"",
                    &set.label.nl,
                    &set.label.en,
                )
            } else {
                t("legend", "", &set.label.nl, &set.label.en)
            };
            let _ = write!(
                fields,
                "<fieldset class=\"set\" id=\"w-{n}\"{cond}>{legend}{def}{boxes}</fieldset>",
                n = esc(&set.name),
                cond = condition_attrs(set.condition.as_ref(), values),
                def = definition(&set.definition, (&set.label.nl, &set.label.en), ""),
            );
        }
        if !fields.is_empty() {
            let _ = write!(
                out,
                "<fieldset class=\"group{}\">{}{fields}</fieldset>",
                if has_keep { " keep" } else { "" },
                t("legend", "", &group.label.nl, &group.label.en)
            );
        }
    }
    out
}

fn code_definitions(codes: &[zicht_codebook::Code]) -> String {
    if codes.is_empty() {
        return String::new();
    }
    let items: String = codes
        .iter()
        .map(|c| t("dt", "", &c.nl, &c.en) + &t("dd", "", &c.definition.nl, &c.definition.en))
        .collect();
    format!("<dl class=\"codes\">{items}</dl>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_spans_in_scalar_offsets_and_escapes() {
        let mut spans = vec![(5, 9, 0), (7, 8, 1), (0, 2, 2)];
        let html = highlight("ik é <15> jaar", &mut spans);
        assert_eq!(
            html,
            "<mark data-s=\"s-2\">ik</mark> é <mark data-s=\"s-0 s-1\">&lt;15&gt;</mark> jaar"
        );
    }
}
