//! The year page: progress per step, the export panel, double coding, and the case list with filters; and the discussion list.
//!
//! The workspace lock is held only for a handful of year-wide queries
//! ([`YearData::read`]); everything else is computed after it is released,
//! in one pass over the cases (linear in the size of the year).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zicht_codebook::Codebook;
use zicht_conversations::Conversation;
use zicht_research::workspace::{self, Assignment, CaseInfo, Discussion, FINAL, Workspace};

use super::{PageError, ResearchState, Researcher, nl_day, nl_time, page, who};
use crate::pages::{esc, t};

/// The filters, sort and search of the case list (a GET form: links can name them).
#[derive(Debug, Default, Deserialize)]
pub(super) struct CaseFilter {
    /// `open`, `included`, `excluded`, `coded`, `uncoded`.
    #[serde(default)]
    status: String,
    /// A coder's name: the cases assigned to them.
    #[serde(default)]
    coder: String,
    /// `discussion` (open question), `double` (assigned), `disagree` (both done, not adjudicated).
    #[serde(default)]
    flag: String,
    /// `1`: only cases with suggestions nobody decided yet (final version).
    #[serde(default)]
    pending: String,
    /// Part of a case or conversation id, a nickname, or words of a transcript.
    #[serde(default)]
    q: String,
    /// `date` (default), `-date`, `convs`, `status`.
    #[serde(default)]
    sort: String,
    /// `all` shows every row; otherwise the first [`ROWS`].
    #[serde(default)]
    all: String,
    /// The share of the double-coding form as last typed (kept after assigning).
    #[serde(default)]
    share: String,
    /// How many cases the last assignment gave (the notice after it).
    #[serde(default)]
    assigned: String,
}

/// Rows of the case list shown before "show all".
const ROWS: usize = 200;

/// The conversations of the year, per case the decided (conversation,
/// variable) suggestions, and the final values (a suggestion they already
/// say is settled).
type Pending = (
    Vec<Conversation>,
    HashMap<String, BTreeSet<(String, String)>>,
);

/// What the year page reads under the lock.
struct YearData {
    rows: Vec<(String, String, String)>,
    decisions: Vec<workspace::LinkDecision>,
    status: HashMap<String, String>,
    counts: HashMap<String, usize>,
    assignments: Vec<Assignment>,
    discussions: Vec<Discussion>,
    /// Every difference of the finished double-coded cases.
    differences: Vec<workspace::Difference>,
    /// Only with the `pending` filter: the conversations and the decided suggestions.
    pending: Option<Pending>,
    /// The final values of every case (what "finished" is decided on).
    finals: HashMap<String, zicht_cases::Record>,
    /// Columns of the final codings left unknown on purpose.
    unknown: HashMap<String, BTreeSet<String>>,
    /// Cases whose final coding is marked "klaar".
    marked: BTreeSet<String>,
    /// Cases in the double-coding sample not both coders finished.
    double_open: BTreeSet<String>,
    /// Only with a search: the year's conversations (decrypted, in memory only).
    search: Option<Vec<Conversation>>,
    /// The year's exports, newest first (the confirmation of the last one of each kind).
    exports: Vec<workspace::ExportRecord>,
    /// The last final export's time and the cases changed since.
    since_final: Option<(String, BTreeSet<String>)>,
}

impl YearData {
    fn read(
        ws: &Workspace,
        book: &Codebook,
        year: i32,
        pending: bool,
        search: bool,
    ) -> Result<YearData, workspace::WorkspaceError> {
        let assignments = ws.assignments(year)?;
        // Differences exist only where both coders of a case are done.
        let mut done: HashMap<&str, usize> = HashMap::new();
        for a in assignments.iter().filter(|a| a.done_at.is_some()) {
            *done.entry(a.case_id.as_str()).or_default() += 1;
        }
        let differences = if done.values().any(|&n| n == 2) {
            ws.differences(book, year)?
        } else {
            Vec::new()
        };
        Ok(YearData {
            exports: ws.exports(year)?,
            since_final: ws.changed_since_final_export(year)?,
            differences,
            search: if search {
                Some(ws.selected(year)?)
            } else {
                None
            },
            rows: ws.selection_rows(year)?,
            decisions: ws.link_decisions(year)?,
            status: ws.column_of_year(year, FINAL, &book.analysis.status)?,
            counts: ws.value_counts(year, FINAL)?,
            assignments,
            discussions: ws.discussions(year)?,
            finals: ws.version_of_year(year, FINAL)?,
            unknown: ws.left_unknown(year)?,
            marked: ws.marked_final(year)?,
            double_open: ws.double_open(year)?,
            pending: if pending {
                Some((
                    ws.selected(year)?,
                    ws.decided_suggestions_of_year(year, FINAL)?,
                ))
            } else {
                None
            },
        })
    }
}

/// One case with what the list and the steps need.
struct Row<'a> {
    case: &'a CaseInfo,
    status: Option<&'a str>,
    coded: bool,
    coders: Vec<&'a Assignment>,
    discussion: bool,
    /// Differences of the coders the final coding does not settle yet.
    unsettled: usize,
    /// Why the case is not finished ([`workspace::open_reason`], as the exports decide it).
    why: Option<workspace::OpenReason>,
}

impl Row<'_> {
    /// Not finished: no status, differences still to adjudicate, an
    /// exclusion without its reason, or a coding the reader refuses.
    fn open(&self) -> bool {
        self.why.is_some()
    }

    fn both_done(&self) -> bool {
        self.coders.len() == 2 && self.coders.iter().all(|a| a.done_at.is_some())
    }
}

pub(super) async fn year_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    Query(filter): Query<CaseFilter>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let pending = filter.pending == "1";
    let searching = !filter.q.trim().is_empty();
    let data = st
        .with(move |ws, book| YearData::read(ws, book, year, pending, searching))
        .await?;
    if searching {
        // A search reads the transcripts: one audited read per search (the query is not recorded).
        st.audit(
            &r.name,
            zicht_store::Purpose::ResearchCase,
            vec![format!("zoeken in {year}")],
        )
        .await?;
    }
    let proposed = st.proposed(year, data.rows.len());
    let researchers = st.researchers().await?;
    // The lock is released: from here on one pass over the year.
    let book = &st.0.book;
    let cases = workspace::group_cases(year, &data.rows, &data.decisions);
    let mut by_case: HashMap<&str, Vec<&Assignment>> = HashMap::new();
    for a in &data.assignments {
        by_case.entry(a.case_id.as_str()).or_default().push(a);
    }
    let open_discussion: BTreeSet<&str> = data
        .discussions
        .iter()
        .filter(|d| d.decision.is_none())
        .map(|d| d.case_id.as_str())
        .collect();
    let mut unsettled: HashMap<&str, usize> = HashMap::new();
    let mut unsettled_columns: HashMap<&str, Vec<String>> = HashMap::new();
    let mut differing: BTreeSet<&str> = BTreeSet::new();
    for d in &data.differences {
        differing.insert(d.case_id.as_str());
        if !d.resolved {
            *unsettled.entry(d.case_id.as_str()).or_default() += 1;
            unsettled_columns
                .entry(d.case_id.as_str())
                .or_default()
                .push(d.column.clone());
        }
    }
    let no_values = zicht_cases::Record::new();
    let rows: Vec<Row> = cases
        .iter()
        .map(|c| {
            let status = data.status.get(&c.case_id).map(String::as_str);
            Row {
                case: c,
                status,
                coded: data.counts.get(&c.case_id).copied().unwrap_or(0)
                    > usize::from(status.is_some()),
                coders: by_case.get(c.case_id.as_str()).cloned().unwrap_or_default(),
                discussion: open_discussion.contains(c.case_id.as_str()),
                unsettled: unsettled.get(c.case_id.as_str()).copied().unwrap_or(0),
                why: workspace::open_reason(
                    book,
                    c,
                    data.finals.get(&c.case_id).unwrap_or(&no_values),
                    &workspace::CaseState {
                        unsettled: unsettled_columns.get(c.case_id.as_str()),
                        in_discussion: open_discussion.contains(c.case_id.as_str()),
                        left_unknown: data.unknown.get(&c.case_id),
                        double_open: data.double_open.contains(&c.case_id),
                        marked: data.marked.contains(&c.case_id),
                    },
                ),
            }
        })
        .collect();
    let pending_cases: Option<BTreeSet<&str>> = match (&data.pending, &st.0.suggest) {
        (Some((convs, decided)), Some(f)) => {
            let finals = &data.finals;
            let conv: HashMap<&str, &Conversation> = convs
                .iter()
                .map(|c| (c.conversation_id.as_str(), c))
                .collect();
            let mut out = BTreeSet::new();
            for row in &rows {
                let done = decided.get(&row.case.case_id);
                let values = finals.get(&row.case.case_id);
                let open = row.case.conversations.iter().any(|id| {
                    conv.get(id.as_str()).is_some_and(|c| {
                        f(c).iter().any(|s| {
                            !done.is_some_and(|d| d.contains(&(id.clone(), s.variable.clone())))
                                && !values.is_some_and(|v| {
                                    workspace::suggestion_holds(book, v, &s.variable, &s.value)
                                })
                        })
                    })
                });
                if open {
                    out.insert(row.case.case_id.as_str());
                }
            }
            Some(out)
        }
        (Some(_), None) => Some(BTreeSet::new()),
        _ => None,
    };

    let included = &book.analysis.included;
    let excluded = &book.analysis.excluded;
    let n_open = rows.iter().filter(|r| r.open()).count();
    let n_no_status = rows.iter().filter(|r| r.status.is_none()).count();
    let n_finished_step = rows.len() - n_open;
    let n_incl = rows
        .iter()
        .filter(|r| r.status == Some(included.as_str()))
        .count();
    let n_excl = rows
        .iter()
        .filter(|r| r.status == Some(excluded.as_str()))
        .count();
    let n_coded = rows
        .iter()
        .filter(|r| r.status == Some(included.as_str()) && r.coded)
        .count();
    let n_double = rows.iter().filter(|r| r.coders.len() == 2).count();
    let n_double_done = rows.iter().filter(|r| r.both_done()).count();
    // The sample is drawn only from the cases whose status is decided as included.
    let n_included = rows
        .iter()
        .filter(|r| r.status == Some(book.analysis.included.as_str()))
        .count();
    let n_eligible = rows
        .iter()
        .filter(|r| r.status == Some(book.analysis.included.as_str()) && r.coders.is_empty())
        .count();
    let n_undecided = rows.iter().filter(|r| r.status.is_none()).count();
    // Of those available, the cases already marked "klaar": said before the
    // draw, since a drawn case loses its klaar (eighth walk, finding 2).
    let n_klaar = rows
        .iter()
        .filter(|r| {
            r.status == Some(book.analysis.included.as_str())
                && r.coders.is_empty()
                && data.marked.contains(&r.case.case_id)
        })
        .count();
    // Cases whose coders differ, and how many of them the final coding settles.
    let n_differing = differing.len();
    let n_settled = rows
        .iter()
        .filter(|r| differing.contains(r.case.case_id.as_str()) && r.unsettled == 0)
        .count();
    let n_differences = data.differences.len();
    let n_open_differences = data.differences.iter().filter(|d| !d.resolved).count();
    let n_discussion = open_discussion.len();
    let conversations: usize = rows.iter().map(|r| r.case.conversations.len()).sum();

    let step = |n: String, nl: &str, en: &str, href: String, link_nl: &str, link_en: &str| {
        format!(
            "<li class=\"step\"><span class=\"n\">{n}</span>{what}<a href=\"{href}\">{link}</a></li>",
            what = t("span", " class=\"what\"", nl, en),
            href = esc(&href),
            link = t("span", "", link_nl, link_en),
        )
    };
    let base = format!("/research/year/{year}");
    // The cards in the order of the work: import, link, screen, code, double
    // code, adjudicate, discuss, export.
    let (link_n, link_nl, link_en) = link_step(
        proposed.as_deref(),
        &cases,
        &data.decisions,
        conversations,
        rows.len(),
    );
    let link_card = step(
        link_n,
        &link_nl,
        &link_en,
        format!("{base}/links"),
        "Dubbelingen koppelen",
        "Link duplicates",
    );
    let link_card = if proposed.is_none() && data.rows.len() <= super::COUNT_IN_BACKGROUND {
        // Counted in the background: the script fills the numbers in when they are there.
        link_card.replacen(
            "<li class=\"step\">",
            &format!("<li class=\"step\" id=\"step-pairs\" data-counting=\"/research/year/{year}/pairs.json\" aria-live=\"polite\">"),
            1,
        )
    } else {
        link_card
    };
    let steps = [
        step(
            conversations.to_string(),
            &format!(
                "gesprekken geïmporteerd, {}",
                super::count(rows.len(), "casus", "casussen")
            ),
            &format!(
                "conversations imported, {}",
                super::count(rows.len(), "case", "cases")
            ),
            "/research/import".to_string(),
            "Gesprekken importeren",
            "Import conversations",
        ),
        link_card,
        step(
            n_excl.to_string(),
            &format!("geëxcludeerd, {n_incl} geïncludeerd, {n_no_status} nog te beoordelen"),
            &format!("excluded, {n_incl} included, {n_no_status} still to decide"),
            format!("{base}?status=excluded#cases"),
            "Toon geëxcludeerde casussen",
            "Show excluded cases",
        ),
        step(
            format!("{n_coded} / {n_incl}"),
            "geïncludeerde casussen waarin al iets gecodeerd is naast de status (of ze af zijn, zie je op de casus)",
            "included cases with something coded besides the status (whether they are finished, the case shows)",
            format!("{base}?status=uncoded#cases"),
            "Toon wat nog te coderen is",
            "Show what is still to code",
        ),
        step(
            format!("{n_double_done} / {n_double}"),
            "dubbel gecodeerd door beide codeurs",
            "double-coded by both coders",
            format!("{base}?flag=double#cases"),
            "Toon dubbel te coderen casussen",
            "Show cases to double-code",
        ),
        step(
            format!("{n_settled} / {n_differing}"),
            &format!(
                "casussen met verschillen beslecht ({n_differences} verschillen, waarvan {n_open_differences} nog open)"
            ),
            &format!(
                "cases with differences adjudicated ({n_differences} differences, {n_open_differences} still open)"
            ),
            format!("{base}?flag=disagree#cases"),
            "Toon wat nog te beslechten is",
            "Show what is still to adjudicate",
        ),
        step(
            n_discussion.to_string(),
            "casussen wachten op overleg",
            "cases wait for discussion",
            format!("{base}/discussion"),
            "Naar de overleglijst",
            "To the discussion list",
        ),
        step(
            format!("{n_finished_step} / {}", rows.len()),
            "casussen klaar voor de export (status, reden bij exclusie, verschillen beslecht, geen open overleg)",
            "cases ready for the export (status, reason when excluded, differences adjudicated, no open discussion)",
            "#export-h".to_string(),
            "Naar exporteren",
            "To the export",
        ),
    ];
    // Each card named by its step.
    let names = [
        ("Importeren", "Import"),
        ("Koppelen", "Link"),
        ("In- en uitsluiten", "Include and exclude"),
        ("Coderen", "Code"),
        ("Dubbel coderen", "Double code"),
        ("Beslechten", "Adjudicate"),
        ("Overleg", "Discussion"),
        ("Exporteren", "Export"),
    ];
    let steps: Vec<String> = steps
        .iter()
        .zip(names)
        .map(|(card, (nl, en))| {
            let at = card.find('>').map_or(0, |i| i + 1);
            format!(
                "{}{}{}",
                &card[..at],
                t("span", " class=\"name\"", nl, en),
                &card[at..]
            )
        })
        .collect();
    let overview = format!(
        "<section aria-labelledby=\"steps-h\"><h2 id=\"steps-h\">{}</h2><ol class=\"steps\">{}</ol></section>",
        t("span", "", "Voortgang per stap", "Progress per step"),
        steps.join("")
    );

    // The export panel: what is open, before the click, grouped by why.
    let open_group = |nl: &str, en: &str, list: Vec<&Row>| -> String {
        if list.is_empty() {
            return String::new();
        }
        let mut items = String::new();
        for row in &list {
            let _ = write!(
                items,
                "<li><a href=\"/research/case/{id}\">{id}</a></li>",
                id = esc(&row.case.case_id)
            );
        }
        format!(
            "<details class=\"open-group\"{open}><summary>{n} {what}</summary><ul class=\"open-cases\">{items}</ul></details>",
            open = if list.len() <= 20 { " open" } else { "" },
            n = list.len(),
            what = t("span", "", nl, en),
        )
    };
    use workspace::OpenReason as Why;
    let open_lists = open_group(
        "zonder status (insluiten of uitsluiten)",
        "without a status (include or exclude)",
        rows.iter()
            .filter(|r| matches!(r.why, Some(Why::NoStatus)))
            .collect(),
    ) + &open_group(
        "met verschillen tussen de codeurs, nog te beslechten",
        "with differences between the coders, still to adjudicate",
        rows.iter()
            .filter(|r| matches!(r.why, Some(Why::Unsettled(_))))
            .collect(),
    ) + &open_group(
        "die wachten op overleg",
        "waiting for the discussion",
        rows.iter()
            .filter(|r| matches!(r.why, Some(Why::Discussion)))
            .collect(),
    ) + &open_group(
        "met een onvolledige codering (bijvoorbeeld geëxcludeerd zonder reden, of een vervolgvraag leeg)",
        "with an incomplete coding (for example excluded without a reason, or a follow-up question empty)",
        rows.iter()
            .filter(|r| matches!(r.why, Some(Why::Incomplete(_))))
            .collect(),
    ) + &open_group(
        "in de steekproef voor dubbel coderen, nog niet door beide codeurs klaar",
        "in the double-coding sample, not yet done by both coders",
        rows.iter()
            .filter(|r| matches!(r.why, Some(Why::DoubleCoding)))
            .collect(),
    ) + &open_group(
        "nog niet als klaar gemarkeerd (knop „Klaar met coderen” op de casus)",
        "not yet marked as done (button “Done coding” on the case)",
        rows.iter()
            .filter(|r| matches!(r.why, Some(Why::NotMarked)))
            .collect(),
    );
    let n_finished = rows.len() - n_open;
    let (finished_nl, finished_en) = if n_finished == 1 {
        ("1 klare casus".to_string(), "1 finished case".to_string())
    } else {
        (
            format!("{n_finished} klare casussen"),
            format!("{n_finished} finished cases"),
        )
    };
    let finished_means = t(
        "p",
        " class=\"muted\" id=\"finished-means\"",
        "Klaar betekent: geëxcludeerd mét reden van exclusie, of geïncludeerd en gecodeerd: de codering is als klaar gemarkeerd (knop „Klaar met coderen” op de casus), elke vervolgvraag van het codeboek is beantwoord of bewust op „Onbekend” gezet (zoals de familierelatie als de pleger een familielid is), bij dubbel coderen zijn beide codeurs klaar en de verschillen beslecht, en geen vraag erover wacht op overleg.",
        "Finished means: excluded with a reason for exclusion, or included and coded: the coding is marked as done (button “Done coding” on the case), every follow-up question of the codebook is answered or set to “Unknown” on purpose (such as the family relation when the perpetrator is family), when double-coded both coders are done and the differences adjudicated, and no question about it waits for discussion.",
    );
    let finished_line = format!(
        "<p id=\"export-finished\"><strong>{n_finished}</strong> {}</p>{finished_means}",
        t(
            "span",
            "",
            &format!(
                "van {} {} klaar.",
                rows.len(),
                if rows.len() == 1 {
                    "casus is"
                } else {
                    "casussen zijn"
                }
            ),
            &format!(
                "of {} {} finished.",
                rows.len(),
                if rows.len() == 1 {
                    "case is"
                } else {
                    "cases are"
                }
            ),
        )
    );
    let formats = t(
        "p",
        " class=\"muted\"",
        "cases.csv gebruikt de codes van het codeboek (zoals afgesproken voor uitwisseling, bijvoorbeeld „included”); het SPSS-bestand (.sav) heeft dezelfde gegevens met Nederlandse waardelabels en variabelelabels. Een item van een set dat niet is aangevinkt, is leeg: onbekend of niet genoemd (zo spreekt het uitwisselformaat het af); in SPSS heet dat „Onbekend (niet genoemd)”. Een geëxcludeerde casus is niet verder gecodeerd dan status en reden: in SPSS is elke lege codering daar „Niet van toepassing”.",
        "cases.csv uses the codebook's codes (as agreed for exchange, e.g. “included”); the SPSS file (.sav) holds the same data with Dutch value and variable labels. An item of a set that is not ticked is empty: unknown or not mentioned (as the exchange format agrees); in SPSS that is “Onbekend (niet genoemd)”. An excluded case is coded no further than its status and reason: in SPSS every empty coding there is “Niet van toepassing” (not applicable).",
    );
    let mut made = exports_made(&data.exports);
    // The final export is outdated once a case changed after it (tenth
    // walk, finding 2): which cases, and the way to a new one.
    if let Some((at, changed)) = &data.since_final
        && !changed.is_empty()
    {
        let links: Vec<String> = changed
            .iter()
            .map(|c| format!("<a href=\"/research/case/{c}\">{c}</a>", c = esc(c)))
            .collect();
        let (next_nl, next_en) = if n_open == 0 {
            (
                "Maak hierboven een nieuwe definitieve export.",
                "Make a new final export above.",
            )
        } else {
            (
                "Zodra elke casus weer klaar is, kun je hierboven een nieuwe definitieve export maken.",
                "Once every case is finished again, you can make a new final export above.",
            )
        };
        let _ = write!(
            made,
            "<div class=\"notice\" id=\"export-outdated\"><p>{}</p><p>{}</p></div>",
            t(
                "span",
                "",
                &format!(
                    "De definitieve export van {} is verouderd: {} sindsdien gewijzigd. {next_nl}",
                    nl_time(at),
                    super::count(changed.len(), "casus is", "casussen zijn"),
                ),
                &format!(
                    "The final export of {} is out of date: {} changed since. {next_en}",
                    nl_time(at),
                    super::count(changed.len(), "case has", "cases have"),
                )
            ),
            links.join(", ")
        );
    }
    let export = if n_open == 0 {
        format!(
            "{finished_line}<p class=\"ok\">{ready}</p><p class=\"actions\">\
             <a class=\"button\" id=\"export\" href=\"{base}/cases.csv\" download=\"cases-{year}.csv\">{csv}</a>\
             <a class=\"button\" id=\"export-sav\" href=\"{base}/cases.sav\" download=\"cases-{year}.sav\">{sav}</a></p>\
             <p>{check}</p><p class=\"actions\">\
             <a class=\"button provisional\" id=\"export-provisional\" href=\"{base}/cases.csv?voorlopig=1\" download=\"cases-{year}-voorlopig.csv\">{pcsv}</a>\
             <a class=\"button provisional\" id=\"export-provisional-sav\" href=\"{base}/cases.sav?voorlopig=1\" download=\"cases-{year}-voorlopig.sav\">{psav}</a></p>{made}{formats}",
            // A file to check before going final (eighth walk, finding 5).
            check = t(
                "span",
                "",
                "Eerst controleren? Een voorlopige export heeft dezelfde casussen; de bestandsnaam zegt „voorlopig”, en de definitieve export blijft daarna gewoon mogelijk.",
                "Check first? A provisional export holds the same cases; its file name says “voorlopig” (provisional), and the final export stays possible afterwards."
            ),
            pcsv = t(
                "span",
                "",
                "Voorlopige export cases.csv",
                "Provisional export cases.csv"
            ),
            psav = t(
                "span",
                "",
                "Voorlopige export voor SPSS (.sav)",
                "Provisional export for SPSS (.sav)"
            ),
            ready = t(
                "span",
                "",
                "Elke casus is klaar: de definitieve export kan.",
                "Every case is finished: the final export is possible."
            ),
            csv = t(
                "span",
                "",
                "Definitieve export cases.csv",
                "Final export cases.csv"
            ),
            sav = t(
                "span",
                "",
                "Definitieve export voor SPSS (.sav)",
                "Final export for SPSS (.sav)"
            ),
        )
    } else {
        format!(
            "{finished_line}<p id=\"export-open\"><strong>{n_open}</strong> {open_text}</p>{open_lists}\
             <p>{final_text}</p><p class=\"actions\">\
             <a class=\"button provisional\" id=\"export-provisional\" href=\"{base}/cases.csv?voorlopig=1\" download=\"cases-{year}-voorlopig.csv\">{csv}</a>\
             <a class=\"button provisional\" id=\"export-provisional-sav\" href=\"{base}/cases.sav?voorlopig=1\" download=\"cases-{year}-voorlopig.sav\">{sav}</a></p>{made}{formats}",
            open_text = if n_open == 1 {
                t(
                    "span",
                    "",
                    "casus is nog niet klaar:",
                    "case is not finished yet:",
                )
            } else {
                t(
                    "span",
                    "",
                    "casussen zijn nog niet klaar:",
                    "cases are not finished yet:",
                )
            },
            final_text = t(
                "span",
                "",
                &format!(
                    "De definitieve export kan zodra elke casus klaar is. Tot dan kun je een voorlopige export maken met alleen de klare casussen ({finished_nl}; de andere staan er niet in); de bestandsnaam zegt „voorlopig”."
                ),
                &format!(
                    "The final export is possible once every case is finished. Until then you can make a provisional export with only the finished cases ({finished_en}; the others are left out); its file name says “voorlopig” (provisional)."
                )
            ),
            csv = t(
                "span",
                "",
                &format!("Voorlopige export cases.csv ({finished_nl})"),
                &format!("Provisional export cases.csv ({finished_en})")
            ),
            sav = t(
                "span",
                "",
                &format!("Voorlopige export voor SPSS (.sav, {finished_nl})"),
                &format!("Provisional export for SPSS (.sav, {finished_en})")
            ),
        )
    };
    let export = format!(
        "<section aria-labelledby=\"export-h\" class=\"panel\"><h2 id=\"export-h\">{}</h2>{export}</section>",
        t("span", "", "Exporteren", "Export"),
    );

    // The signed-in coder's own (blind) work.
    let mut mine = String::new();
    for a in data.assignments.iter().filter(|a| a.coder == r.name) {
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
            "<section><h2 id=\"mine-h\">{}</h2><ul class=\"mine\">{mine}</ul></section>\n",
            t(
                "span",
                "",
                "Mijn dubbele codering (blind)",
                "My double coding (blind)"
            )
        )
    };

    // Double coding: only existing researcher accounts.
    let options = |slot: &str| -> String {
        let mut o = t("option", " value=\"\"", "– kies –", "– choose –");
        for (i, name) in researchers.iter().enumerate() {
            let selected = match slot {
                "a" if i == 0 => " selected",
                "b" if i == 1 => " selected",
                _ => "",
            };
            let _ = write!(
                o,
                "<option value=\"{n}\"{selected}>{n}</option>",
                n = esc(name)
            );
        }
        o
    };
    let assign = format!(
        "<section aria-labelledby=\"assign-h\"><h2 id=\"assign-h\">{assign_h}</h2><p class=\"muted\">{assign_p}</p>{pool}\
         <form id=\"assign\" class=\"inline\" data-year=\"{year}\" novalidate>\
         <div class=\"field\"><label for=\"share\">{share}</label> <input id=\"share\" name=\"share\" type=\"number\" min=\"1\" max=\"100\" value=\"{share_value}\" data-field=\"share\"></div>\
         <div class=\"field\"><label for=\"coder_a\">{coder_a}</label> <select id=\"coder_a\" name=\"coder_a\" data-field=\"coder_a\">{oa}</select></div>\
         <div class=\"field\"><label for=\"coder_b\">{coder_b}</label> <select id=\"coder_b\" name=\"coder_b\" data-field=\"coder_b\">{ob}</select></div>\
         {add}<button type=\"submit\">{assign}</button></form>{done}</section>",
        assign_h = t("span", "", "Dubbel coderen", "Double coding"),
        assign_p = t(
            "span",
            "",
            "Twee codeurs coderen een willekeurig deel van de casussen blind: elk ziet alleen de eigen versie tot beiden klaar zijn.",
            "Two coders code a random share of the cases blind: each sees only their own version until both are done."
        ),
        pool = t(
            "p",
            " id=\"pool\"",
            &format!(
                "De steekproef komt alleen uit casussen met status geïncludeerd (in- en uitsluiten gaat vóór dubbel coderen): nu {} beschikbaar{}{}.{}",
                super::count(n_eligible, "casus", "casussen"),
                if n_included > n_eligible {
                    format!(
                        " (van de {} met status geïncludeerd zitten er {} al in de steekproef)",
                        super::count(n_included, "casus", "casussen"),
                        n_included - n_eligible
                    )
                } else {
                    String::new()
                },
                if n_undecided > 0 {
                    format!(
                        "; {} nog zonder status doen niet mee",
                        super::count(n_undecided, "casus", "casussen")
                    )
                } else {
                    String::new()
                },
                match n_klaar {
                    0 => String::new(),
                    1 => " Let op: 1 daarvan is al klaar gemarkeerd. Wordt die getrokken, dan vervalt dat klaar en coderen beide codeurs hem blind opnieuw; kies een kleiner aandeel of markeer later als je dat niet wilt.".to_string(),
                    n => format!(" Let op: {n} daarvan zijn al klaar gemarkeerd. Wie getrokken wordt, verliest dat klaar en wordt door beide codeurs blind opnieuw gecodeerd; kies een kleiner aandeel of markeer later als je dat niet wilt."),
                },
            ),
            &format!(
                "The sample is drawn only from cases with status included (screening comes before double coding): {} available now{}{}.{}",
                super::count(n_eligible, "case", "cases"),
                if n_included > n_eligible {
                    format!(
                        " (of the {} with status included, {} are in the sample already)",
                        super::count(n_included, "case", "cases"),
                        n_included - n_eligible
                    )
                } else {
                    String::new()
                },
                if n_undecided > 0 {
                    format!(
                        "; {} without a status yet take no part",
                        super::count(n_undecided, "case", "cases")
                    )
                } else {
                    String::new()
                },
                match n_klaar {
                    0 => String::new(),
                    n => format!(" Note: {n} of them already marked as done. A drawn case loses that mark and both coders code it blind again; choose a smaller share or mark later if you do not want that."),
                },
            ),
        ),
        share = t("span", "", "Aandeel (%)", "Share (%)"),
        coder_a = t("span", "", "Codeur A", "Coder A"),
        coder_b = t("span", "", "Codeur B", "Coder B"),
        oa = options("a"),
        ob = options("b"),
        assign = t("span", "", "Wijs willekeurig toe", "Assign at random"),
        add = if n_double > 0 {
            format!(
                "<div class=\"field\"><label><input type=\"checkbox\" id=\"add\" name=\"add\" value=\"1\" data-field=\"add\"> {}</label></div>",
                t(
                    "span",
                    "",
                    &format!(
                        "Voeg toe aan de bestaande steekproef van {}",
                        super::count(n_double, "casus", "casussen")
                    ),
                    &format!(
                        "Add to the existing sample of {}",
                        super::count(n_double, "case", "cases")
                    ),
                )
            )
        } else {
            String::new()
        },
        done = match filter.assigned.parse::<usize>() {
            Ok(n) => format!(
                "<p class=\"ok\" id=\"assigned\" role=\"status\" tabindex=\"-1\">{}</p>",
                t(
                    "span",
                    "",
                    &format!(
                        "{} toegewezen; de steekproef telt nu {}.",
                        super::count(n, "casus", "casussen"),
                        super::count(n_double, "casus", "casussen")
                    ),
                    &format!(
                        "{} assigned; the sample now has {}.",
                        super::count(n, "case", "cases"),
                        super::count(n_double, "case", "cases")
                    ),
                )
            ),
            Err(_) => String::new(),
        },
        share_value = filter
            .share
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .unwrap_or(20),
    );

    // The case list: filter, search (ids, nicknames, transcript words), sort.
    let q = filter.q.trim().to_lowercase();
    // Per conversation found: what matched (the nickname, or the words around the match).
    let found: Option<HashMap<&str, String>> = data
        .search
        .as_ref()
        .map(|convs| find_conversations(convs, &q));
    let mut list: Vec<&Row> = rows
        .iter()
        .filter(|row| match filter.status.as_str() {
            "open" => row.open(),
            "included" => row.status == Some(included.as_str()),
            "excluded" => row.status == Some(excluded.as_str()),
            "coded" => row.status == Some(included.as_str()) && row.coded,
            "uncoded" => row.status == Some(included.as_str()) && !row.coded,
            _ => true,
        })
        .filter(|row| filter.coder.is_empty() || row.coders.iter().any(|a| a.coder == filter.coder))
        .filter(|row| match filter.flag.as_str() {
            "discussion" => row.discussion,
            "double" => row.coders.len() == 2,
            "disagree" => row.unsettled > 0,
            _ => true,
        })
        .filter(|row| {
            pending_cases
                .as_ref()
                .is_none_or(|p| p.contains(row.case.case_id.as_str()))
        })
        .filter(|row| {
            q.is_empty()
                || row.case.conversations.iter().any(|c| {
                    c.to_lowercase().contains(&q)
                        || found.as_ref().is_some_and(|f| f.contains_key(c.as_str()))
                })
        })
        .collect();
    match filter.sort.as_str() {
        "-date" => list.reverse(),
        "convs" => list.sort_by_key(|row| std::cmp::Reverse(row.case.conversations.len())),
        "status" => list.sort_by_key(|row| row.status.map(|s| s.to_string())),
        _ => {}
    }
    let shown = if filter.all == "1" {
        list.len()
    } else {
        list.len().min(ROWS)
    };
    let mut table = String::new();
    for row in &list[..shown] {
        let (mut status, mut status_en) = row.status.map_or_else(
            || ("nog open".to_string(), "still open".to_string()),
            |s| {
                (
                    workspace::value_label(book, &book.analysis.status, s),
                    super::value_en(book, &book.analysis.status, s),
                )
            },
        );
        if row.unsettled > 0 {
            let _ = write!(
                status,
                " · {} nog te beslechten",
                super::count(row.unsettled, "verschil", "verschillen")
            );
            let _ = write!(
                status_en,
                " · {} still to adjudicate",
                super::count(row.unsettled, "difference", "differences")
            );
        }
        // Where this researcher works on the case: their own blind version
        // while the double coding goes on, else the final coding.
        let href = if row.coders.iter().any(|a| a.coder == r.name) && !row.both_done() {
            format!(
                "/research/case/{}?v={}",
                url_encode(&row.case.case_id),
                url_encode(&r.name)
            )
        } else {
            format!("/research/case/{}", url_encode(&row.case.case_id))
        };
        let coders: Vec<String> = row
            .coders
            .iter()
            .map(|a| {
                if a.done_at.is_some() {
                    format!("{} {}", esc(&a.coder), t("span", "", "(klaar)", "(done)"))
                } else {
                    esc(&a.coder)
                }
            })
            .collect();
        let _ = write!(
            table,
            "<tr><td><a href=\"{href}\">{id}</a></td><td>{date}</td><td>{n}</td><td>{status}</td><td>{coders}</td><td>{disc}</td>{hit}</tr>",
            href = esc(&href),
            id = esc(&row.case.case_id),
            date = esc(&nl_day(&row.case.first_started)),
            n = row.case.conversations.len(),
            status = t("span", "", &status, &status_en),
            coders = coders.join(", "),
            disc = if row.discussion {
                t("span", "", "overleg", "discussion")
            } else {
                String::new()
            },
            hit = match &found {
                Some(f) => {
                    // A conversation id that went into this case by linking says so.
                    let merged = row
                        .case
                        .conversations
                        .iter()
                        .find(|c| **c != row.case.case_id && c.to_lowercase().contains(&q))
                        .map(|c| {
                            t(
                                "span",
                                "",
                                &format!(
                                    "gesprek {c}: door koppelen opgegaan in casus {}",
                                    row.case.case_id
                                ),
                                &format!(
                                    "conversation {c}: merged into case {} by linking",
                                    row.case.case_id
                                ),
                            )
                        });
                    format!(
                        "<td class=\"hit\">{}</td>",
                        merged.unwrap_or_else(|| esc(&row
                            .case
                            .conversations
                            .iter()
                            .find_map(|c| f.get(c.as_str()).cloned())
                            .unwrap_or_default()))
                    )
                }
                None => String::new(),
            },
        );
    }
    let sel = |name: &str, current: &str, opts: &[(&str, &str, &str)]| -> String {
        let mut o = String::new();
        for (v, nl, en) in opts {
            let s = if *v == current { " selected" } else { "" };
            o.push_str(&t("option", &format!(" value=\"{v}\"{s}"), nl, en));
        }
        format!("<select id=\"filter-{name}\" name=\"{name}\">{o}</select>")
    };
    let mut coder_opts = vec![("", "alle", "all")];
    for name in &researchers {
        coder_opts.push((name.as_str(), name.as_str(), name.as_str()));
    }
    let filters = format!(
        "<form id=\"filters\" class=\"inline filters\" method=\"get\" action=\"{base}#cases\" role=\"search\">\
         <div class=\"field\"><label for=\"filter-status\">{status_l}</label> {status}</div>\
         <div class=\"field\"><label for=\"filter-coder\">{coder_l}</label> {coder}</div>\
         <div class=\"field\"><label for=\"filter-flag\">{flag_l}</label> {flag}</div>\
         <div class=\"field\"><label><input type=\"checkbox\" name=\"pending\" value=\"1\"{pending_chk}> {pending_l}</label></div>\
         <div class=\"field\"><label for=\"filter-q\">{q_l}</label> <input id=\"filter-q\" name=\"q\" type=\"search\" value=\"{qv}\"></div>\
         <div class=\"field\"><label for=\"filter-sort\">{sort_l}</label> {sort}</div>\
         <button type=\"submit\">{go}</button> <a href=\"{base}#cases\">{reset}</a></form>",
        status_l = t("span", "", "Status", "Status"),
        status = sel(
            "status",
            &filter.status,
            &[
                ("", "alle", "all"),
                ("open", "nog open", "still open"),
                ("included", "geïncludeerd", "included"),
                ("excluded", "geëxcludeerd", "excluded"),
                (
                    "coded",
                    "geïncludeerd, iets gecodeerd",
                    "included, something coded"
                ),
                (
                    "uncoded",
                    "geïncludeerd, nog niets gecodeerd",
                    "included, nothing coded yet"
                ),
            ]
        ),
        coder_l = t("span", "", "Codeur", "Coder"),
        coder = sel("coder", &filter.coder, &coder_opts),
        flag_l = t("span", "", "Markering", "Flag"),
        flag = sel(
            "flag",
            &filter.flag,
            &[
                ("", "alle", "all"),
                ("discussion", "wacht op overleg", "waits for discussion"),
                ("double", "dubbel gecodeerd", "double-coded"),
                (
                    "disagree",
                    "verschillen nog te beslechten",
                    "differences still to adjudicate"
                ),
            ]
        ),
        pending_chk = if pending { " checked" } else { "" },
        pending_l = t(
            "span",
            "",
            "met suggesties waarover nog niet beslist is",
            "with suggestions not yet decided"
        ),
        q_l = t(
            "span",
            "",
            "Zoek (casus, bijnaam of woorden uit het gesprek)",
            "Search (case, nickname or words of the conversation)"
        ),
        qv = esc(&filter.q),
        sort_l = t("span", "", "Sorteer", "Sort"),
        sort = sel(
            "sort",
            &filter.sort,
            &[
                (
                    "",
                    "eerste contact, oudste eerst",
                    "first contact, oldest first"
                ),
                (
                    "-date",
                    "eerste contact, nieuwste eerst",
                    "first contact, newest first"
                ),
                (
                    "convs",
                    "meeste gesprekken eerst",
                    "most conversations first"
                ),
                ("status", "status", "status"),
            ]
        ),
        go = t("span", "", "Toon", "Show"),
        reset = t("span", "", "Alles tonen", "Show everything"),
    );
    let more = if shown < list.len() {
        let mut query: Vec<String> = Vec::new();
        for (k, v) in [
            ("status", &filter.status),
            ("coder", &filter.coder),
            ("flag", &filter.flag),
            ("pending", &filter.pending),
            ("q", &filter.q),
            ("sort", &filter.sort),
        ] {
            if !v.is_empty() {
                query.push(format!("{k}={}", url_encode(v)));
            }
        }
        query.push("all=1".to_string());
        format!(
            "<p><a href=\"{base}?{}#cases\">{}</a></p>",
            esc(&query.join("&")),
            t(
                "span",
                "",
                &format!("Toon alle {} casussen", list.len()),
                &format!("Show all {} cases", list.len())
            )
        )
    } else {
        String::new()
    };
    let body = format!(
        "<h1>{h}</h1>\n{overview}\n<nav class=\"actions\" aria-labelledby=\"nav-h\"><span id=\"nav-h\" class=\"visually-hidden\">{nav}</span>\
         <a class=\"button\" href=\"{base}/agreement\">{agreement}</a>\
         <a class=\"button\" href=\"{base}/discussion\">{disc}</a>\
         <a class=\"button\" href=\"{base}/audit\">{log}</a></nav>\n{mine}{export}\n{assign}\n\
         <section id=\"cases\" aria-labelledby=\"cases-h\"><h2 id=\"cases-h\">{cases_h}</h2>{filters}\
         <p class=\"muted\" id=\"case-count\">{count}</p>\
         <div class=\"table-wrap\"><table class=\"cases\"><thead><tr><th>{case}</th><th>{first}</th><th>{convs}</th><th>Status</th><th>{coders_h}</th><th>{disc_h}</th>{hit_h}</tr></thead>\
         <tbody>{table}</tbody></table></div>{more}</section>",
        h = t(
            "span",
            "",
            &format!("Onderzoeksjaar {year}"),
            &format!("Research year {year}")
        ),
        nav = t("span", "", "Stappen", "Steps"),
        agreement = t("span", "", "Overeenstemming", "Agreement"),
        disc = t("span", "", "Overleg", "Discussion"),
        log = t("span", "", "Logboek van het jaar", "Log of the year"),
        cases_h = t("span", "", "Casussen", "Cases"),
        count = t(
            "span",
            "",
            &format!(
                "{} van {}",
                list.len(),
                super::count(rows.len(), "casus", "casussen")
            ),
            &format!(
                "{} of {}",
                list.len(),
                super::count(rows.len(), "case", "cases")
            )
        ),
        case = t("span", "", "Casus", "Case"),
        first = t("span", "", "Eerste contact", "First contact"),
        convs = t("span", "", "Gesprekken", "Conversations"),
        coders_h = t("span", "", "Codeurs", "Coders"),
        disc_h = t("span", "", "Overleg", "Discussion"),
        hit_h = if found.is_some() {
            format!("<th>{}</th>", t("span", "", "Gevonden", "Found"))
        } else {
            String::new()
        },
    );
    Ok(page(&format!("Onderzoek {year}"), &r, "year", &body).into_response())
}

/// The conversations a search (lower case) finds by nickname or words of the
/// transcript, with what matched: the nickname, or the words around the match.
pub(super) fn find_conversations<'a>(
    convs: &'a [Conversation],
    q: &str,
) -> HashMap<&'a str, String> {
    convs
        .iter()
        .filter_map(|c| {
            if c.username.to_lowercase().contains(q) {
                return Some((
                    c.conversation_id.as_str(),
                    format!("bijnaam {}", c.username),
                ));
            }
            c.messages.iter().find_map(|m| {
                let chars: Vec<char> = m.text.chars().collect();
                let lower: Vec<char> = chars
                    .iter()
                    .map(|ch| ch.to_lowercase().next().unwrap_or(*ch))
                    .collect();
                let needle: Vec<char> = q.chars().collect();
                let at = lower
                    .windows(needle.len().max(1))
                    .position(|w| w == needle.as_slice())?;
                let from = at.saturating_sub(30);
                let to = (at + needle.len() + 30).min(chars.len());
                Some((
                    c.conversation_id.as_str(),
                    format!(
                        "„{}{}{}”",
                        if from > 0 { "…" } else { "" },
                        chars[from..to].iter().collect::<String>(),
                        if to < chars.len() { "…" } else { "" }
                    ),
                ))
            })
        })
        .collect()
}

pub(super) fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The discussion list ("overleg"): open questions first, then the decisions taken.
pub(super) async fn discussion_page(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    let r = who(r)?;
    let me = r.name.clone();
    let (list, hidden) = st
        .with(move |ws, _| {
            let blind = blind_cases(&ws.assignments(year)?, &me);
            let (shown, hidden): (Vec<_>, Vec<_>) = ws
                .discussions(year)?
                .into_iter()
                .partition(|d| d.asked_by == me || d.off_topic || !blind.contains(&d.case_id));
            // The other coder's flag on a case coded blind: that it exists, not its words.
            let shown = shown
                .into_iter()
                .map(|mut d| {
                    if d.asked_by != me && blind.contains(&d.case_id) {
                        d.question = "Iemand vond dat deze casus hier niet hoort (lijkt geen mensenhandel / off-topic).".to_string();
                        d.asked_by = "een andere onderzoeker".to_string();
                    }
                    d
                })
                .collect::<Vec<_>>();
            Ok((shown, hidden.len()))
        })
        .await?;
    let mut open = String::new();
    let mut decided = String::new();
    for d in list.iter().rev() {
        match (&d.decision, &d.decided_by, &d.decided_at) {
            (Some(decision), by, at) => {
                let _ = write!(
                    decided,
                    "<li><a href=\"/research/case/{id}#discussion\">{id}</a>: <span class=\"said\">{q}</span> <span class=\"muted\">({asked_by}, {asked_at})</span><br>\
                     <strong>{besluit}</strong> <span class=\"said\">{decision}</span> <span class=\"muted\">({by}, {at})</span></li>",
                    id = esc(&d.case_id),
                    q = esc(&d.question),
                    asked_by = esc(&d.asked_by),
                    asked_at = esc(&nl_time(&d.asked_at)),
                    besluit = t("span", "", "Besluit:", "Decision:"),
                    decision = esc(decision),
                    by = esc(by.as_deref().unwrap_or("")),
                    at = esc(&nl_time(at.as_deref().unwrap_or(""))),
                );
            }
            _ => {
                let _ = write!(
                    open,
                    "<li><a href=\"/research/case/{id}#discussion\">{id}</a>: <span class=\"said\">{q}</span> <span class=\"muted\">({by}, {at})</span></li>",
                    id = esc(&d.case_id),
                    q = esc(&d.question),
                    by = esc(&d.asked_by),
                    at = esc(&nl_time(&d.asked_at)),
                );
            }
        }
    }
    let none = |nl: &str, en: &str| t("p", " class=\"muted\"", nl, en);
    let body = format!(
        "<h1>{h}</h1><p><a href=\"/research/year/{year}\">{back}</a></p>\
         <section><h2>{open_h}</h2>{hidden}{open}</section><section><h2>{dec_h}</h2>{decided}</section>",
        hidden = match hidden {
            0 => String::new(),
            1 => t(
                "p",
                " class=\"muted\" id=\"hidden-discussions\"",
                "1 vraag van de andere codeur over een casus die je blind codeert: je ziet hem als jullie allebei klaar zijn.",
                "1 question of the other coder about a case you code blind: you see it once you are both done.",
            ),
            n => t(
                "p",
                " class=\"muted\" id=\"hidden-discussions\"",
                &format!(
                    "{n} vragen van de andere codeur over casussen die je blind codeert: je ziet ze als jullie allebei klaar zijn."
                ),
                &format!(
                    "{n} questions of the other coder about cases you code blind: you see them once you are both done."
                ),
            ),
        },
        h = t(
            "span",
            "",
            &format!("Overleg {year}"),
            &format!("Discussion {year}")
        ),
        back = t("span", "", "Terug naar het jaar", "Back to the year"),
        open_h = t("span", "", "Te bespreken", "To discuss"),
        open = if open.is_empty() {
            none(
                "Geen casussen wachten op overleg.",
                "No cases wait for discussion.",
            )
        } else {
            format!("<ul class=\"discussions\" id=\"open-discussions\">{open}</ul>")
        },
        dec_h = t("span", "", "Besloten", "Decided"),
        decided = if decided.is_empty() {
            none("Nog geen besluiten.", "No decisions yet.")
        } else {
            format!("<ul class=\"discussions\" id=\"decided-discussions\">{decided}</ul>")
        },
    );
    Ok(page(&format!("Overleg {year}"), &r, "discussion", &body).into_response())
}

/// The cases a researcher codes blind: assigned to them, and not yet done by both coders.
fn blind_cases(assignments: &[Assignment], me: &str) -> BTreeSet<String> {
    let mut by_case: HashMap<&str, Vec<&Assignment>> = HashMap::new();
    for a in assignments {
        by_case.entry(a.case_id.as_str()).or_default().push(a);
    }
    by_case
        .into_iter()
        .filter(|(_, list)| {
            list.iter().any(|a| a.coder == me)
                && !(list.len() == 2 && list.iter().all(|a| a.done_at.is_some()))
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

/// The proposed pairs still to decide, for the year page's script while
/// they are counted in the background: `{"open": n, "total": m}`, or
/// `{"counting": true}` while the count is not there yet.
pub(super) async fn pairs_count(
    State(st): State<ResearchState>,
    Path(year): Path<i32>,
    r: Option<Extension<Researcher>>,
) -> Result<Response, PageError> {
    who(r)?;
    let (rows, decisions) = st
        .with(move |ws, _| Ok((ws.selection_rows(year)?, ws.link_decisions(year)?)))
        .await?;
    let reply = match st.proposed(year, rows.len()) {
        Some(pairs) => {
            let cases = workspace::group_cases(year, &rows, &decisions);
            let conversations = cases.iter().map(|c| c.conversations.len()).sum();
            let (n, nl, en) =
                link_step(Some(&pairs), &cases, &decisions, conversations, cases.len());
            serde_json::json!({"n": n, "nl": nl, "en": en})
        }
        None => serde_json::json!({"counting": true}),
    };
    Ok(axum::Json(reply).into_response())
}

/// The linking card of the year: (number, Dutch, English). Proposed and
/// hand-made links are counted apart ("5 van 8 voorgestelde paren
/// gekoppeld, 2 met de hand"), with the proposed pairs still to decide.
fn link_step(
    proposed: Option<&super::PairSet>,
    cases: &[CaseInfo],
    decisions: &[workspace::LinkDecision],
    conversations: usize,
    n_cases: usize,
) -> (String, String, String) {
    let size_nl = format!(
        "{}, {}",
        super::count(conversations, "gesprek", "gesprekken"),
        super::count(n_cases, "casus", "casussen")
    );
    let size_en = format!(
        "{}, {}",
        super::count(conversations, "conversation", "conversations"),
        super::count(n_cases, "case", "cases")
    );
    let linked: Vec<&workspace::LinkDecision> = decisions.iter().filter(|d| d.linked).collect();
    let Some(pairs) = proposed else {
        return (
            linked.len().to_string(),
            format!(
                "paren gekoppeld; de voorgestelde paren worden geteld, het aantal verschijnt hier vanzelf ({size_nl})"
            ),
            format!(
                "pairs linked; the proposed pairs are being counted, the number appears here by itself ({size_en})"
            ),
        );
    };
    let is_proposed =
        |d: &workspace::LinkDecision| pairs.contains(&(d.conv_a.clone(), d.conv_b.clone()));
    let by_proposal = linked.iter().filter(|d| is_proposed(d)).count();
    let by_hand = linked.len() - by_proposal;
    let decided = decisions.iter().filter(|d| is_proposed(d)).count();
    let open = pairs.len() - decided - together_undecided(pairs, cases, decisions);
    (
        format!("{by_proposal} / {}", pairs.len()),
        format!(
            "voorgestelde paren gekoppeld, {by_hand} met de hand; {open} {} nog te beoordelen ({size_nl})",
            if open == 1 {
                "voorgesteld paar"
            } else {
                "voorgestelde paren"
            }
        ),
        format!(
            "proposed pairs linked, {by_hand} by hand; {open} proposed {} still to decide ({size_en})",
            if open == 1 { "pair" } else { "pairs" }
        ),
    )
}

/// The proposed pairs not decided themselves whose two conversations are
/// already in one case through other links (nothing left to decide).
fn together_undecided(
    pairs: &super::PairSet,
    cases: &[CaseInfo],
    decisions: &[workspace::LinkDecision],
) -> usize {
    let case_of: HashMap<&str, &str> = cases
        .iter()
        .filter(|c| c.conversations.len() > 1)
        .flat_map(|c| {
            c.conversations
                .iter()
                .map(move |x| (x.as_str(), c.case_id.as_str()))
        })
        .collect();
    let decided: BTreeSet<(&str, &str)> = decisions
        .iter()
        .map(|d| (d.conv_a.as_str(), d.conv_b.as_str()))
        .collect();
    pairs
        .iter()
        .filter(|(a, b)| {
            !decided.contains(&(a.as_str(), b.as_str()))
                && case_of
                    .get(a.as_str())
                    .is_some_and(|x| case_of.get(b.as_str()) == Some(x))
        })
        .count()
}

/// The confirmation of the last export of each kind, from the year's log
/// ("Definitieve export (cases.csv, 4 casussen) gemaakt op … door …"): a
/// status line there from page load, which the script refreshes after an
/// export link is clicked.
fn exports_made(exports: &[workspace::ExportRecord]) -> String {
    let mut lines = String::new();
    for kind in [
        workspace::ExportKind::Final,
        workspace::ExportKind::Provisional,
    ] {
        // Newest first: the first of a kind is its last export.
        let Some(x) = exports.iter().find(|x| x.kind == kind) else {
            continue;
        };
        let file = match x.format {
            workspace::ExportFormat::Csv => "cases.csv",
            workspace::ExportFormat::Sav => "cases.sav (SPSS)",
        };
        let (nl, en) = match kind {
            workspace::ExportKind::Final => (
                format!(
                    "Definitieve export ({file}, {}) gemaakt op {} door {}.",
                    super::count(x.cases, "casus", "casussen"),
                    nl_time(&x.at),
                    x.by
                ),
                format!(
                    "Final export ({file}, {}) made on {} by {}.",
                    super::count(x.cases, "case", "cases"),
                    nl_time(&x.at),
                    x.by
                ),
            ),
            workspace::ExportKind::Provisional => (
                format!(
                    "Voorlopige export ({file}, {}) gemaakt op {} door {}.",
                    super::count(x.cases, "klare casus", "klare casussen"),
                    nl_time(&x.at),
                    x.by
                ),
                format!(
                    "Provisional export ({file}, {}) made on {} by {}.",
                    super::count(x.cases, "finished case", "finished cases"),
                    nl_time(&x.at),
                    x.by
                ),
            ),
        };
        lines.push_str(&t("span", " class=\"made\"", &nl, &en));
    }
    format!("<p id=\"export-made\" role=\"status\" class=\"ok\">{lines}</p>")
}
