//! The GET pages of `/research`: the years and their funnels, import, duplicate linking, agreement, audit, export.

use std::collections::HashMap;
use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use zicht_codebook::{Codebook, Column, Kind, Lang};
use zicht_conversations::{Conversation, From as Sender};
use zicht_research::agreement::render_html;
use zicht_research::workspace::{self, FINAL};

use super::{PageError, ResearchState, Researcher, page, who};
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
    let years = st
        .with(|ws, book| {
            let mut out = Vec::new();
            for y in ws.years()? {
                out.push((y, ws.funnel(book, y)?));
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
            "Nog geen gesprekken. Importeer ze hieronder of met `zicht import --conversations FILE`.",
            "No conversations yet. Import them below or with `zicht import --conversations FILE`.",
        ));
    }
    let _ = write!(
        body,
        "<nav class=\"actions\"><a class=\"button\" id=\"to-import\" href=\"/research/import\">{}</a></nav>",
        t("span", "", "Gesprekken importeren", "Import conversations")
    );
    for (y, f) in years {
        let _ = write!(
            body,
            "<section class=\"year\"><h2><a href=\"/research/year/{y}\">{y}</a></h2>{}</section>",
            funnel_html(&f)
        );
    }
    Ok(page("Onderzoek", &r, "home", &body).into_response())
}

pub(super) async fn year_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let options = st.0.link;
    let (funnel, cases, values, assignments, candidates) = st
        .with(move |ws, book| {
            let cases = ws.cases(year)?;
            let mut values = HashMap::new();
            for c in &cases {
                values.insert(c.case_id.clone(), ws.values(&c.case_id, FINAL)?);
            }
            let open_candidates = ws
                .candidates(year, &options)?
                .iter()
                .filter(|(_, d)| d.is_none())
                .count();
            Ok((
                ws.funnel(book, year)?,
                cases,
                values,
                ws.assignments(year)?,
                open_candidates,
            ))
        })
        .await?;
    let book = &st.0.book;
    let mut coders: HashMap<&str, Vec<String>> = HashMap::new();
    for a in &assignments {
        coders.entry(a.case_id.as_str()).or_default().push(format!(
            "{}{}",
            a.coder,
            if a.done_at.is_some() { " ✓" } else { "" }
        ));
    }
    // The signed-in coder's own (blind) work.
    let mut mine = String::new();
    for a in assignments.iter().filter(|a| a.coder == r.name) {
        let _ = write!(
            mine,
            "<li><a class=\"mine\" href=\"/research/case/{id}?v={me}\">{id}</a> {state}</li>",
            id = esc(&a.case_id),
            me = esc(&r.name),
            state = if a.done_at.is_some() {
                t("span", " class=\"done\"", "klaar", "done")
            } else {
                t("span", " class=\"todo\"", "te coderen", "to code")
            },
        );
    }
    let mine = if mine.is_empty() {
        String::new()
    } else {
        format!(
            "<section><h2>{}</h2><ul class=\"mine\">{mine}</ul></section>\n",
            t(
                "span",
                "",
                "Mijn dubbele codering (blind)",
                "My double coding (blind)"
            )
        )
    };
    let mut rows = String::new();
    for c in &cases {
        let v = values.get(&c.case_id);
        let status = v
            .and_then(|v| v.get(&book.analysis.status))
            .map(|s| code_label(book, &book.analysis.status, s))
            .unwrap_or_else(|| "–".to_string());
        let _ = write!(
            rows,
            "<tr><td><a href=\"/research/case/{id}\">{id}</a></td><td>{date}</td><td>{n}</td><td>{status}</td><td>{coders}</td></tr>",
            id = esc(&c.case_id),
            date = esc(c.first_started.get(..10).unwrap_or_default()),
            n = c.conversations.len(),
            status = esc(&status),
            coders = esc(&coders
                .get(c.case_id.as_str())
                .map(|v| v.join(", "))
                .unwrap_or_default()),
        );
    }
    let body = format!(
        "<h1>{year}</h1>{funnel}\n<nav class=\"actions\">\
         <a class=\"button\" href=\"/research/year/{year}/links\">{links} ({candidates})</a>\
         <a class=\"button\" href=\"/research/year/{year}/agreement\">{agreement}</a>\
         <a class=\"button\" id=\"export\" href=\"/research/year/{year}/cases.csv\" download=\"cases-{year}.csv\">{export}</a>\
         <a class=\"button\" id=\"export-sav\" href=\"/research/year/{year}/cases.sav\" download=\"cases-{year}.sav\">{export_sav}</a>\
         <a class=\"button\" href=\"/research/year/{year}/audit\">{log}</a></nav>\n{mine}\
         <section><h2>{assign_h}</h2><form id=\"assign\" class=\"inline\" data-year=\"{year}\">\
         <label>{share} <input name=\"share\" type=\"number\" min=\"1\" max=\"100\" value=\"20\"></label>\
         <label>{coder_a} <input name=\"coder_a\" required></label>\
         <label>{coder_b} <input name=\"coder_b\" required></label>\
         <button type=\"submit\">{assign}</button></form></section>\n\
         <section><h2>{cases_h}</h2><table class=\"cases\"><thead><tr><th>{case}</th><th>{first}</th><th>{convs}</th><th>Status</th><th>{coders_h}</th></tr></thead>\
         <tbody>{rows}</tbody></table></section>",
        funnel = funnel_html(&funnel),
        links = t("span", "", "Dubbelingen koppelen", "Link duplicates"),
        agreement = t("span", "", "Overeenstemming", "Agreement"),
        export = t("span", "", "Exporteer cases.csv", "Export cases.csv"),
        export_sav = t(
            "span",
            "",
            "Exporteer voor SPSS (.sav)",
            "Export for SPSS (.sav)"
        ),
        log = t("span", "", "Logboek", "Log"),
        assign_h = t("span", "", "Dubbel coderen", "Double coding"),
        share = t("span", "", "Aandeel (%)", "Share (%)"),
        coder_a = t("span", "", "Codeur A", "Coder A"),
        coder_b = t("span", "", "Codeur B", "Coder B"),
        assign = t("span", "", "Wijs willekeurig toe", "Assign at random"),
        cases_h = t("span", "", "Casussen", "Cases"),
        case = t("span", "", "Casus", "Case"),
        first = t("span", "", "Eerste contact", "First contact"),
        convs = t("span", "", "Gesprekken", "Conversations"),
        coders_h = t("span", "", "Codeurs", "Coders"),
    );
    Ok(page(&format!("Onderzoek {year}"), &r, "year", &body).into_response())
}

pub(super) fn code_label(book: &Codebook, column: &str, raw: &str) -> String {
    match book.column(column) {
        Some(Column::Variable(v)) if v.kind == Kind::Code => v
            .code(raw)
            .map(|c| c.nl.clone())
            .unwrap_or_else(|| raw.to_string()),
        Some(c) if c.kind() == Kind::YesNo => match raw {
            "1" => "ja".to_string(),
            "0" => "nee".to_string(),
            _ => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

fn visitor_lines(c: &Conversation, max: usize) -> String {
    let mut out = String::new();
    for m in c
        .messages
        .iter()
        .filter(|m| m.from == Sender::Visitor)
        .take(max)
    {
        let text: String = m.text.chars().take(160).collect();
        let _ = write!(out, "<li>{}</li>", esc(&text));
    }
    format!("<ul class=\"lines\">{out}</ul>")
}

pub(super) async fn links_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let options = st.0.link;
    let suggest = st.0.suggest.clone();
    let (candidates, convs) = st
        .with(move |ws, _| {
            // What assisted coding finds is shown beside the pair (it weighs nothing).
            let c = ws.candidates_with(year, &options, |conv, profile| {
                if let Some(f) = &suggest {
                    for v in f(conv) {
                        if zicht_research::assisted::STORY_VARIABLES.contains(&v.variable.as_str())
                        {
                            profile.facts.add_coded(&v.variable, &v.value);
                        }
                    }
                }
            })?;
            let convs: HashMap<String, Conversation> = ws
                .selected(year)?
                .into_iter()
                .map(|c| (c.conversation_id.clone(), c))
                .collect();
            Ok((c, convs))
        })
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
    let mut body = format!(
        "<h1>{}</h1><p class=\"keys\">{}</p>",
        t(
            "span",
            "",
            &format!("Dubbelingen koppelen {year}"),
            &format!("Link duplicates {year}")
        ),
        t(
            "span",
            "",
            "Toetsen: j/k volgende/vorige, a koppelen, r niet koppelen.",
            "Keys: j/k next/previous, a link, r do not link."
        )
    );
    if candidates.is_empty() {
        body.push_str(&t("p", "", "Geen kandidaat-paren.", "No candidate pairs."));
    }
    for (c, decision) in &candidates {
        let side = |id: &str| -> String {
            let Some(conv) = convs.get(id) else {
                return String::new();
            };
            format!(
                "<div class=\"side\"><h3>{id}</h3><dl><dt>{user}</dt><dd>{u}</dd><dt>{start}</dt><dd>{s}</dd>\
                 <dt>{intake}</dt><dd>{age} · {gender}</dd></dl>{lines}</div>",
                id = esc(id),
                user = t("span", "", "Gebruikersnaam", "Username"),
                u = esc(&conv.username),
                start = t("span", "", "Begin", "Started"),
                s = esc(&conv.started_at.replace('T', " ").replace('Z', "")),
                intake = t("span", "", "Intake", "Intake"),
                age = conv.intake.age.map_or("–".to_string(), |a| a.to_string()),
                gender = esc(conv.intake.gender.as_deref().unwrap_or("–")),
                lines = visitor_lines(conv, 4),
            )
        };
        let mut reasons = String::new();
        for reason in &c.reasons {
            let _ = write!(
                reasons,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"w {}\">{:+.1}</td></tr>",
                esc(reason.signal.label_nl()),
                esc(&reason.detail),
                if reason.weight < 0.0 { "neg" } else { "pos" },
                reason.weight
            );
        }
        let state = match decision {
            Some(d) if d.linked => format!("gekoppeld door {} ({})", d.decided_by, d.decided_at),
            Some(d) => format!("niet gekoppeld door {} ({})", d.decided_by, d.decided_at),
            None => "nog niet beoordeeld".to_string(),
        };
        let _ = write!(
            body,
            "<article class=\"pair item\" tabindex=\"-1\" data-a=\"{a}\" data-b=\"{b}\" data-decided=\"{decided}\">\
             <header><span class=\"score\">score {score:.1}</span> <span class=\"state\">{state}</span></header>\
             <div class=\"sides\">{sa}{sb}</div><table class=\"reasons\"><tbody>{reasons}</tbody></table>\
             <div class=\"buttons\"><button type=\"button\" class=\"accept\">{link} (a)</button>\
             <button type=\"button\" class=\"reject\">{nolink} (r)</button></div></article>",
            a = esc(&c.a),
            b = esc(&c.b),
            decided =
                decision
                    .as_ref()
                    .map_or("", |d| if d.linked { "linked" } else { "rejected" }),
            score = c.score,
            state = esc(&state),
            sa = side(&c.a),
            sb = side(&c.b),
            link = t("span", "", "Koppelen", "Link"),
            nolink = t("span", "", "Niet koppelen", "Do not link"),
        );
    }
    Ok(page(&format!("Koppelen {year}"), &r, "links", &body).into_response())
}

pub(super) async fn agreement_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let result = st.with(move |ws, book| ws.agreement(book, year)).await?;
    let book = &st.0.book;
    let mut body = format!(
        "<h1>{}</h1>",
        t(
            "span",
            "",
            &format!("Overeenstemming {year}"),
            &format!("Agreement {year}")
        )
    );
    if result.cases == 0 {
        body.push_str(&t(
            "p",
            "",
            "Nog geen dubbel gecodeerde casussen.",
            "No double-coded cases yet.",
        ));
    } else {
        body.push_str(&render_html(&result, book, Lang::Nl));
    }
    let _ = write!(
        body,
        "<h2>{}</h2><ul class=\"disagreements\">",
        t(
            "span",
            "",
            "Verschillen om te bespreken",
            "Differences to discuss"
        )
    );
    for d in &result.disagreements {
        let show = |raw: &str| {
            if raw.is_empty() {
                "(leeg)".to_string()
            } else {
                code_label(book, &d.column, raw)
            }
        };
        let _ = write!(
            body,
            "<li><a href=\"/research/case/{id}#f-{col}\">{id}</a> {label}: A = {a}, B = {b}</li>",
            id = esc(&d.case_id),
            col = esc(&d.column),
            label = esc(&zicht_research::agreement::column_label(
                book,
                &d.column,
                Lang::Nl
            )),
            a = esc(&show(&d.a)),
            b = esc(&show(&d.b)),
        );
    }
    body.push_str("</ul>");
    Ok(page(&format!("Overeenstemming {year}"), &r, "agreement", &body).into_response())
}

/// The year's final cases as `cases.csv` (formats.md section 1).
pub(super) async fn export_csv(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    export(st, year, r, false).await
}

/// The same cases as an SPSS system file with Dutch labels (zicht-spss, as
/// `zicht export --sav`).
pub(super) async fn export_sav(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    export(st, year, r, true).await
}

async fn export(
    st: ResearchState,
    year: i32,
    r: Option<Extension<Researcher>>,
    sav: bool,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let csv = st
        .with(move |ws, book| {
            let mut buf = Vec::new();
            ws.export_csv(book, year, &mut buf)?;
            Ok(buf)
        })
        .await;
    let file = if sav {
        csv.and_then(|buf| {
            to_sav(&buf, &st.0.book, year).map(|b| ("application/x-spss-sav", "sav", b))
        })
    } else {
        csv.map(|b| ("text/csv; charset=utf-8", "csv", b))
    };
    match file {
        Ok((content_type, ext, buf)) => Ok((
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"cases-{year}.{ext}\""),
                ),
            ],
            buf,
        )
            .into_response()),
        Err(e) if e.code == "not_ready" => {
            let body = format!(
                "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/research/year/{year}\">{}</a></p>",
                t(
                    "span",
                    "",
                    "Export nog niet mogelijk",
                    "Export not possible yet"
                ),
                esc(&e.message),
                t("span", "", "Terug", "Back"),
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
    let export = zicht_spss::coding::Export::new(book, &table, Lang::Nl, &name)
        .map_err(|e| PageError::internal(&format!("SPSS export {name}: {e}")))?;
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
    let entries = st
        .with(move |ws, _| {
            ws.case(&case_id)?;
            ws.audit(&case_id)
        })
        .await?;
    let mut rows = String::new();
    for e in entries
        .iter()
        .filter(|e| e.version == FINAL || e.version == me)
    {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&e.at),
            esc(&e.by),
            esc(&e.version),
            esc(&e.column),
            esc(e.old.as_deref().unwrap_or("")),
            esc(e.new.as_deref().unwrap_or("")),
            esc(&e.via)
        );
    }
    let body = format!(
        "<h1>{} {}</h1><p><a href=\"/research/case/{id}\">{}</a></p><table class=\"audit\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table>",
        t("span", "", "Wijzigingen van casus", "Changes of case"),
        esc(&id),
        t("span", "", "Terug naar de casus", "Back to the case"),
        t("span", "", "Wanneer", "When"),
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
            esc(&i.at),
            esc(&i.by),
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
                "Kopieert de gesprekken van dat jaar die een hulpverlener als hulpvraag over mensenhandel registreerde (zoals `zicht import --from-store --year J`). De chat zelf verandert niet.",
                "Copies that year's conversations a counsellor registered as a trafficking help request (like `zicht import --from-store --year Y`). The chat itself does not change."
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
                "Een bestand conversations.jsonl (één gesprek per regel, formats.md hoofdstuk 2) van een ander platform, hoogstens {} MB. Het hele bestand wordt eerst gecontroleerd: bij één fout wordt niets geïmporteerd en zie je regel en veld. Elke import wordt vastgelegd.",
                IMPORT_MB
            ),
            &format!(
                "A conversations.jsonl file (one conversation per line, formats.md section 2) from another platform, at most {} MB. The whole file is checked first: with one error nothing is imported and you see the line and field. Every import is recorded.",
                IMPORT_MB
            ),
        ),
        file_h = t("span", "", "Uit een bestand", "From a file"),
        limit = super::IMPORT_LIMIT,
        file_l = t("span", "", "Bestand", "File"),
        go = t("span", "", "Importeer", "Import"),
        log_h = t("span", "", "Eerdere imports", "Earlier imports"),
        when = t("span", "", "Wanneer", "When"),
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

/// What an import's recorded source means, in Dutch.
fn source_label(source: &str) -> String {
    match source.strip_prefix("import:") {
        Some(file) => format!("bestand {file}"),
        None if source == zicht_research::import::STORE => "chat (eigen opslag)".to_string(),
        None => source.to_string(),
    }
}

const IMPORT_MB: usize = super::IMPORT_LIMIT / (1024 * 1024);

/// Everything recorded about a year: imports, link decisions, assignments,
/// suggestion decisions and value changes, newest first. Blind coding holds
/// here too: another coder's version is left out.
pub(super) async fn year_audit_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let (log, imports) = st
        .with(move |ws, _| Ok((ws.year_log(year)?, ws.imports()?)))
        .await?;
    let book = &st.0.book;
    let visible = |version: &str| version == FINAL || version == r.name;
    // (time, who, what): what is already HTML.
    let mut events: Vec<(&str, &str, String)> = Vec::new();
    for i in &imports {
        events.push((
            &i.at,
            &i.by,
            format!(
                "import {}: {} gelezen, {} nieuw, {} al aanwezig",
                esc(&source_label(&i.source)),
                i.read,
                i.added,
                i.unchanged
            ),
        ));
    }
    for d in &log.links {
        events.push((
            &d.decided_at,
            &d.decided_by,
            format!(
                "{} {} – {} (score {})",
                if d.linked {
                    "gekoppeld"
                } else {
                    "niet gekoppeld"
                },
                esc(&d.conv_a),
                esc(&d.conv_b),
                d.score.map_or("–".to_string(), |s| format!("{s:.1}"))
            ),
        ));
    }
    for a in &log.assignments {
        events.push((
            &a.assigned_at,
            &a.assigned_by,
            format!(
                "casus <a href=\"/research/case/{id}\">{id}</a>: codeur {slot} = {coder}",
                id = esc(&a.case_id),
                slot = if a.slot == 1 { "A" } else { "B" },
                coder = esc(&a.coder)
            ),
        ));
        if let Some(done) = &a.done_at {
            events.push((
                done,
                &a.coder,
                format!(
                    "casus <a href=\"/research/case/{id}\">{id}</a>: codeur {slot} klaar met coderen",
                    id = esc(&a.case_id),
                    slot = if a.slot == 1 { "A" } else { "B" },
                ),
            ));
        }
    }
    for s in log.suggestions.iter().filter(|s| visible(&s.version)) {
        events.push((
            &s.at,
            &s.by,
            format!(
                "casus <a href=\"/research/case/{id}\">{id}</a> ({v}): suggestie {var} = {val} {how}",
                id = esc(&s.case_id),
                v = esc(&s.version),
                var = esc(&s.variable),
                val = esc(&s.value),
                how = if s.accepted { "geaccepteerd" } else { "afgewezen" },
            ),
        ));
    }
    for e in log.values.iter().filter(|e| visible(&e.version)) {
        let show = |v: &Option<String>| {
            v.as_deref()
                .map_or("(leeg)".to_string(), |x| code_label(book, &e.column, x))
        };
        events.push((
            &e.at,
            &e.by,
            format!(
                "casus <a href=\"/research/case/{id}\">{id}</a> ({v}): {col} {old} → {new} via {via}",
                id = esc(&e.case_id),
                v = esc(&e.version),
                col = esc(&e.column),
                old = esc(&show(&e.old)),
                new = esc(&show(&e.new)),
                via = esc(&e.via),
            ),
        ));
    }
    // Newest first (a stable sort: within one second, the order above).
    events.sort_by(|x, y| y.0.cmp(x.0));
    let mut rows = String::new();
    for (at, by, what) in &events {
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{what}</td></tr>",
            esc(at),
            esc(by)
        );
    }
    let body = format!(
        "<h1>{h}</h1><p><a href=\"/research/year/{year}\">{back}</a></p>\
         <table class=\"audit\"><thead><tr><th>{when}</th><th>{who_h}</th><th>{what}</th></tr></thead><tbody>{rows}</tbody></table>",
        h = t(
            "span",
            "",
            &format!("Logboek {year}"),
            &format!("Log {year}")
        ),
        back = t("span", "", "Terug naar het jaar", "Back to the year"),
        when = t("span", "", "Wanneer", "When"),
        who_h = t("span", "", "Wie", "Who"),
        what = t("span", "", "Wat", "What"),
    );
    Ok(page(&format!("Logboek {year}"), &r, "log", &body).into_response())
}
