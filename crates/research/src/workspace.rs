//! The research workspace database: selected conversations, link decisions, coded values, audit.
//!
//! One SQLite file (`research.sqlite3` in the data directory) with the schema
//! of `migrations/`. Everything a researcher decides goes through this module
//! and is recorded with who and when: link decisions are appended, every
//! change of a coded value writes an audit row with the old and new value.
//! Functions take the acting person and the time as arguments, so the library
//! has no clock and tests are exact.
//!
//! A **case** is a connected group of the year's selected conversations under
//! the current `linked` decisions; its id is the id of its earliest
//! conversation. Values are stored per case and *version*: `final` (what is
//! exported) or a coder's name (blind double coding). Values are checked
//! against the codebook on every change, with the reader of `cases.csv`, so
//! that the workspace can never hold a value the export would reject; a
//! change that makes a conditional value inapplicable clears it (audited).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};
use zicht_cases::Record;
use zicht_codebook::{Codebook, Column};
use zicht_conversations::Conversation;

use crate::agreement::{self, Agreement};
use crate::linking::{self, Candidate, LinkOptions, Profile};

/// File name of the research database inside the data directory.
pub const SQLITE_FILE: &str = "research.sqlite3";

/// The version name of the exported values.
pub const FINAL: &str = "final";

/// The question of a coder's flag "hoort hier niet" ([`Workspace::flag_off_topic`]).
pub const OFF_TOPIC: &str = "Hoort hier niet (lijkt geen mensenhandel / off-topic)";

/// The SQL migrations in order: (name, text).
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_research",
        include_str!("../migrations/0001_research.sql"),
    ),
    (
        "0002_imports",
        include_str!("../migrations/0002_imports.sql"),
    ),
    (
        "0003_discussions",
        include_str!("../migrations/0003_discussions.sql"),
    ),
    (
        "0004_exports",
        include_str!("../migrations/0004_exports.sql"),
    ),
    (
        "0005_off_topic",
        include_str!("../migrations/0005_off_topic.sql"),
    ),
    (
        "0006_export_audit",
        include_str!("../migrations/0006_export_audit.sql"),
    ),
];

/// Why a workspace operation failed; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error(transparent)]
    Vault(#[from] zicht_vault::VaultError),
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("research database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("research database: migration {name}: {source}")]
    Migration {
        name: &'static str,
        source: rusqlite::Error,
    },
    #[error("research database: stored conversation `{id}` does not read: {message}")]
    Corrupt { id: String, message: String },
    #[error(
        "conversation `{id}` is already in the workspace with other content (source {source_name}); nothing was imported"
    )]
    Conflict { id: String, source_name: String },
    #[error("conversation `{id}`: started_at `{started_at}` has no year")]
    NoYear { id: String, started_at: String },
    #[error("no conversation `{0}` in the workspace")]
    NoConversation(String),
    #[error("no case `{0}` in the workspace")]
    NoCase(String),
    #[error("`{0}` is not a column of the codebook")]
    NoColumn(String),
    #[error("`{0}` is derived from the conversations and cannot be coded by hand")]
    Derived(String),
    #[error("a conversation cannot be linked to itself (`{0}`)")]
    SelfLink(String),
    #[error("casus {case_id}: {}", .problems.join("; "))]
    Invalid {
        case_id: String,
        /// The column the first problem is about, for the form to show it beside the field.
        column: Option<String>,
        /// In Dutch, with the codebook's labels.
        problems: Vec<String>,
    },
    #[error("{0}")]
    Refused(String),
    /// Blind double coding: not visible to this coder yet.
    #[error("{0}")]
    Blind(String),
    #[error("cannot export: {}", .0.join("; "))]
    Export(Vec<String>),
    #[error("`{0}` is not a version: use `final` or a coder's name")]
    BadVersion(String),
    /// Someone else changed the field since the page was built; nothing was saved.
    #[error("{message}")]
    Changed {
        /// The column changed by someone else.
        column: String,
        /// In Dutch: who set it to what, and that this value was not saved.
        message: String,
    },
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Conversations read.
    pub read: usize,
    /// New in the workspace.
    pub added: usize,
    /// Already there with the same content.
    pub unchanged: usize,
    /// Per year: conversations flagged as trafficking by first-time visitors (the selection).
    pub selected_by_year: BTreeMap<i32, usize>,
}

/// One recorded import (the audit of [`Workspace::import`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportRecord {
    /// `import:<file name>` or `store` (the chat's own store).
    pub source: String,
    pub read: usize,
    pub added: usize,
    pub unchanged: usize,
    pub by: String,
    pub at: String,
}

/// Which export: of the finished cases only, or of the whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    /// Only the finished cases (`?voorlopig=1`).
    Provisional,
    /// Every case of the year, all finished.
    Final,
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// `cases.csv` (formats.md section 1).
    Csv,
    /// The SPSS system file.
    Sav,
}

impl ExportKind {
    fn as_str(self) -> &'static str {
        match self {
            ExportKind::Provisional => "provisional",
            ExportKind::Final => "final",
        }
    }
}

impl ExportFormat {
    fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Sav => "sav",
        }
    }
}

/// One recorded export (the audit of [`Workspace::record_export`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportRecord {
    pub year: i32,
    pub kind: ExportKind,
    pub format: ExportFormat,
    /// Cases in the file.
    pub cases: usize,
    pub by: String,
    pub at: String,
}

/// A case of one year: a connected group of conversations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInfo {
    /// The id of the earliest conversation.
    pub case_id: String,
    pub year: i32,
    /// Conversation ids, earliest first.
    pub conversations: Vec<String>,
    /// `started_at` of the earliest conversation.
    pub first_started: String,
    /// Channel of the earliest conversation.
    pub channel: String,
}

/// The year's funnel as the report shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Funnel {
    /// Selected conversations (flagged, first-time).
    pub conversations: usize,
    /// Conversations linked into another's case (`conversations - cases`).
    pub duplicates: usize,
    /// Cases with final status excluded.
    pub excluded: usize,
    /// Cases with final status included.
    pub included: usize,
    /// Cases without a final status yet.
    pub open: usize,
}

/// A current link decision.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkDecision {
    pub conv_a: String,
    pub conv_b: String,
    pub linked: bool,
    pub score: Option<f64>,
    pub decided_by: String,
    pub decided_at: String,
}

/// One audited change of a coded value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEntry {
    pub case_id: String,
    pub version: String,
    pub column: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub via: String,
    pub by: String,
    pub at: String,
}

/// One change applied by [`Workspace::set_value`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub column: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// An audit row as undo reads it: (change, column, old, new, via, changed_by).
type UndoRow = (i64, String, Option<String>, Option<String>, String, String);

/// What an undo would take back: the change as it was done, and who did it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NextUndo {
    /// Old -> new per column, newest first.
    pub changes: Vec<Change>,
    /// The account that made the change.
    pub by: Option<String>,
    /// How the change came about (`form`, `agreed`, `adjudication`, ...).
    pub via: Option<String>,
}

/// Why two cases cannot be merged by linking (raw names; see [`Workspace::merge_conflicts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
struct MergeConflict {
    target: String,
    other: String,
    /// Empty for a conflict of coders.
    version: String,
    /// Empty for a conflict of coders.
    column: String,
    target_value: String,
    other_value: String,
}

/// The agreement of a year's finished double-coded cases, with their coders.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementDetail {
    /// Over the cases both coders marked done.
    pub agreement: Agreement,
    /// Per compared case: (coder A, coder B).
    pub coders: BTreeMap<String, (String, String)>,
    /// Cases assigned for double coding (done or not).
    pub assigned: usize,
}

/// A cell where the two coders of a finished case differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub case_id: String,
    pub column: String,
    /// Raw values as in `cases.csv` (empty = unknown).
    pub a: String,
    pub b: String,
    pub coder_a: String,
    pub coder_b: String,
    /// The final coding settles it.
    pub resolved: bool,
}

/// Why a case is not finished (not in the final or provisional export).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenReason {
    /// No status (include or exclude) yet.
    NoStatus,
    /// Double-coded, and the coders' differences in these columns are not adjudicated.
    Unsettled(Vec<String>),
    /// The coding is incomplete or invalid (Dutch messages).
    Incomplete(Vec<String>),
    /// A question about the case (or a flag "hoort hier niet") waits for the discussion.
    Discussion,
    /// In the double-coding sample, and not both coders marked theirs done.
    DoubleCoding,
    /// Included, and its final coding is not marked "klaar" yet.
    NotMarked,
}

/// [`OpenReason::Discussion`] in words.
pub const DISCUSSION_NL: &str = "wacht op overleg: een vraag over deze casus is nog niet besloten";
/// [`OpenReason::DoubleCoding`] in words.
pub const DOUBLE_NL: &str =
    "hoort bij de steekproef voor dubbel coderen en nog niet beide codeurs zijn klaar";
/// [`OpenReason::NotMarked`] in words.
pub const NOT_MARKED_NL: &str =
    "de codering is nog niet als klaar gemarkeerd (knop „Klaar met coderen” op de casus)";

/// What decides whether a case is finished besides its final values
/// ([`open_reason`]).
#[derive(Debug, Clone, Default)]
pub struct CaseState<'a> {
    /// Columns whose coders' differences the final coding does not settle.
    pub unsettled: Option<&'a Vec<String>>,
    /// A question about the case waits for the discussion.
    pub in_discussion: bool,
    /// Columns left unknown on purpose ([`Workspace::left_unknown`]).
    pub left_unknown: Option<&'a BTreeSet<String>>,
    /// In the double-coding sample and not both coders done.
    pub double_open: bool,
    /// The final coding is marked "klaar" ([`Workspace::mark_final`]).
    pub marked: bool,
}

/// A double-coding assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub case_id: String,
    /// 1 = coder A, 2 = coder B.
    pub slot: u8,
    pub coder: String,
    pub done_at: Option<String>,
    pub assigned_by: String,
    pub assigned_at: String,
}

/// A recorded decision on an assisted-coding suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionDecision {
    pub case_id: String,
    pub version: String,
    pub conversation_id: String,
    pub variable: String,
    pub value: String,
    pub accepted: bool,
    pub by: String,
    pub at: String,
}

/// A case brought to the discussion ("overleg"), with its decision once taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discussion {
    pub case_id: String,
    pub question: String,
    pub asked_by: String,
    pub asked_at: String,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    /// A blind coder's flag "hoort hier niet" ([`Workspace::flag_off_topic`]):
    /// shown to every researcher at once.
    pub off_topic: bool,
}

/// Where a double-coding sample comes from ([`Workspace::sample_pool`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SamplePool {
    /// Included cases not in the sample yet: what a draw chooses from.
    pub eligible: Vec<String>,
    /// Cases whose status is included (in the sample or not).
    pub included: usize,
    /// Cases without a status yet (not screened: never drawn).
    pub undecided: usize,
    /// Cases in the sample already.
    pub assigned: usize,
    /// Of `eligible`, the cases whose final coding is marked "klaar": drawn,
    /// they lose that mark (the page says so before the draw).
    pub finished: usize,
}

/// Everything recorded about a year, for its audit page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearLog {
    /// Every link decision, oldest first (the latest of a pair holds).
    pub links: Vec<LinkDecision>,
    pub assignments: Vec<Assignment>,
    /// Every change of a coded value of the year's cases (all versions), oldest first.
    pub values: Vec<AuditEntry>,
    pub suggestions: Vec<SuggestionDecision>,
}

/// The research database. Its copies of the transcripts (`r_conversations`:
/// the whole conversation and the nickname) and the text written about them
/// (a link decision's reasons, a discussion's question and decision) are
/// sealed with a data key per conversation, wrapped by the same master key as
/// the chat store's.
#[derive(Debug)]
pub struct Workspace {
    conn: Connection,
    vault: zicht_vault::Vault,
}

/// The data keys of the workspace's conversations (created on open, outside
/// the numbered migrations so it never competes for a number).
const KEYS_TABLE: &str = "CREATE TABLE IF NOT EXISTS r_conversation_keys (
    conversation_id TEXT PRIMARY KEY,
    master_id       TEXT NOT NULL,
    wrapped         BLOB NOT NULL
)";

/// Groups the audit rows of one decision (a value and what its condition
/// cleared, every item of an accepted set suggestion, an adoption) under one
/// number, so that undo reverts exactly that decision. Added on open, outside
/// the numbered migrations (like the keys table); older rows are each their own change.
fn ensure_change_ids(conn: &Connection) -> Result<(), WorkspaceError> {
    let has = conn
        .prepare("SELECT 1 FROM pragma_table_info('r_audit') WHERE name = 'change_id'")?
        .exists([])?;
    if !has {
        conn.execute_batch(
            "ALTER TABLE r_audit ADD COLUMN change_id INTEGER;
             UPDATE r_audit SET change_id = id;",
        )?;
    }
    Ok(())
}

/// The number of the next change (see [`ensure_change_ids`]).
fn next_change(conn: &Connection) -> Result<i64, WorkspaceError> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(change_id), 0) + 1 FROM r_audit",
        [],
        |r| r.get(0),
    )?)
}

fn key_owner(id: &str) -> String {
    format!("research conversation {id}")
}
fn aad_body(id: &str) -> String {
    format!("r_conversations.body|{id}")
}
fn aad_username(id: &str) -> String {
    format!("r_conversations.username|{id}")
}
/// A link decision's reasons (they quote both nicknames) are sealed with the
/// data key of the pair's first conversation, bound to the decision's row.
fn aad_reasons(row: i64) -> String {
    format!("r_link_decisions.reasons|{row}")
}
/// A discussion's question and decision (they speak of the transcript) are
/// sealed with the data key of the case's conversation, bound to the row.
fn aad_question(row: i64) -> String {
    format!("r_discussions.question|{row}")
}
fn aad_decision(row: i64) -> String {
    format!("r_discussions.decision|{row}")
}

/// Whether a conversation counts as a first-time visitor's: unless the platform
/// exported `flags.first_time = false`.
pub fn is_first_time(c: &Conversation) -> bool {
    c.flags
        .other
        .get("first_time")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(true)
}

/// Whether the version name is `final` or a plausible coder name.
fn check_version(version: &str) -> Result<(), WorkspaceError> {
    if version == FINAL
        || (!version.is_empty()
            && version.len() <= 64
            && version
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '@')))
    {
        Ok(())
    } else {
        Err(WorkspaceError::BadVersion(version.to_string()))
    }
}

impl Workspace {
    /// Opens (and creates) `research.sqlite3` in `dir`, applying migrations;
    /// `vault` holds the master key that wraps the transcripts' data keys.
    pub fn open_dir(dir: &Path, vault: zicht_vault::Vault) -> Result<Workspace, WorkspaceError> {
        Workspace::open(&dir.join(SQLITE_FILE), vault)
    }

    /// Opens (and creates) the database file (mode 0600), applying migrations.
    pub fn open(path: &Path, vault: zicht_vault::Vault) -> Result<Workspace, WorkspaceError> {
        {
            let mut options = std::fs::OpenOptions::new();
            options.create(true).append(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let io = |e: std::io::Error| WorkspaceError::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            };
            options.open(path).map_err(io)?;
            #[cfg(unix)]
            for suffix in ["", "-wal", "-shm"] {
                use std::os::unix::fs::PermissionsExt;
                let mut p = path.as_os_str().to_os_string();
                p.push(suffix);
                let p = std::path::PathBuf::from(p);
                if p.exists() {
                    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                        .map_err(io)?;
                }
            }
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        let ws = Workspace::migrate(conn, vault)?;
        ws.check_key()?;
        ws.seal_plain_text()?;
        Ok(ws)
    }

    /// A workspace in memory (tests, one-off computations), with a key that is never stored.
    pub fn in_memory() -> Result<Workspace, WorkspaceError> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Workspace::migrate(conn, zicht_vault::Vault::ephemeral()?)
    }

    /// The data key of a conversation, made and stored on first use.
    fn data_key(&self, id: &str) -> Result<zicht_vault::DataKey, WorkspaceError> {
        let row: Option<(String, Vec<u8>)> = self
            .conn
            .prepare_cached(
                "SELECT master_id, wrapped FROM r_conversation_keys WHERE conversation_id = ?1",
            )?
            .query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match row {
            Some((master_id, blob)) => self
                .vault
                .unwrap(&zicht_vault::Wrapped { master_id, blob }, &key_owner(id))?,
            None => {
                let (key, w) = self.vault.new_data_key(&key_owner(id))?;
                self.conn.execute(
                    "INSERT INTO r_conversation_keys (conversation_id, master_id, wrapped) VALUES (?1, ?2, ?3)",
                    params![id, w.master_id, w.blob],
                )?;
                key
            }
        })
    }

    /// Opens a stored body or nickname (sealed BLOB; text from before encryption).
    fn unseal(
        &self,
        id: &str,
        aad: &str,
        v: rusqlite::types::Value,
    ) -> Result<String, WorkspaceError> {
        open_value(&self.data_key(id)?, id, aad, v)
    }

    /// Checks that the master key opens the stored data keys (a wrong key changes nothing).
    fn check_key(&self) -> Result<(), WorkspaceError> {
        let row: Option<(String, String, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT conversation_id, master_id, wrapped FROM r_conversation_keys LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((id, master_id, blob)) = row {
            self.vault
                .unwrap(&zicht_vault::Wrapped { master_id, blob }, &key_owner(&id))?;
        }
        Ok(())
    }

    /// Seals what a workspace from before encryption holds in plain text: the
    /// transcripts, link decisions' reasons, discussions' questions and
    /// decisions (the data migration of encryption; it runs on every open
    /// and finds nothing once done).
    fn seal_plain_text(&self) -> Result<(), WorkspaceError> {
        let text_rows = |sql: &str| -> Result<Vec<(String, i64, String)>, WorkspaceError> {
            Ok(self
                .conn
                .prepare(sql)?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?)
        };
        let rows: Vec<(String, String, String)> = self
            .conn
            .prepare(
                "SELECT conversation_id, username, body FROM r_conversations WHERE typeof(body) = 'text'",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let reasons = text_rows(
            "SELECT conv_a, id, reasons FROM r_link_decisions WHERE typeof(reasons) = 'text'",
        )?;
        let questions = text_rows(
            "SELECT case_id, id, question FROM r_discussions WHERE typeof(question) = 'text'",
        )?;
        let decisions = text_rows(
            "SELECT case_id, id, decision FROM r_discussions WHERE typeof(decision) = 'text'",
        )?;
        if rows.is_empty() && reasons.is_empty() && questions.is_empty() && decisions.is_empty() {
            return Ok(());
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let run = || -> Result<(), WorkspaceError> {
            for (id, username, body) in &rows {
                let key = self.data_key(id)?;
                self.conn.execute(
                    "UPDATE r_conversations SET username = ?2, body = ?3 WHERE conversation_id = ?1",
                    params![
                        id,
                        key.seal_text(username, &aad_username(id))?,
                        key.seal_text(body, &aad_body(id))?
                    ],
                )?;
            }
            for (conv, row, text) in &reasons {
                let sealed = self.data_key(conv)?.seal_text(text, &aad_reasons(*row))?;
                self.conn.execute(
                    "UPDATE r_link_decisions SET reasons = ?2 WHERE id = ?1",
                    params![row, sealed],
                )?;
            }
            for (case_id, row, text) in &questions {
                let sealed = self
                    .data_key(case_id)?
                    .seal_text(text, &aad_question(*row))?;
                self.conn.execute(
                    "UPDATE r_discussions SET question = ?2 WHERE id = ?1",
                    params![row, sealed],
                )?;
            }
            for (case_id, row, text) in &decisions {
                let sealed = self
                    .data_key(case_id)?
                    .seal_text(text, &aad_decision(*row))?;
                self.conn.execute(
                    "UPDATE r_discussions SET decision = ?2 WHERE id = ?1",
                    params![row, sealed],
                )?;
            }
            Ok(())
        };
        match run() {
            Ok(()) => Ok(self.conn.execute_batch("COMMIT")?),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Re-wraps every data key not wrapped by `to` (`zicht key rotate`), in batches.
    pub fn rewrap_batch(
        &self,
        to: &zicht_vault::MasterKey,
        batch: usize,
    ) -> Result<usize, WorkspaceError> {
        let rows: Vec<(String, String, Vec<u8>)> = self
            .conn
            .prepare(
                "SELECT conversation_id, master_id, wrapped FROM r_conversation_keys WHERE master_id <> ?1 LIMIT ?2",
            )?
            .query_map(params![to.id(), batch as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let run = || -> Result<(), WorkspaceError> {
            for (id, master_id, blob) in &rows {
                let new = self.vault.rewrap(
                    &zicht_vault::Wrapped {
                        master_id: master_id.clone(),
                        blob: blob.clone(),
                    },
                    &key_owner(id),
                    to,
                )?;
                self.conn.execute(
                    "UPDATE r_conversation_keys SET master_id = ?2, wrapped = ?3 WHERE conversation_id = ?1",
                    params![id, new.master_id, new.blob],
                )?;
            }
            Ok(())
        };
        match run() {
            Ok(()) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(rows.len())
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn migrate(
        mut conn: Connection,
        vault: zicht_vault::Vault,
    ) -> Result<Workspace, WorkspaceError> {
        let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (i, (name, sql)) in MIGRATIONS.iter().enumerate() {
            let number = i as i64 + 1;
            if number <= applied {
                continue;
            }
            let tx = conn.transaction()?;
            tx.execute_batch(sql)
                .map_err(|source| WorkspaceError::Migration { name, source })?;
            tx.pragma_update(None, "user_version", number)
                .map_err(|source| WorkspaceError::Migration { name, source })?;
            tx.commit()?;
        }
        conn.execute_batch(KEYS_TABLE)?;
        ensure_change_ids(&conn)?;
        Ok(Workspace { conn, vault })
    }

    // ---- selection ----

    /// Adds conversations (from the chat store or another platform). All or nothing:
    /// a conversation already present with other content is a conflict.
    pub fn import(
        &mut self,
        conversations: &[Conversation],
        source: &str,
        who: &str,
        now: &str,
    ) -> Result<ImportSummary, WorkspaceError> {
        let tx = self.conn.transaction()?;
        let mut summary = ImportSummary {
            read: conversations.len(),
            ..ImportSummary::default()
        };
        for c in conversations {
            let body = serde_json::to_string(c).map_err(|e| WorkspaceError::Corrupt {
                id: c.conversation_id.clone(),
                message: e.to_string(),
            })?;
            let year = c.year().ok_or_else(|| WorkspaceError::NoYear {
                id: c.conversation_id.clone(),
                started_at: c.started_at.clone(),
            })?;
            let existing: Option<(rusqlite::types::Value, String)> = tx
                .query_row(
                    "SELECT body, source FROM r_conversations WHERE conversation_id = ?1",
                    params![c.conversation_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let existing = match existing {
                Some((old, source)) => Some((
                    unseal_in(
                        &tx,
                        &self.vault,
                        &c.conversation_id,
                        &aad_body(&c.conversation_id),
                        old,
                    )?,
                    source,
                )),
                None => None,
            };
            match existing {
                Some((old, _)) if old == body => summary.unchanged += 1,
                Some((_, source_name)) => {
                    return Err(WorkspaceError::Conflict {
                        id: c.conversation_id.clone(),
                        source_name,
                    });
                }
                None => {
                    let key = data_key_in(&tx, &self.vault, &c.conversation_id)?;
                    let username = key.seal_text(&c.username, &aad_username(&c.conversation_id))?;
                    let body = key.seal_text(&body, &aad_body(&c.conversation_id))?;
                    tx.execute(
                        "INSERT INTO r_conversations (conversation_id, year, started_at, channel, username,
                             trafficking, first_time, source, body, added_by, added_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        params![
                            c.conversation_id,
                            year,
                            c.started_at,
                            c.channel,
                            username,
                            c.flags.flagged(),
                            is_first_time(c),
                            source,
                            body,
                            who,
                            now
                        ],
                    )?;
                    summary.added += 1;
                }
            }
            if c.flags.flagged() && is_first_time(c) {
                *summary.selected_by_year.entry(year).or_default() += 1;
            }
        }
        tx.execute(
            "INSERT INTO r_imports (source, read, added, unchanged, imported_by, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                source,
                summary.read as i64,
                summary.added as i64,
                summary.unchanged as i64,
                who,
                now
            ],
        )?;
        tx.commit()?;
        Ok(summary)
    }

    /// Every recorded import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT source, read, added, unchanged, imported_by, imported_at FROM r_imports ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportRecord {
                source: r.get(0)?,
                read: r.get::<_, i64>(1)? as usize,
                added: r.get::<_, i64>(2)? as usize,
                unchanged: r.get::<_, i64>(3)? as usize,
                by: r.get(4)?,
                at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records an export that produced a file (a refused export records nothing).
    pub fn record_export(&mut self, record: &ExportRecord) -> Result<(), WorkspaceError> {
        self.conn.execute(
            "INSERT INTO r_exports (year, kind, format, cases, exported_by, exported_at, audit_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT COALESCE(MAX(id), 0) FROM r_audit))",
            params![
                record.year,
                record.kind.as_str(),
                record.format.as_str(),
                record.cases as i64,
                record.by,
                record.at
            ],
        )?;
        Ok(())
    }

    /// Every recorded export of a year, newest first.
    pub fn exports(&self, year: i32) -> Result<Vec<ExportRecord>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, format, cases, exported_by, exported_at FROM r_exports
             WHERE year = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map(params![year], |r| {
            let kind: String = r.get(0)?;
            let format: String = r.get(1)?;
            Ok(ExportRecord {
                year,
                kind: if kind == "final" {
                    ExportKind::Final
                } else {
                    ExportKind::Provisional
                },
                format: if format == "sav" {
                    ExportFormat::Sav
                } else {
                    ExportFormat::Csv
                },
                cases: r.get::<_, i64>(2)? as usize,
                by: r.get(3)?,
                at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The year's last final export (its time) and the cases whose final
    /// coding changed after it (a value, an undo, a link): what that export
    /// does not hold. `None` without a final export.
    pub fn changed_since_final_export(
        &self,
        year: i32,
    ) -> Result<Option<(String, BTreeSet<String>)>, WorkspaceError> {
        let last: Option<(String, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT exported_at, audit_id FROM r_exports WHERE year = ?1 AND kind = 'final' ORDER BY id DESC LIMIT 1",
                params![year],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((at, audit_id)) = last else {
            return Ok(None);
        };
        // After the export's place in the log (older exports: its time).
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT a.case_id FROM r_audit a JOIN r_conversations c ON c.conversation_id = a.case_id
             WHERE c.year = ?1 AND a.version = 'final'
               AND (CASE WHEN ?3 IS NULL THEN a.changed_at > ?2 ELSE a.id > ?3 END)
               AND COALESCE(a.old_value, '') <> COALESCE(a.new_value, '')",
        )?;
        let rows = stmt.query_map(params![year, at, audit_id], |r| r.get(0))?;
        let cases = rows.collect::<Result<BTreeSet<String>, _>>()?;
        Ok(Some((at, cases)))
    }

    /// The years that have selected conversations, newest first.
    pub fn years(&self) -> Result<Vec<i32>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT year FROM r_conversations WHERE trafficking = 1 AND first_time = 1 ORDER BY year DESC",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<i32>, _>>()?)
    }

    /// How many conversations of the year are in the workspace, selected or not.
    pub fn conversation_count(&self, year: i32) -> Result<(usize, usize), WorkspaceError> {
        let (all, selected): (i64, i64) = self.conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(trafficking = 1 AND first_time = 1), 0) FROM r_conversations WHERE year = ?1",
            params![year],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((all as usize, selected as usize))
    }

    /// The selection of a year: conversations of first-time visitors flagged as trafficking, by start.
    pub fn selected(&self, year: i32) -> Result<Vec<Conversation>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT conversation_id, body FROM r_conversations
             WHERE year = ?1 AND trafficking = 1 AND first_time = 1
             ORDER BY started_at, conversation_id",
        )?;
        let rows = stmt.query_map(params![year], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, rusqlite::types::Value>(1)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, body) = row?;
            let body = self.unseal(&id, &aad_body(&id), body)?;
            out.push(parse_body(&id, &body)?);
        }
        Ok(out)
    }

    /// One conversation by id.
    pub fn conversation(&self, id: &str) -> Result<Option<Conversation>, WorkspaceError> {
        let body: Option<rusqlite::types::Value> = self
            .conn
            .query_row(
                "SELECT body FROM r_conversations WHERE conversation_id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| parse_body(id, &self.unseal(id, &aad_body(id), b)?))
            .transpose()
    }

    fn year_of(&self, conversation_id: &str) -> Result<i32, WorkspaceError> {
        self.conn
            .query_row(
                "SELECT year FROM r_conversations WHERE conversation_id = ?1",
                params![conversation_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| WorkspaceError::NoConversation(conversation_id.to_string()))
    }

    // ---- linking ----

    /// Records a decision on a pair: linked (same person) or rejected.
    ///
    /// Linking merges two cases: the later case's values (every version),
    /// double-coding assignments, suggestion decisions and discussions go to
    /// the case of the earliest conversation, audited with `via = link`.
    /// Refused, changing nothing, where the two cases hold different values for
    /// the same field or are double-coded by different coders
    /// ([`Workspace::merge_conflicts`] says so in words).
    #[allow(clippy::too_many_arguments)]
    pub fn decide_link(
        &mut self,
        a: &str,
        b: &str,
        linked: bool,
        score: Option<f64>,
        reasons_json: &str,
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        if a == b {
            return Err(WorkspaceError::SelfLink(a.to_string()));
        }
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let year = self.year_of(a)?;
        self.year_of(b)?;
        let before = self.cases(year)?;
        if linked {
            let conflicts = self.raw_conflicts(a, b)?;
            if let Some(c) = conflicts.first() {
                return Err(WorkspaceError::Refused(format!(
                    "Koppelen kan niet: casus {} en casus {} verschillen in {} ({}: „{}” en „{}”). Maak ze eerst gelijk.",
                    c.target, c.other, c.column, c.version, c.target_value, c.other_value
                )));
            }
        }
        let tx = self.conn.transaction()?;
        // The row id is chosen first: the sealed reasons are bound to it.
        let row: i64 = tx.query_row(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM r_link_decisions",
            [],
            |r| r.get(0),
        )?;
        let reasons =
            data_key_in(&tx, &self.vault, a)?.seal_text(reasons_json, &aad_reasons(row))?;
        tx.execute(
            "INSERT INTO r_link_decisions (id, conv_a, conv_b, decision, score, reasons, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                row,
                a,
                b,
                if linked { "linked" } else { "rejected" },
                score,
                reasons,
                who,
                now
            ],
        )?;
        tx.commit()?;
        // Values follow their conversations when case ids change.
        let after = self.cases(year)?;
        self.rekey_values(&before, &after, who, now)
    }

    /// The case a conversation belongs to now (for a case id that was merged away by linking).
    pub fn case_of_conversation(&self, id: &str) -> Result<Option<CaseInfo>, WorkspaceError> {
        let Ok(year) = self.year_of(id) else {
            return Ok(None);
        };
        Ok(self
            .cases(year)?
            .into_iter()
            .find(|c| c.conversations.iter().any(|x| x == id)))
    }

    /// What linking conversations `a` and `b` would merge: the two cases, if different.
    fn merge_of(&self, a: &str, b: &str) -> Result<Option<(CaseInfo, CaseInfo)>, WorkspaceError> {
        let (Some(ca), Some(cb)) = (self.case_of_conversation(a)?, self.case_of_conversation(b)?)
        else {
            return Ok(None);
        };
        if ca.case_id == cb.case_id {
            return Ok(None);
        }
        Ok(Some(earlier_first(ca, cb)))
    }

    /// Why linking `a` and `b` cannot merge their cases (raw names), empty if it can.
    fn raw_conflicts(&self, a: &str, b: &str) -> Result<Vec<MergeConflict>, WorkspaceError> {
        let Some((target, other)) = self.merge_of(a, b)? else {
            return Ok(Vec::new());
        };
        self.conflicts_of(&target, &other)
    }

    /// For the linking page, before the click: per pair of conversations
    /// whose cases would merge with coding to carry over, what moves
    /// ([`Workspace::merge_note`]) and what refuses ([`Workspace::merge_conflicts`]).
    #[allow(clippy::type_complexity)]
    pub fn merge_notes(
        &self,
        book: &Codebook,
        year: i32,
        pairs: &[(String, String)],
    ) -> Result<HashMap<(String, String), MergeText>, WorkspaceError> {
        let cases = self.cases(year)?;
        let case_of: HashMap<&str, &CaseInfo> = cases
            .iter()
            .flat_map(|c| c.conversations.iter().map(move |x| (x.as_str(), c)))
            .collect();
        let coded: BTreeSet<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT case_id FROM r_values UNION SELECT case_id FROM r_assignments")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut out = HashMap::new();
        for (a, b) in pairs {
            let (Some(ca), Some(cb)) = (case_of.get(a.as_str()), case_of.get(b.as_str())) else {
                continue;
            };
            if ca.case_id == cb.case_id
                || !(coded.contains(&ca.case_id) || coded.contains(&cb.case_id))
            {
                continue;
            }
            let (target, other) = earlier_first((*ca).clone(), (*cb).clone());
            let note = self.note_both(&target, &other)?;
            let conflicts = self
                .conflicts_of(&target, &other)?
                .into_iter()
                .map(|c| (conflict_nl(book, &c), conflict_en(book, &c)))
                .collect();
            out.insert((a.clone(), b.clone()), (note, conflicts));
        }
        Ok(out)
    }

    fn conflicts_of(
        &self,
        target: &CaseInfo,
        other: &CaseInfo,
    ) -> Result<Vec<MergeConflict>, WorkspaceError> {
        let mut out = Vec::new();
        let versions = |id: &str| -> Result<BTreeSet<String>, WorkspaceError> {
            let mut stmt = self
                .conn
                .prepare("SELECT DISTINCT version FROM r_values WHERE case_id = ?1")?;
            let rows = stmt.query_map(params![id], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let theirs = versions(&other.case_id)?;
        for version in versions(&target.case_id)?.intersection(&theirs) {
            let t = self.values(&target.case_id, version)?;
            let o = self.values(&other.case_id, version)?;
            for (column, tv) in &t {
                if let Some(ov) = o.get(column)
                    && ov != tv
                {
                    out.push(MergeConflict {
                        target: target.case_id.clone(),
                        other: other.case_id.clone(),
                        version: version.clone(),
                        column: column.clone(),
                        target_value: tv.clone(),
                        other_value: ov.clone(),
                    });
                }
            }
        }
        let coders = |id: &str| -> Result<Vec<(u8, String)>, WorkspaceError> {
            let mut stmt = self.conn.prepare(
                "SELECT slot, coder FROM r_assignments WHERE case_id = ?1 ORDER BY slot",
            )?;
            let rows = stmt.query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<Result<_, _>>()?)
        };
        let (ct, co) = (coders(&target.case_id)?, coders(&other.case_id)?);
        if !ct.is_empty() && !co.is_empty() && ct != co {
            let names = |v: &[(u8, String)]| {
                v.iter()
                    .map(|(_, c)| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" en ")
            };
            out.push(MergeConflict {
                target: target.case_id.clone(),
                other: other.case_id.clone(),
                version: String::new(),
                column: String::new(),
                target_value: names(&ct),
                other_value: names(&co),
            });
        }
        Ok(out)
    }

    /// Why linking conversations `a` and `b` cannot merge their cases, in
    /// Dutch with the codebook's labels and a way forward; empty if it can.
    pub fn merge_conflicts(
        &self,
        book: &Codebook,
        a: &str,
        b: &str,
    ) -> Result<Vec<String>, WorkspaceError> {
        Ok(self
            .raw_conflicts(a, b)?
            .into_iter()
            .map(|c| conflict_nl(book, &c))
            .collect())
    }

    /// What linking conversations `a` and `b` carries over, in Dutch, before
    /// the click: the coding and double coding of the case that merges into
    /// the other. `None` when nothing moves.
    pub fn merge_note(&self, a: &str, b: &str) -> Result<Option<String>, WorkspaceError> {
        let Some((target, other)) = self.merge_of(a, b)? else {
            return Ok(None);
        };
        self.note_of(&target, &other)
    }

    fn note_of(
        &self,
        target: &CaseInfo,
        other: &CaseInfo,
    ) -> Result<Option<String>, WorkspaceError> {
        Ok(self.note_both(target, other)?.map(|(nl, _)| nl))
    }

    /// What linking carries over, in Dutch and in English.
    fn note_both(
        &self,
        target: &CaseInfo,
        other: &CaseInfo,
    ) -> Result<Option<(String, String)>, WorkspaceError> {
        let mut what = Vec::new();
        let mut what_en = Vec::new();
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM r_values WHERE case_id = ?1",
            params![other.case_id],
            |r| r.get(0),
        )?;
        if n > 0 {
            what.push(plural(n, "gecodeerde waarde", "gecodeerde waarden"));
            what_en.push(plural(n, "coded value", "coded values"));
        }
        let decided: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM r_suggestion_decisions WHERE case_id = ?1",
            params![other.case_id],
            |r| r.get(0),
        )?;
        if decided > 0 {
            what.push(plural(
                decided,
                "besluit over een suggestie",
                "besluiten over suggesties",
            ));
            what_en.push(plural(
                decided,
                "decision on a suggestion",
                "decisions on suggestions",
            ));
        }
        let discussed: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM r_discussions WHERE case_id = ?1",
            params![other.case_id],
            |r| r.get(0),
        )?;
        if discussed > 0 {
            what.push(plural(discussed, "overlegvraag", "overlegvragen"));
            what_en.push(plural(
                discussed,
                "discussion question",
                "discussion questions",
            ));
        }
        let coders: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT coder FROM r_assignments WHERE case_id = ?1 ORDER BY slot")?;
            let rows = stmt.query_map(params![other.case_id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        if !coders.is_empty() {
            what.push(format!("de dubbele codering door {}", coders.join(" en ")));
            what_en.push(format!("the double coding by {}", coders.join(" and ")));
        }
        // The kept case in the double-coding sample: its coders get a conversation more.
        let kept_coders: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT coder FROM r_assignments WHERE case_id = ?1 ORDER BY slot")?;
            let rows = stmt.query_map(params![target.case_id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let sample_nl = (!kept_coders.is_empty()).then(|| {
            format!(
                "Casus {} hoort bij de steekproef voor dubbel coderen ({}): hun blinde codering krijgt er het gesprek van casus {} bij.",
                target.case_id,
                kept_coders.join(" en "),
                other.case_id
            )
        });
        let sample_en = (!kept_coders.is_empty()).then(|| {
            format!(
                "Case {} is in the double-coding sample ({}): their blind coding gets the conversation of case {} added.",
                target.case_id,
                kept_coders.join(" and "),
                other.case_id
            )
        });
        let finished: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT DISTINCT coder FROM r_assignments WHERE case_id IN (?1, ?2) AND done_at IS NOT NULL ORDER BY coder",
            )?;
            let rows = stmt.query_map(params![target.case_id, other.case_id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let (mut text, mut text_en) = if what.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(
                    "Bij koppelen gaat casus {} op in casus {}: {} {} mee naar casus {}.",
                    other.case_id,
                    target.case_id,
                    join_and(&what, "en"),
                    if what.len() == 1 && what[0].starts_with("1 ") {
                        "gaat"
                    } else {
                        "gaan"
                    },
                    target.case_id
                ),
                format!(
                    "Linking merges case {} into case {}: {} {} to case {}.",
                    other.case_id,
                    target.case_id,
                    join_and(&what_en, "and"),
                    if what_en.len() == 1 && what_en[0].starts_with("1 ") {
                        "moves"
                    } else {
                        "move"
                    },
                    target.case_id
                ),
            )
        };
        if let (Some(nl), Some(en)) = (sample_nl, sample_en) {
            if !text.is_empty() {
                text.push(' ');
                text_en.push(' ');
            }
            text.push_str(&nl);
            text_en.push_str(&en);
        }
        if !finished.is_empty() {
            if !text.is_empty() {
                text.push(' ');
                text_en.push(' ');
            }
            text.push_str(&format!(
                "Let op: {} {} de dubbele codering al als klaar; na koppelen vervalt dat en {} casus {} opnieuw na.",
                finished.join(" en "),
                if finished.len() == 1 { "meldde" } else { "meldden" },
                if finished.len() == 1 { "kijkt die" } else { "kijken ze" },
                target.case_id
            ));
            text_en.push_str(&format!(
                "Note: {} already marked the double coding as done; linking undoes that and they check case {} again.",
                finished.join(" and "),
                target.case_id
            ));
        }
        Ok((!text.is_empty()).then_some((text, text_en)))
    }

    /// [`Workspace::merge_note`] and [`Workspace::merge_conflicts`] in Dutch
    /// and English: what linking `a` and `b` carries over, and why it cannot.
    pub fn merge_preview(
        &self,
        book: &Codebook,
        a: &str,
        b: &str,
    ) -> Result<MergeText, WorkspaceError> {
        let Some((target, other)) = self.merge_of(a, b)? else {
            return Ok((None, Vec::new()));
        };
        let note = self.note_both(&target, &other)?;
        let conflicts = self
            .conflicts_of(&target, &other)?
            .into_iter()
            .map(|c| (conflict_nl(book, &c), conflict_en(book, &c)))
            .collect();
        Ok((note, conflicts))
    }
}

/// "1 waarde", "3 waarden": a count with the singular or plural noun.
fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "a", "a en b", "a, b en c" (with `and` the word between the last two).
fn join_and(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// What linking a pair carries over and why it cannot, each as (Dutch, English).
pub type MergeText = (Option<(String, String)>, Vec<(String, String)>);

/// The two cases of a merge, the one that keeps its id (the earlier) first.
fn earlier_first(ca: CaseInfo, cb: CaseInfo) -> (CaseInfo, CaseInfo) {
    if (ca.first_started.as_str(), ca.case_id.as_str())
        <= (cb.first_started.as_str(), cb.case_id.as_str())
    {
        (ca, cb)
    } else {
        (cb, ca)
    }
}

/// A merge conflict in English, with the codebook's labels and a way forward.
fn conflict_en(book: &Codebook, c: &MergeConflict) -> String {
    if c.column.is_empty() {
        return format!(
            "Case {} is double-coded by {}, case {} by {}: link them only when the same two coders code them (assign them again).",
            c.target,
            c.target_value.replace(" en ", " and "),
            c.other,
            c.other_value.replace(" en ", " and ")
        );
    }
    let label = crate::agreement::column_label(book, &c.column, zicht_codebook::Lang::En);
    let value = |raw: &str| match book.column(&c.column) {
        Some(Column::Variable(v)) if v.kind == zicht_codebook::Kind::Code => v
            .code(raw)
            .map(|code| code.en.clone())
            .unwrap_or_else(|| raw.to_string()),
        Some(col) if col.kind() == zicht_codebook::Kind::YesNo => match raw {
            "1" => "yes".to_string(),
            "0" => "no".to_string(),
            _ => raw.to_string(),
        },
        _ => raw.to_string(),
    };
    format!(
        "{label} ({}): case {} says “{}”, case {} says “{}”. Make them equal or leave one empty; then you can link.",
        if c.version == FINAL {
            "final coding".to_string()
        } else {
            format!("coding by {}", c.version)
        },
        c.target,
        value(&c.target_value),
        c.other,
        value(&c.other_value)
    )
}

/// A merge conflict in Dutch, with the codebook's labels and a way forward.
fn conflict_nl(book: &Codebook, c: &MergeConflict) -> String {
    if c.column.is_empty() {
        format!(
            "Casus {} wordt dubbel gecodeerd door {}, casus {} door {}: koppel ze pas als dezelfde twee codeurs ze coderen (wijs ze opnieuw toe).",
            c.target, c.target_value, c.other, c.other_value
        )
    } else {
        format!(
            "{} ({}): casus {} zegt „{}”, casus {} zegt „{}”. Maak ze gelijk of maak er één leeg; daarna kun je koppelen.",
            column_label(book, &c.column),
            if c.version == FINAL {
                "definitieve codering".to_string()
            } else {
                format!("codering van {}", c.version)
            },
            c.target,
            value_label(book, &c.column, &c.target_value),
            c.other,
            value_label(book, &c.column, &c.other_value)
        )
    }
}

impl Workspace {
    /// Moves everything of a case whose id disappeared (values of every
    /// version, assignments, suggestion decisions, discussions) to the case
    /// that now holds its earliest conversation; values the target lacks are
    /// added, equal ones dropped (conflicts were refused before). Audited with `via = link`.
    fn rekey_values(
        &mut self,
        before: &[CaseInfo],
        after: &[CaseInfo],
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        let new_ids: BTreeSet<&str> = after.iter().map(|c| c.case_id.as_str()).collect();
        let case_of: HashMap<&str, &str> = after
            .iter()
            .flat_map(|c| {
                c.conversations
                    .iter()
                    .map(move |conv| (conv.as_str(), c.case_id.as_str()))
            })
            .collect();
        let mut changes = Vec::new();
        let change = next_change(&self.conn)?;
        let tx = self.conn.transaction()?;
        for old in before {
            if new_ids.contains(old.case_id.as_str()) {
                continue;
            }
            let Some(&target) = case_of.get(old.case_id.as_str()) else {
                continue;
            };
            let moved: Vec<(String, String, String)> = {
                let mut stmt = tx.prepare(
                    "SELECT version, column_name, value FROM r_values WHERE case_id = ?1 ORDER BY version, column_name",
                )?;
                let rows = stmt.query_map(params![old.case_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
                rows.collect::<Result<_, _>>()?
            };
            for (version, column, value) in moved {
                let there: Option<String> = tx
                    .query_row(
                        "SELECT value FROM r_values WHERE case_id = ?1 AND version = ?2 AND column_name = ?3",
                        params![target, version, column],
                        |r| r.get(0),
                    )
                    .optional()?;
                tx.execute(
                    "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                     VALUES (?1, ?2, ?3, ?4, NULL, 'link', ?5, ?6, ?7)",
                    params![old.case_id, version, column, value, who, now, change],
                )?;
                tx.execute(
                    "DELETE FROM r_values WHERE case_id = ?1 AND version = ?2 AND column_name = ?3",
                    params![old.case_id, version, column],
                )?;
                if there.is_none() {
                    tx.execute(
                        "INSERT INTO r_values (case_id, version, column_name, value) VALUES (?1, ?2, ?3, ?4)",
                        params![target, version, column, value],
                    )?;
                    tx.execute(
                        "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                         VALUES (?1, ?2, ?3, NULL, ?4, 'link', ?5, ?6, ?7)",
                        params![target, version, column, value, who, now, change],
                    )?;
                    if version == FINAL {
                        withdraw_final_mark(&tx, target, who, now)?;
                    }
                }
                changes.push(Change {
                    column,
                    old: Some(value),
                    new: None,
                });
            }
            // Assignments: moved where the target has none; the same coders
            // stay assigned. The case changed, so a finished coding is opened
            // again (recorded, for both coders to see) and must be checked anew.
            let reopened: Vec<String> = {
                let mut stmt = tx.prepare(
                    "SELECT coder FROM r_assignments WHERE case_id IN (?1, ?2) AND done_at IS NOT NULL",
                )?;
                let rows = stmt.query_map(params![target, old.case_id], |r| r.get(0))?;
                rows.collect::<Result<BTreeSet<String>, _>>()?
                    .into_iter()
                    .collect()
            };
            for coder in &reopened {
                tx.execute(
                    "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                     VALUES (?1, ?2, '', 'klaar', NULL, 'reopen', ?3, ?4, ?5)",
                    params![target, coder, who, now, change],
                )?;
            }
            tx.execute(
                "UPDATE r_assignments SET done_at = NULL WHERE case_id IN (?1, ?2)",
                params![target, old.case_id],
            )?;
            tx.execute(
                "UPDATE r_assignments SET case_id = ?1 WHERE case_id = ?2
                 AND NOT EXISTS (SELECT 1 FROM r_assignments x WHERE x.case_id = ?1 AND x.slot = r_assignments.slot)",
                params![target, old.case_id],
            )?;
            tx.execute(
                "DELETE FROM r_assignments WHERE case_id = ?1",
                params![old.case_id],
            )?;
            tx.execute(
                "UPDATE r_suggestion_decisions SET case_id = ?1 WHERE case_id = ?2",
                params![target, old.case_id],
            )?;
            // Discussions move to the kept case: their texts are sealed with
            // the case's data key, so they are opened with the old one and
            // sealed again with the kept case's key.
            let moved: Vec<(i64, rusqlite::types::Value, Option<rusqlite::types::Value>)> = {
                let mut stmt = tx.prepare(
                    "SELECT id, question, decision FROM r_discussions WHERE case_id = ?1",
                )?;
                let rows = stmt.query_map(params![old.case_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
                rows.collect::<Result<_, _>>()?
            };
            if !moved.is_empty() {
                let from = data_key_in(&tx, &self.vault, &old.case_id)?;
                let to = data_key_in(&tx, &self.vault, target)?;
                let reseal =
                    |v: rusqlite::types::Value, aad: &str| -> Result<Vec<u8>, WorkspaceError> {
                        let text = open_value(&from, &old.case_id, aad, v)?;
                        Ok(to.seal_text(&text, aad)?)
                    };
                for (row, question, decision) in moved {
                    let question = reseal(question, &aad_question(row))?;
                    let decision = decision
                        .map(|d| reseal(d, &aad_decision(row)))
                        .transpose()?;
                    tx.execute(
                        "UPDATE r_discussions SET case_id = ?1, question = ?2, decision = ?3 WHERE id = ?4",
                        params![target, question, decision, row],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(changes)
    }

    /// The reasons (JSON) of every decision on a pair, oldest first.
    pub fn link_reasons(&self, a: &str, b: &str) -> Result<Vec<String>, WorkspaceError> {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let rows: Vec<(i64, rusqlite::types::Value)> = self
            .conn
            .prepare("SELECT id, reasons FROM r_link_decisions WHERE conv_a = ?1 AND conv_b = ?2 ORDER BY id")?
            .query_map(params![a, b], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(row, v)| self.unseal(a, &aad_reasons(row), v))
            .collect()
    }

    /// The current decision of every decided pair of the year.
    pub fn link_decisions(&self, year: i32) -> Result<Vec<LinkDecision>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.conv_a, d.conv_b, d.decision, d.score, d.decided_by, d.decided_at
             FROM r_link_decisions d
             JOIN r_conversations c ON c.conversation_id = d.conv_a
             WHERE c.year = ?1
               AND d.id = (SELECT MAX(id) FROM r_link_decisions x WHERE x.conv_a = d.conv_a AND x.conv_b = d.conv_b)
             ORDER BY d.conv_a, d.conv_b",
        )?;
        let rows = stmt.query_map(params![year], link_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every link decision of a pair, oldest first (the history shown beside a pair).
    pub fn link_history(&self, a: &str, b: &str) -> Result<Vec<LinkDecision>, WorkspaceError> {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let mut stmt = self.conn.prepare(
            "SELECT conv_a, conv_b, decision, score, decided_by, decided_at FROM r_link_decisions
             WHERE conv_a = ?1 AND conv_b = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![a, b], link_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The candidate pairs of the year with their current decision, best first.
    pub fn candidates(
        &self,
        year: i32,
        options: &LinkOptions,
    ) -> Result<Vec<(Candidate, Option<LinkDecision>)>, WorkspaceError> {
        self.candidates_with(year, options, |_, _| {})
    }

    /// Like [`Workspace::candidates`], with `enrich` adding facts to each
    /// profile (assisted coding: [`crate::assisted::add_coded_facts`]).
    pub fn candidates_with(
        &self,
        year: i32,
        options: &LinkOptions,
        enrich: impl Fn(&Conversation, &mut Profile),
    ) -> Result<Vec<(Candidate, Option<LinkDecision>)>, WorkspaceError> {
        let convs = self.selected(year)?;
        let profiles: Vec<Profile> = convs
            .iter()
            .map(|c| {
                let mut p = Profile::of(c);
                enrich(c, &mut p);
                p
            })
            .collect();
        let decisions: HashMap<(String, String), LinkDecision> = self
            .link_decisions(year)?
            .into_iter()
            .map(|d| ((d.conv_a.clone(), d.conv_b.clone()), d))
            .collect();
        Ok(linking::candidates(&profiles, options)
            .into_iter()
            .map(|c| {
                let key = if c.a < c.b {
                    (c.a.clone(), c.b.clone())
                } else {
                    (c.b.clone(), c.a.clone())
                };
                let d = decisions.get(&key).cloned();
                (c, d)
            })
            .collect())
    }

    /// The cases of a year: connected groups of the selection under the `linked` decisions.
    pub fn cases(&self, year: i32) -> Result<Vec<CaseInfo>, WorkspaceError> {
        let rows = self.selection_rows(year)?;
        let links = self.link_decisions(year)?;
        Ok(group_cases(year, &rows, &links))
    }

    /// The year's selection as (conversation id, started at, channel), by start:
    /// with [`Workspace::link_decisions`] all [`group_cases`] needs, read without computing.
    pub fn selection_rows(
        &self,
        year: i32,
    ) -> Result<Vec<(String, String, String)>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT conversation_id, started_at, channel FROM r_conversations
             WHERE year = ?1 AND trafficking = 1 AND first_time = 1
             ORDER BY started_at, conversation_id",
        )?;
        let rows = stmt
            .query_map(params![year], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The case with this id.
    pub fn case(&self, case_id: &str) -> Result<CaseInfo, WorkspaceError> {
        let year = self
            .year_of(case_id)
            .map_err(|_| WorkspaceError::NoCase(case_id.to_string()))?;
        self.cases(year)?
            .into_iter()
            .find(|c| c.case_id == case_id)
            .ok_or_else(|| WorkspaceError::NoCase(case_id.to_string()))
    }

    // ---- coding ----

    /// The stored values of a case in one version (`column -> raw value`).
    pub fn values(&self, case_id: &str, version: &str) -> Result<Record, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT column_name, value FROM r_values WHERE case_id = ?1 AND version = ?2",
        )?;
        let rows = stmt.query_map(params![case_id, version], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets (or with `None` clears) one value of a case, checked against the codebook.
    ///
    /// Values whose condition no longer holds are cleared as well. Every change
    /// is audited with `via` (`form`, `suggestion`, `adjudication`). Returns the
    /// changes made (empty when the value was already so).
    #[allow(clippy::too_many_arguments)]
    pub fn set_value(
        &mut self,
        book: &Codebook,
        case_id: &str,
        version: &str,
        column: &str,
        value: Option<&str>,
        via: &str,
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        let change = next_change(&self.conn)?;
        self.set_value_in(book, case_id, version, column, value, via, who, now, change)
    }

    /// [`Workspace::set_value`] as part of the change numbered `change`.
    #[allow(clippy::too_many_arguments)]
    fn set_value_in(
        &mut self,
        book: &Codebook,
        case_id: &str,
        version: &str,
        column: &str,
        value: Option<&str>,
        via: &str,
        who: &str,
        now: &str,
        change: i64,
    ) -> Result<Vec<Change>, WorkspaceError> {
        check_version(version)?;
        self.check_unlocked(case_id, version)?;
        if book.column(column).is_none() {
            return Err(WorkspaceError::NoColumn(column.to_string()));
        }
        if derived_columns(book).contains(column) {
            return Err(WorkspaceError::Derived(column.to_string()));
        }
        let case = self.case(case_id)?;
        let old = self.values(case_id, version)?;
        let mut new = old.clone();
        match value.map(str::trim) {
            Some(v) if !v.is_empty() => {
                new.insert(column.to_string(), v.to_string());
            }
            _ => {
                new.remove(column);
            }
        }
        if new.contains_key(column)
            && let Some(cond) = book.column(column).and_then(|c| c.condition())
            && !cond.holds(new.get(&cond.variable).map(String::as_str))
        {
            return Err(WorkspaceError::Invalid {
                case_id: case_id.to_string(),
                column: Some(column.to_string()),
                problems: vec![format!(
                    "{} geldt alleen als {}",
                    column_label(book, column),
                    condition_nl(book, cond)
                )],
            });
        }
        clear_inapplicable(book, &mut new);
        let problems = validate(book, &case, &new, false);
        if let Some((first, _)) = problems.first() {
            return Err(WorkspaceError::Invalid {
                case_id: case_id.to_string(),
                column: Some(first.clone()),
                problems: problems.into_iter().map(|(_, p)| p).collect(),
            });
        }
        let mut changes = Vec::new();
        let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let (o, n) = (old.get(name), new.get(name));
            if o != n {
                changes.push(Change {
                    column: name.clone(),
                    old: o.cloned(),
                    new: n.cloned(),
                });
            }
        }
        let tx = self.conn.transaction()?;
        for ch in &changes {
            match &ch.new {
                Some(v) => tx.execute(
                    "INSERT INTO r_values (case_id, version, column_name, value) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (case_id, version, column_name) DO UPDATE SET value = excluded.value",
                    params![case_id, version, ch.column, v],
                )?,
                None => tx.execute(
                    "DELETE FROM r_values WHERE case_id = ?1 AND version = ?2 AND column_name = ?3",
                    params![case_id, version, ch.column],
                )?,
            };
            let how = if ch.column == column {
                via
            } else {
                "condition"
            };
            tx.execute(
                "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![case_id, version, ch.column, ch.old, ch.new, how, who, now, change],
            )?;
        }
        if version == FINAL && !changes.is_empty() {
            withdraw_final_mark(&tx, case_id, who, now)?;
        }
        tx.commit()?;
        Ok(changes)
    }

    /// The newest logged change of a case (any version): the sequence a page
    /// is built from, sent back with a save ([`Workspace::check_unchanged`]).
    pub fn last_change(&self, case_id: &str) -> Result<i64, WorkspaceError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(id), 0) FROM r_audit WHERE case_id = ?1",
            params![case_id],
            |r| r.get(0),
        )?)
    }

    /// Refuses a save of `column` built from the log up to `seen` when that
    /// field was changed since, by someone else or by `me` in another window
    /// (a page's own saves move its `seen` on, one after another), and it now
    /// holds another value than `mine`: the save would silently overwrite
    /// that change. Changes to other fields are no reason to refuse (the save
    /// merges with them).
    #[allow(clippy::too_many_arguments)]
    pub fn check_unchanged(
        &self,
        book: &Codebook,
        case_id: &str,
        version: &str,
        column: &str,
        seen: i64,
        me: &str,
        mine: Option<&str>,
    ) -> Result<(), WorkspaceError> {
        let theirs: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT changed_by, new_value FROM r_audit
                 WHERE case_id = ?1 AND version = ?2 AND column_name = ?3 AND id > ?4
                 ORDER BY id DESC LIMIT 1",
                params![case_id, version, column, seen],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((by, _)) = theirs else {
            return Ok(());
        };
        let now = self.values(case_id, version)?.remove(column);
        let mine = mine.map(str::trim).filter(|v| !v.is_empty());
        if now.as_deref() == mine {
            return Ok(());
        }
        let label = column_label(book, column);
        let set = match &now {
            Some(v) => format!("op {} gezet", value_label(book, column, v)),
            None => "leeggemaakt".to_string(),
        };
        let yours = match mine {
            Some(v) => format!("jouw waarde {}", value_label(book, column, v)),
            None => "jouw keuze om het leeg te laten".to_string(),
        };
        let message = if by == me {
            format!(
                "Je hebt {label} intussen in een ander venster {set}; {yours} is niet opgeslagen. Pagina vernieuwen of toch jouw waarde opslaan."
            )
        } else {
            format!(
                "{by} heeft {label} intussen {set}; {yours} is niet opgeslagen. Pagina vernieuwen of toch jouw waarde opslaan."
            )
        };
        Err(WorkspaceError::Changed {
            column: column.to_string(),
            message,
        })
    }

    /// The audit trail of a case (all versions), oldest first.
    pub fn audit(&self, case_id: &str) -> Result<Vec<AuditEntry>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT case_id, version, column_name, old_value, new_value, via, changed_by, changed_at
             FROM r_audit WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![case_id], audit_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a decision on a suggestion; accepting also sets the value(s).
    ///
    /// `value` is the suggested raw value of a variable, or for a set the
    /// item codes separated by commas (each item column is set to `1`).
    #[allow(clippy::too_many_arguments)]
    pub fn decide_suggestion(
        &mut self,
        book: &Codebook,
        case_id: &str,
        version: &str,
        conversation_id: &str,
        variable: &str,
        value: &str,
        accept: bool,
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        check_version(version)?;
        let mut changes = Vec::new();
        // Every item of an accepted set is one decision: one undo reverts it.
        let change = next_change(&self.conn)?;
        if accept {
            if let Some(set) = book.set(variable) {
                for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let column = format!("{}{}", set.prefix, item);
                    changes.extend(self.set_value_in(
                        book,
                        case_id,
                        version,
                        &column,
                        Some("1"),
                        "suggestion",
                        who,
                        now,
                        change,
                    )?);
                }
            } else {
                changes.extend(self.set_value_in(
                    book,
                    case_id,
                    version,
                    variable,
                    Some(value),
                    "suggestion",
                    who,
                    now,
                    change,
                )?);
            }
        } else {
            self.case(case_id)?;
            self.check_unlocked(case_id, version)?;
            // A suggestion the coding says (accepted, or so coded by hand) is
            // not rejected beside its value: the page would show "afgewezen"
            // while the value stays coded.
            if suggestion_holds(book, &self.values(case_id, version)?, variable, value) {
                let label = match book.set(variable) {
                    Some(set) => set.label.nl.clone(),
                    None => format!(
                        "{} {}",
                        column_label(book, variable),
                        value_label(book, variable, value)
                    ),
                };
                return Err(WorkspaceError::Refused(format!(
                    "Deze suggestie staat in de codering ({label}); afwijzen kan pas als die waarde er niet meer staat: maak de acceptatie ongedaan of kies een andere waarde. Er is niets veranderd."
                )));
            }
        }
        self.conn.execute(
            "INSERT INTO r_suggestion_decisions (case_id, version, conversation_id, variable, value, decision, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                case_id,
                version,
                conversation_id,
                variable,
                value,
                if accept { "accepted" } else { "rejected" },
                who,
                now
            ],
        )?;
        Ok(changes)
    }

    /// The latest decision per (conversation, variable) of a case's version: `true` = accepted.
    pub fn suggestion_decisions(
        &self,
        case_id: &str,
        version: &str,
    ) -> Result<HashMap<(String, String), bool>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT conversation_id, variable, decision FROM r_suggestion_decisions
             WHERE case_id = ?1 AND version = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![case_id, version], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (c, v, d) = row?;
            out.insert((c, v), d == "accepted");
        }
        Ok(out)
    }

    // ---- double coding ----

    /// Assigns cases to two coders (slot 1 = A, slot 2 = B); replaces earlier
    /// assignments of those cases. A final coding marked "klaar" loses the
    /// mark (it is finished again only after adjudication).
    pub fn assign(
        &mut self,
        case_ids: &[String],
        coder_a: &str,
        coder_b: &str,
        who: &str,
        now: &str,
    ) -> Result<usize, WorkspaceError> {
        check_version(coder_a)?;
        check_version(coder_b)?;
        if coder_a == FINAL || coder_b == FINAL {
            return Err(WorkspaceError::BadVersion(FINAL.to_string()));
        }
        for id in case_ids {
            self.case(id)?;
        }
        let tx = self.conn.transaction()?;
        for id in case_ids {
            // A final coding already marked "klaar" is not finished any more:
            // after the blind coding its differences are adjudicated and it
            // is marked anew (recorded as a mark taken back by the assigner).
            let marked: Option<bool> = tx
                .query_row(
                    "SELECT done FROM r_final_marks WHERE case_id = ?1 ORDER BY id DESC LIMIT 1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?;
            if marked == Some(true) {
                tx.execute(
                    "INSERT INTO r_final_marks (case_id, done, marked_by, marked_at) VALUES (?1, 0, ?2, ?3)",
                    params![id, who, now],
                )?;
            }
            for (slot, coder) in [(1, coder_a), (2, coder_b)] {
                tx.execute(
                    "INSERT INTO r_assignments (case_id, slot, coder, assigned_by, assigned_at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (case_id, slot) DO UPDATE SET coder = excluded.coder,
                        assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at, done_at = NULL",
                    params![id, slot, coder, who, now],
                )?;
            }
        }
        tx.commit()?;
        Ok(case_ids.len())
    }

    /// The cases a double-coding sample is drawn from: only those whose
    /// status in the final coding is decided as included (status is decided
    /// before double coding; a blind coder does not code it), and not in the
    /// sample yet, in case order.
    pub fn sample_pool(&self, book: &Codebook, year: i32) -> Result<SamplePool, WorkspaceError> {
        let status = self.column_of_year(year, FINAL, &book.analysis.status)?;
        let assigned: BTreeSet<String> = self
            .assignments(year)?
            .into_iter()
            .map(|a| a.case_id)
            .collect();
        let marked = self.marked_final(year)?;
        let mut pool = SamplePool::default();
        for case in self.cases(year)? {
            match status.get(&case.case_id) {
                Some(s) if *s == book.analysis.included => {
                    pool.included += 1;
                    if !assigned.contains(&case.case_id) {
                        if marked.contains(&case.case_id) {
                            pool.finished += 1;
                        }
                        pool.eligible.push(case.case_id);
                    }
                }
                Some(_) => {}
                None => pool.undecided += 1,
            }
        }
        pool.assigned = assigned.len();
        Ok(pool)
    }

    /// The assignments of the year's cases.
    pub fn assignments(&self, year: i32) -> Result<Vec<Assignment>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.case_id, a.slot, a.coder, a.done_at, a.assigned_by, a.assigned_at FROM r_assignments a
             JOIN r_conversations c ON c.conversation_id = a.case_id
             WHERE c.year = ?1 ORDER BY a.case_id, a.slot",
        )?;
        let rows = stmt.query_map(params![year], |r| {
            Ok(Assignment {
                case_id: r.get(0)?,
                slot: r.get(1)?,
                coder: r.get(2)?,
                done_at: r.get(3)?,
                assigned_by: r.get(4)?,
                assigned_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Everything recorded about the year's conversations and cases: link
    /// decisions, assignments, value changes and suggestion decisions.
    pub fn year_log(&self, year: i32) -> Result<YearLog, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.conv_a, d.conv_b, d.decision, d.score, d.decided_by, d.decided_at
             FROM r_link_decisions d JOIN r_conversations c ON c.conversation_id = d.conv_a
             WHERE c.year = ?1 ORDER BY d.id",
        )?;
        let links = stmt
            .query_map(params![year], link_row)?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT a.case_id, a.version, a.column_name, a.old_value, a.new_value, a.via, a.changed_by, a.changed_at
             FROM r_audit a JOIN r_conversations c ON c.conversation_id = a.case_id
             WHERE c.year = ?1 ORDER BY a.id",
        )?;
        let values = stmt
            .query_map(params![year], audit_row)?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT s.case_id, s.version, s.conversation_id, s.variable, s.value, s.decision, s.decided_by, s.decided_at
             FROM r_suggestion_decisions s JOIN r_conversations c ON c.conversation_id = s.conversation_id
             WHERE c.year = ?1 ORDER BY s.id",
        )?;
        let suggestions = stmt
            .query_map(params![year], |r| {
                Ok(SuggestionDecision {
                    case_id: r.get(0)?,
                    version: r.get(1)?,
                    conversation_id: r.get(2)?,
                    variable: r.get(3)?,
                    value: r.get(4)?,
                    accepted: r.get::<_, String>(5)? == "accepted",
                    by: r.get(6)?,
                    at: r.get(7)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(YearLog {
            links,
            assignments: self.assignments(year)?,
            values,
            suggestions,
        })
    }

    /// Marks a coder's work on a case as done (or not).
    ///
    /// A coder's version marked done is locked ([`Workspace::set_value`]
    /// refuses it); marking it not done again (reopening) is recorded in the
    /// audit (`via = reopen`) so that both coders see it in the year's log;
    /// so is each mark (`via = done`).
    pub fn mark_done(
        &mut self,
        case_id: &str,
        coder: &str,
        done: bool,
        now: &str,
    ) -> Result<bool, WorkspaceError> {
        let was_done = self.is_locked(case_id, coder)?;
        let n = self.conn.execute(
            "UPDATE r_assignments SET done_at = ?1 WHERE case_id = ?2 AND coder = ?3",
            params![done.then_some(now), case_id, coder],
        )?;
        if n > 0 && was_done && !done {
            self.record_reopen(case_id, coder, coder, now)?;
        }
        if n > 0 && !was_done && done {
            // Each mark is an event in the case's log (a reopening later does
            // not wipe it out).
            let change = next_change(&self.conn)?;
            self.conn.execute(
                "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                 VALUES (?1, ?2, '', NULL, 'klaar', 'done', ?3, ?4, ?5)",
                params![case_id, coder, coder, now, change],
            )?;
        }
        Ok(n > 0)
    }

    /// Marks a coder's version done (the mark is in the case's log, audited
    /// as `done`). What both coders agree on is not taken over here: the
    /// researcher who adjudicates does that ([`Workspace::adopt_agreed`]), so
    /// the take-over is theirs (in the log, and theirs to undo). Returns
    /// whether the case was assigned to the coder, and whether both are done
    /// now.
    pub fn finish(
        &mut self,
        case_id: &str,
        coder: &str,
        now: &str,
    ) -> Result<(bool, bool), WorkspaceError> {
        if !self.mark_done(case_id, coder, true, now)? {
            return Ok((false, false));
        }
        let open: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM r_assignments WHERE case_id = ?1 AND done_at IS NULL",
            params![case_id],
            |r| r.get(0),
        )?;
        Ok((true, open == 0))
    }

    /// Whether a coder's version of a case is locked: they marked it done.
    pub fn is_locked(&self, case_id: &str, version: &str) -> Result<bool, WorkspaceError> {
        if version == FINAL {
            return Ok(false);
        }
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM r_assignments WHERE case_id = ?1 AND coder = ?2 AND done_at IS NOT NULL)",
            params![case_id, version],
            |r| r.get(0),
        )?)
    }

    fn check_unlocked(&self, case_id: &str, version: &str) -> Result<(), WorkspaceError> {
        if self.is_locked(case_id, version)? {
            return Err(WorkspaceError::Refused(format!(
                "Je hebt casus {case_id} als klaar gemeld: je codering ligt vast. Wil je nog iets veranderen, heropen je codering dan eerst („Toch nog niet klaar”); de andere codeur ziet dat in het logboek."
            )));
        }
        Ok(())
    }

    /// Records in the audit that a coder's finished version was opened again.
    fn record_reopen(
        &self,
        case_id: &str,
        coder: &str,
        who: &str,
        now: &str,
    ) -> Result<(), WorkspaceError> {
        let change = next_change(&self.conn)?;
        self.conn.execute(
            "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
             VALUES (?1, ?2, '', 'klaar', NULL, 'reopen', ?3, ?4, ?5)",
            params![case_id, coder, who, now, change],
        )?;
        Ok(())
    }

    /// The two coders' versions of the year's double-coded cases as `cases.csv` tables, and their agreement.
    pub fn agreement(&self, book: &Codebook, year: i32) -> Result<Agreement, WorkspaceError> {
        Ok(self.agreement_detail(book, year)?.agreement)
    }

    /// The agreement over the cases both coders finished, with the coders of
    /// each case and how many double-coded cases there are in all.
    pub fn agreement_detail(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<AgreementDetail, WorkspaceError> {
        let cases: HashMap<String, CaseInfo> = self
            .cases(year)?
            .into_iter()
            .map(|c| (c.case_id.clone(), c))
            .collect();
        // Only cases both coders marked done count: a case nobody coded yet
        // would count as agreement on every empty cell.
        let mut by_case: BTreeMap<String, [Option<String>; 2]> = BTreeMap::new();
        let mut assigned = BTreeSet::new();
        for a in self.assignments(year)? {
            if !cases.contains_key(&a.case_id) {
                continue;
            }
            assigned.insert(a.case_id.clone());
            if a.done_at.is_none() {
                continue;
            }
            let slot = usize::from(a.slot.clamp(1, 2)) - 1;
            by_case.entry(a.case_id.clone()).or_default()[slot] = Some(a.coder);
        }
        // Inclusion is decided before double coding: the coders' records carry
        // the final status (or `included`), and status and exclusion reason
        // are left out of the comparison.
        let status = &book.analysis.status;
        let mut records_a = Vec::new();
        let mut records_b = Vec::new();
        let mut coders = BTreeMap::new();
        for (case_id, [a, b]) in by_case {
            let (Some(a), Some(b), Some(case)) = (a, b, cases.get(&case_id)) else {
                continue;
            };
            let final_values = self.values(&case_id, FINAL)?;
            let decided = final_values
                .get(status)
                .cloned()
                .unwrap_or_else(|| book.analysis.included.clone());
            for (coder, out) in [(&a, &mut records_a), (&b, &mut records_b)] {
                let mut values = self.values(&case_id, coder)?;
                values.insert(status.clone(), decided.clone());
                clear_inapplicable(book, &mut values);
                out.push(full_record(book, case, &values));
            }
            coders.insert(case_id, (a, b));
        }
        let table_a = to_table(book, &records_a, "coder A")?;
        let table_b = to_table(book, &records_b, "coder B")?;
        let mut result =
            agreement::compare_finished(book, &table_a, &table_b, "coder A", "coder B")
                .map_err(|e| WorkspaceError::Export(vec![e.to_string()]))?;
        let skip = [status.as_str(), book.analysis.exclusion_reason.as_str()];
        result.columns.retain(|c| !skip.contains(&c.name.as_str()));
        result
            .disagreements
            .retain(|d| !skip.contains(&d.column.as_str()));
        Ok(AgreementDetail {
            agreement: result,
            coders,
            assigned: assigned.len(),
        })
    }

    /// Every cell where the two coders of a finished double-coded case differ
    /// (an empty cell against a value included), and whether the final coding
    /// settles it: the final version has a value there, an adjudicator left it
    /// empty on purpose ([`Workspace::resolve_empty`]), or the case is excluded.
    pub fn differences(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<Vec<Difference>, WorkspaceError> {
        let detail = self.agreement_detail(book, year)?;
        let excluded = self.column_of_year(year, FINAL, &book.analysis.status)?;
        let mut finals: HashMap<String, Record> = HashMap::new();
        let mut out = Vec::new();
        for d in detail.agreement.disagreements {
            if !finals.contains_key(&d.case_id) {
                finals.insert(d.case_id.clone(), self.values(&d.case_id, FINAL)?);
            }
            // Settled only by what the final coding got after both coders
            // were done (the last "klaar"): a value it had before (coded in
            // the open, then drawn) settles nothing unseen. Workspaces from
            // before the marks were logged: any final value.
            let since: i64 = self.conn.query_row(
                "SELECT COALESCE(MAX(id), 0) FROM r_audit WHERE case_id = ?1 AND via = 'done'",
                params![d.case_id],
                |r| r.get(0),
            )?;
            let set_since: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM r_audit WHERE case_id = ?1 AND version = 'final'
                 AND column_name = ?2 AND new_value IS NOT NULL AND via NOT IN ('undo', 'link') AND id > ?3)",
                params![d.case_id, d.column, since],
                |r| r.get(0),
            )?;
            let in_final = set_since
                && finals
                    .get(&d.case_id)
                    .is_some_and(|v| v.contains_key(&d.column));
            let left_empty: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM r_audit WHERE case_id = ?1 AND version = 'final'
                 AND column_name = ?2 AND via = 'adjudication' AND new_value IS NULL AND id > ?3)",
                params![d.case_id, d.column, since],
                |r| r.get(0),
            )?;
            let is_excluded = excluded
                .get(&d.case_id)
                .is_some_and(|s| *s == book.analysis.excluded);
            let (coder_a, coder_b) = detail.coders.get(&d.case_id).cloned().unwrap_or_default();
            out.push(Difference {
                resolved: in_final || left_empty || is_excluded,
                case_id: d.case_id,
                column: d.column,
                a: d.a,
                b: d.b,
                coder_a,
                coder_b,
            });
        }
        Ok(out)
    }

    /// The cases whose coders' differences the final coding does not settle
    /// yet: case id -> the columns still to adjudicate.
    pub fn unsettled(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<BTreeMap<String, Vec<String>>, WorkspaceError> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in self.differences(book, year)? {
            if !d.resolved {
                out.entry(d.case_id).or_default().push(d.column);
            }
        }
        Ok(out)
    }

    /// Adjudication: the final value of a column where the coders differ is
    /// left empty on purpose ("unknown"), which settles the difference; audited.
    pub fn resolve_empty(
        &mut self,
        book: &Codebook,
        case_id: &str,
        column: &str,
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        if book.column(column).is_none() {
            return Err(WorkspaceError::NoColumn(column.to_string()));
        }
        self.case(case_id)?;
        let mut changes = Vec::new();
        if self.values(case_id, FINAL)?.contains_key(column) {
            changes =
                self.set_value(book, case_id, FINAL, column, None, "adjudication", who, now)?;
        } else {
            let change = next_change(&self.conn)?;
            self.conn.execute(
                "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                 VALUES (?1, 'final', ?2, NULL, NULL, 'adjudication', ?3, ?4, ?5)",
                params![case_id, column, who, now, change],
            )?;
            changes.push(Change {
                column: column.to_string(),
                old: None,
                new: None,
            });
        }
        Ok(changes)
    }

    /// Adjudication: the final value a column had before the double coding
    /// is kept on purpose, which settles the coders' difference there;
    /// audited (the value stays as it is). Refused when there is no value.
    pub fn keep_final(
        &mut self,
        case_id: &str,
        column: &str,
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        self.case(case_id)?;
        let Some(value) = self.values(case_id, FINAL)?.get(column).cloned() else {
            return Err(WorkspaceError::Refused(format!(
                "De definitieve codering van casus {case_id} heeft hier geen waarde om te houden; kies een waarde of „Laat leeg”. Er is niets veranderd."
            )));
        };
        let change = next_change(&self.conn)?;
        self.conn.execute(
            "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
             VALUES (?1, 'final', ?2, ?3, ?3, 'adjudication', ?4, ?5, ?6)",
            params![case_id, column, value, who, now, change],
        )?;
        Ok(vec![Change {
            column: column.to_string(),
            old: Some(value.clone()),
            new: Some(value),
        }])
    }

    /// Marks a case's final coding "klaar" (finished) or takes that back;
    /// recorded with who and when (the latest mark holds).
    pub fn mark_final(
        &mut self,
        case_id: &str,
        done: bool,
        who: &str,
        now: &str,
    ) -> Result<(), WorkspaceError> {
        self.case(case_id)?;
        self.conn.execute(
            "INSERT INTO r_final_marks (case_id, done, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4)",
            params![case_id, done, who, now],
        )?;
        Ok(())
    }

    /// Every mark of the year's final codings, oldest first: (case, done, who, when).
    pub fn final_marks(
        &self,
        year: i32,
    ) -> Result<Vec<(String, bool, String, String)>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT m.case_id, m.done, m.marked_by, m.marked_at FROM r_final_marks m
             JOIN r_conversations c ON c.conversation_id = m.case_id
             WHERE c.year = ?1 ORDER BY m.id",
        )?;
        let rows = stmt.query_map(params![year], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The year's cases whose final coding is marked "klaar" now.
    pub fn marked_final(&self, year: i32) -> Result<BTreeSet<String>, WorkspaceError> {
        let mut latest: HashMap<String, bool> = HashMap::new();
        for (case, done, _, _) in self.final_marks(year)? {
            latest.insert(case, done);
        }
        Ok(latest
            .into_iter()
            .filter(|(_, done)| *done)
            .map(|(case, _)| case)
            .collect())
    }

    /// The year's cases in the double-coding sample whose two coders are not both done.
    pub fn double_open(&self, year: i32) -> Result<BTreeSet<String>, WorkspaceError> {
        let mut done: HashMap<String, (usize, usize)> = HashMap::new();
        for a in self.assignments(year)? {
            let e = done.entry(a.case_id).or_default();
            e.0 += 1;
            e.1 += usize::from(a.done_at.is_some());
        }
        Ok(done
            .into_iter()
            .filter(|(_, (n, d))| d < n || *n < 2)
            .map(|(case, _)| case)
            .collect())
    }

    /// The columns of the year's final codings left unknown on purpose
    /// ("Laat leeg", "Onbekend": [`Workspace::resolve_empty`]) and still
    /// empty: the latest change of the column set nothing. Per case.
    pub fn left_unknown(
        &self,
        year: i32,
    ) -> Result<HashMap<String, BTreeSet<String>>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.case_id, a.column_name FROM r_audit a
             JOIN r_conversations c ON c.conversation_id = a.case_id
             WHERE c.year = ?1 AND a.version = 'final' AND a.old_value IS NULL AND a.new_value IS NULL
               AND a.id = (SELECT MAX(x.id) FROM r_audit x
                           WHERE x.case_id = a.case_id AND x.version = 'final' AND x.column_name = a.column_name)",
        )?;
        let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
        let rows = stmt.query_map(params![year], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (case, column) = row?;
            out.entry(case).or_default().insert(column);
        }
        Ok(out)
    }

    /// Sets the final value of every column where both coders of a case agree
    /// and the final version has no value yet (audited as adjudication).
    pub fn adopt_agreed(
        &mut self,
        book: &Codebook,
        case_id: &str,
        who: &str,
        now: &str,
    ) -> Result<usize, WorkspaceError> {
        self.adopt_agreed_via(book, case_id, who, now, "adjudication")
    }

    /// [`Workspace::adopt_agreed`], audited with `via`.
    fn adopt_agreed_via(
        &mut self,
        book: &Codebook,
        case_id: &str,
        who: &str,
        now: &str,
        via: &str,
    ) -> Result<usize, WorkspaceError> {
        let coders: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT coder FROM r_assignments WHERE case_id = ?1 ORDER BY slot")?;
            let rows = stmt.query_map(params![case_id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let [a, b] = coders.as_slice() else {
            return Ok(0);
        };
        let va = self.values(case_id, a)?;
        let vb = self.values(case_id, b)?;
        let final_values = self.values(case_id, FINAL)?;
        // Conditions first: code variables before the columns that depend on them.
        // One adoption is one change (one undo reverts it).
        let change = next_change(&self.conn)?;
        let mut n = 0;
        for (name, x) in agreed_missing(book, &va, &vb, &final_values) {
            n += self
                .set_value_in(book, case_id, FINAL, &name, Some(&x), via, who, now, change)?
                .len()
                .min(1);
        }
        Ok(n)
    }

    /// The columns (in codebook order) where both coders of a case gave the
    /// same value and the final coding has none yet: what
    /// [`Workspace::adopt_agreed`] would take over. Empty for a case that is
    /// not double-coded.
    pub fn agreed_to_adopt(
        &self,
        book: &Codebook,
        case_id: &str,
    ) -> Result<Vec<String>, WorkspaceError> {
        let coders: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT coder FROM r_assignments WHERE case_id = ?1 ORDER BY slot")?;
            let rows = stmt.query_map(params![case_id], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        let [a, b] = coders.as_slice() else {
            return Ok(Vec::new());
        };
        let (va, vb) = (self.values(case_id, a)?, self.values(case_id, b)?);
        let final_values = self.values(case_id, FINAL)?;
        Ok(agreed_missing(book, &va, &vb, &final_values)
            .into_iter()
            .map(|(name, _)| name)
            .collect())
    }

    // ---- the year at once (one query each, linear in the year's size) ----

    /// One column of every case of the year in a version: `case_id -> value`.
    pub fn column_of_year(
        &self,
        year: i32,
        version: &str,
        column: &str,
    ) -> Result<HashMap<String, String>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT v.case_id, v.value FROM r_values v JOIN r_conversations c ON c.conversation_id = v.case_id
             WHERE c.year = ?1 AND v.version = ?2 AND v.column_name = ?3",
        )?;
        let rows = stmt.query_map(params![year, version, column], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every value of every case of the year in a version: `case_id -> record`.
    pub fn version_of_year(
        &self,
        year: i32,
        version: &str,
    ) -> Result<HashMap<String, Record>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT v.case_id, v.column_name, v.value FROM r_values v JOIN r_conversations c ON c.conversation_id = v.case_id
             WHERE c.year = ?1 AND v.version = ?2",
        )?;
        let rows = stmt.query_map(params![year, version], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out: HashMap<String, Record> = HashMap::new();
        for row in rows {
            let (case, column, value) = row?;
            out.entry(case).or_default().insert(column, value);
        }
        Ok(out)
    }

    /// How many values each case of the year has in a version.
    pub fn value_counts(
        &self,
        year: i32,
        version: &str,
    ) -> Result<HashMap<String, usize>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT v.case_id, COUNT(*) FROM r_values v JOIN r_conversations c ON c.conversation_id = v.case_id
             WHERE c.year = ?1 AND v.version = ?2 GROUP BY v.case_id",
        )?;
        let rows = stmt.query_map(params![year, version], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The cases of the year with an adjudication in the final version (`via = adjudication`).
    pub fn adjudicated(&self, year: i32) -> Result<BTreeSet<String>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT a.case_id FROM r_audit a JOIN r_conversations c ON c.conversation_id = a.case_id
             WHERE c.year = ?1 AND a.version = 'final' AND a.via = 'adjudication'",
        )?;
        let rows = stmt.query_map(params![year], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The suggestion decisions of the year's cases in a version: case -> decided (conversation, variable) pairs.
    pub fn decided_suggestions_of_year(
        &self,
        year: i32,
        version: &str,
    ) -> Result<HashMap<String, BTreeSet<(String, String)>>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.case_id, s.conversation_id, s.variable FROM r_suggestion_decisions s
             JOIN r_conversations c ON c.conversation_id = s.conversation_id
             WHERE c.year = ?1 AND s.version = ?2",
        )?;
        let rows = stmt.query_map(params![year, version], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
        for row in rows {
            let (case, conv, var) = row?;
            out.entry(case).or_default().insert((conv, var));
        }
        Ok(out)
    }

    // ---- undo ----

    /// Undoes the last decision on a case's version: every audit row of that
    /// change (one change number: a value and the values its condition
    /// cleared, or every item of an accepted set suggestion) is reverted, and
    /// the revert is audited with `via = undo` as a change of its own. An undo
    /// undoes the change before it, so repeated undos walk back. Refused
    /// (changing nothing) when another researcher made that change. Returns
    /// the changes made (empty when there is nothing to undo).
    pub fn undo_last(
        &mut self,
        case_id: &str,
        version: &str,
        who: &str,
        now: &str,
    ) -> Result<Vec<Change>, WorkspaceError> {
        check_version(version)?;
        self.case(case_id)?;
        self.check_unlocked(case_id, version)?;
        let Some(target) = self.undo_target(case_id, version)? else {
            return Ok(Vec::new());
        };
        // Only the researcher who made a change can take it back.
        if let Some(by) = target.first().map(|r| r.5.as_str())
            && by != who
        {
            return Err(WorkspaceError::Refused(format!(
                "De laatste wijziging van casus {case_id} is van {by}; alleen {by} kan die ongedaan maken. Zet zo nodig zelf de juiste waarde."
            )));
        }
        let change = next_change(&self.conn)?;
        let tx = self.conn.transaction()?;
        let mut changes = Vec::new();
        // Newest first: the reverse of how they were written.
        for (_, column, old, new, _, _) in &target {
            match old {
                Some(v) => tx.execute(
                    "INSERT INTO r_values (case_id, version, column_name, value) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (case_id, version, column_name) DO UPDATE SET value = excluded.value",
                    params![case_id, version, column, v],
                )?,
                None => tx.execute(
                    "DELETE FROM r_values WHERE case_id = ?1 AND version = ?2 AND column_name = ?3",
                    params![case_id, version, column],
                )?,
            };
            tx.execute(
                "INSERT INTO r_audit (case_id, version, column_name, old_value, new_value, via, changed_by, changed_at, change_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'undo', ?6, ?7, ?8)",
                params![case_id, version, column, new, old, who, now, change],
            )?;
            changes.push(Change {
                column: column.clone(),
                old: new.clone(),
                new: old.clone(),
            });
        }
        if version == FINAL && !changes.is_empty() {
            withdraw_final_mark(&tx, case_id, who, now)?;
        }
        tx.commit()?;
        Ok(changes)
    }

    /// What [`Workspace::undo_last`] would undo, as it was done (old -> new,
    /// newest first), and who made that change.
    pub fn next_undo(&self, case_id: &str, version: &str) -> Result<NextUndo, WorkspaceError> {
        let rows = self.undo_target(case_id, version)?.unwrap_or_default();
        Ok(NextUndo {
            by: rows.first().map(|r| r.5.clone()),
            via: rows.first().map(|r| r.4.clone()),
            changes: rows
                .into_iter()
                .map(|(_, column, old, new, _, _)| Change { column, old, new })
                .collect(),
        })
    }

    /// Who made the change that an undo of `case_id`'s `version` would take back.
    pub fn next_undo_author(
        &self,
        case_id: &str,
        version: &str,
    ) -> Result<Option<String>, WorkspaceError> {
        Ok(self.next_undo(case_id, version)?.by)
    }

    /// The audit rows of the change an undo would revert, newest first.
    fn undo_target(
        &self,
        case_id: &str,
        version: &str,
    ) -> Result<Option<Vec<UndoRow>>, WorkspaceError> {
        // (change, column, old, new, via, changed_by), newest first.
        let rows: Vec<UndoRow> = {
            let mut stmt = self.conn.prepare(
                "SELECT COALESCE(change_id, id), column_name, old_value, new_value, via, changed_by FROM r_audit
                 WHERE case_id = ?1 AND version = ?2 AND via NOT IN ('link', 'reopen', 'done') ORDER BY id DESC",
            )?;
            let rows = stmt.query_map(params![case_id, version], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut groups: Vec<Vec<&UndoRow>> = Vec::new();
        for row in &rows {
            match groups.last_mut() {
                Some(g) if g[0].0 == row.0 => g.push(row),
                _ => groups.push(vec![row]),
            }
        }
        let mut depth = 0usize;
        for g in groups {
            if g[0].4 == "undo" {
                depth += 1;
            } else if depth > 0 {
                depth -= 1;
            } else {
                return Ok(Some(g.into_iter().cloned().collect()));
            }
        }
        Ok(None)
    }

    // ---- deliberation ----

    /// Marks a case for discussion ("overleg") with a question.
    pub fn ask_discussion(
        &mut self,
        case_id: &str,
        question: &str,
        who: &str,
        now: &str,
    ) -> Result<i64, WorkspaceError> {
        self.ask(case_id, question, false, who, now)
    }

    /// A coder's flag that a case does not belong in the research ("hoort
    /// hier niet": it seems not to be trafficking, or is off-topic), with an
    /// optional note: a discussion item every researcher sees at once (a blind
    /// coder's own questions stay hidden from the other coder), which keeps
    /// the case open ("wacht op overleg") until its decision is recorded.
    /// Refused while a question about the case waits already.
    pub fn flag_off_topic(
        &mut self,
        case_id: &str,
        note: &str,
        who: &str,
        now: &str,
    ) -> Result<i64, WorkspaceError> {
        if self
            .case_discussions(case_id)?
            .iter()
            .any(|d| d.decision.is_none() && d.off_topic)
        {
            return Err(WorkspaceError::Refused(format!(
                "Casus {case_id} is al gemeld als „hoort hier niet” en wacht op overleg."
            )));
        }
        let note = note.trim();
        let question = if note.is_empty() {
            OFF_TOPIC.to_string()
        } else {
            format!("{OFF_TOPIC}: {note}")
        };
        self.ask(case_id, &question, true, who, now)
    }

    fn ask(
        &mut self,
        case_id: &str,
        question: &str,
        off_topic: bool,
        who: &str,
        now: &str,
    ) -> Result<i64, WorkspaceError> {
        self.case(case_id)?;
        let question = question.trim();
        if question.is_empty() {
            return Err(WorkspaceError::Invalid {
                case_id: case_id.to_string(),
                column: Some("question".to_string()),
                problems: vec!["Schrijf de vraag voor het overleg op.".to_string()],
            });
        }
        let tx = self.conn.transaction()?;
        let row: i64 = tx.query_row(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM r_discussions",
            [],
            |r| r.get(0),
        )?;
        let sealed =
            data_key_in(&tx, &self.vault, case_id)?.seal_text(question, &aad_question(row))?;
        tx.execute(
            "INSERT INTO r_discussions (id, case_id, question, asked_by, asked_at, off_topic) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![row, case_id, sealed, who, now, off_topic],
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// Records the decision of the discussion of a case (its open question).
    pub fn decide_discussion(
        &mut self,
        case_id: &str,
        decision: &str,
        who: &str,
        now: &str,
    ) -> Result<(), WorkspaceError> {
        let decision = decision.trim();
        if decision.is_empty() {
            return Err(WorkspaceError::Invalid {
                case_id: case_id.to_string(),
                column: Some("decision".to_string()),
                problems: vec!["Schrijf het besluit van het overleg op.".to_string()],
            });
        }
        let tx = self.conn.transaction()?;
        let row: Option<i64> = tx.query_row(
            "SELECT MAX(id) FROM r_discussions WHERE case_id = ?1 AND decision IS NULL",
            params![case_id],
            |r| r.get(0),
        )?;
        let Some(row) = row else {
            return Err(WorkspaceError::Refused(format!(
                "Casus {case_id} staat niet open voor overleg."
            )));
        };
        let sealed =
            data_key_in(&tx, &self.vault, case_id)?.seal_text(decision, &aad_decision(row))?;
        tx.execute(
            "UPDATE r_discussions SET decision = ?1, decided_by = ?2, decided_at = ?3 WHERE id = ?4",
            params![sealed, who, now, row],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Brings a decided discussion back: its question is asked again (a new
    /// row; the earlier decision stays recorded).
    pub fn reopen_discussion(
        &mut self,
        case_id: &str,
        who: &str,
        now: &str,
    ) -> Result<(), WorkspaceError> {
        let list = self.case_discussions(case_id)?;
        if list.iter().any(|d| d.decision.is_none()) {
            return Err(WorkspaceError::Refused(format!(
                "Casus {case_id} staat al open voor overleg."
            )));
        }
        let Some(last) = list.last() else {
            return Err(WorkspaceError::Refused(format!(
                "Casus {case_id} is nog niet besproken."
            )));
        };
        let (question, off_topic) = (last.question.clone(), last.off_topic);
        self.ask(case_id, &question, off_topic, who, now)?;
        Ok(())
    }

    /// Every discussion of the year's cases, oldest first.
    pub fn discussions(&self, year: i32) -> Result<Vec<Discussion>, WorkspaceError> {
        let mut stmt = self.conn.prepare(
            "SELECT d.case_id, d.question, d.asked_by, d.asked_at, d.decision, d.decided_by, d.decided_at, d.id, d.off_topic
             FROM r_discussions d JOIN r_conversations c ON c.conversation_id = d.case_id
             WHERE c.year = ?1 ORDER BY d.id",
        )?;
        type Row = (
            Discussion,
            i64,
            rusqlite::types::Value,
            Option<rusqlite::types::Value>,
        );
        let rows = stmt.query_map(params![year], |r| -> rusqlite::Result<Row> {
            Ok((
                Discussion {
                    case_id: r.get(0)?,
                    question: String::new(),
                    asked_by: r.get(2)?,
                    asked_at: r.get(3)?,
                    decision: None,
                    decided_by: r.get(5)?,
                    decided_at: r.get(6)?,
                    off_topic: r.get(8)?,
                },
                r.get(7)?,
                r.get(1)?,
                r.get::<_, Option<rusqlite::types::Value>>(4)?,
            ))
        })?;
        let rows: Vec<Row> = rows.collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(mut d, row, question, decision)| {
                d.question = self.unseal(&d.case_id, &aad_question(row), question)?;
                d.decision = decision
                    .map(|v| self.unseal(&d.case_id, &aad_decision(row), v))
                    .transpose()?;
                Ok(d)
            })
            .collect()
    }

    /// The discussions of one case, oldest first.
    pub fn case_discussions(&self, case_id: &str) -> Result<Vec<Discussion>, WorkspaceError> {
        let year = self.year_of(case_id)?;
        Ok(self
            .discussions(year)?
            .into_iter()
            .filter(|d| d.case_id == case_id)
            .collect())
    }

    // ---- funnel and export ----

    /// The funnel of a year. A case whose coders' differences are not
    /// adjudicated yet counts as open, whatever its status.
    pub fn funnel(&self, book: &Codebook, year: i32) -> Result<Funnel, WorkspaceError> {
        let cases = self.cases(year)?;
        let conversations: usize = cases.iter().map(|c| c.conversations.len()).sum();
        let mut f = Funnel {
            conversations,
            duplicates: conversations - cases.len(),
            ..Funnel::default()
        };
        let status = &book.analysis.status;
        let statuses = self.column_of_year(year, FINAL, status)?;
        let unsettled = self.unsettled(book, year)?;
        for case in &cases {
            match statuses.get(&case.case_id) {
                _ if unsettled.contains_key(&case.case_id) => f.open += 1,
                Some(s) if *s == book.analysis.included => f.included += 1,
                Some(s) if *s == book.analysis.excluded => f.excluded += 1,
                _ => f.open += 1,
            }
        }
        Ok(f)
    }

    /// The cases of a year that are not finished, with why, in case order.
    pub fn open_cases(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<Vec<(String, OpenReason)>, WorkspaceError> {
        Ok(self.finished_and_open(book, year)?.1)
    }

    /// The finished cases as records, and the open ones with why.
    #[allow(clippy::type_complexity)]
    fn finished_and_open(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<(Vec<Record>, Vec<(String, OpenReason)>), WorkspaceError> {
        let unsettled = self.unsettled(book, year)?;
        let unknown = self.left_unknown(year)?;
        let double_open = self.double_open(year)?;
        let marked = self.marked_final(year)?;
        let waiting: BTreeSet<String> = self
            .discussions(year)?
            .into_iter()
            .filter(|d| d.decision.is_none())
            .map(|d| d.case_id)
            .collect();
        let mut records = Vec::new();
        let mut open = Vec::new();
        for case in self.cases(year)? {
            let values = self.values(&case.case_id, FINAL)?;
            let state = CaseState {
                unsettled: unsettled.get(&case.case_id),
                in_discussion: waiting.contains(&case.case_id),
                left_unknown: unknown.get(&case.case_id),
                double_open: double_open.contains(&case.case_id),
                marked: marked.contains(&case.case_id),
            };
            match open_reason(book, &case, &values, &state) {
                Some(why) => open.push((case.case_id.clone(), why)),
                None => records.push(full_record(book, &case, &values)),
            }
        }
        Ok((records, open))
    }

    /// The final cases of a year as `cases.csv` records, checked by the reader.
    ///
    /// Refused (naming the cases) while a case has no status, its coders'
    /// differences are not adjudicated, or its coding does not pass the reader.
    pub fn export_records(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<Vec<Record>, WorkspaceError> {
        let (records, open) = self.finished_and_open(book, year)?;
        if open.is_empty() {
            return Ok(records);
        }
        let status = column_label(book, &book.analysis.status).to_lowercase();
        let problems = open
            .into_iter()
            .flat_map(|(id, why)| match why {
                OpenReason::NoStatus => vec![format!("casus {id}: nog geen {status}")],
                OpenReason::Unsettled(columns) => vec![format!(
                    "casus {id}: verschillen tussen de codeurs nog niet beslecht ({})",
                    columns
                        .iter()
                        .map(|c| column_label(book, c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )],
                OpenReason::Incomplete(list) => list
                    .into_iter()
                    .map(|p| format!("casus {id}: {p}"))
                    .collect(),
                OpenReason::Discussion => vec![format!("casus {id}: {DISCUSSION_NL}")],
                OpenReason::DoubleCoding => vec![format!("casus {id}: {DOUBLE_NL}")],
                OpenReason::NotMarked => vec![format!("casus {id}: {NOT_MARKED_NL}")],
            })
            .collect();
        Err(WorkspaceError::Export(problems))
    }

    /// The finished cases of a year only (a status, differences settled and
    /// no problem), and the ids of the cases left out: a provisional export while coding goes on.
    pub fn export_provisional(
        &self,
        book: &Codebook,
        year: i32,
    ) -> Result<(Vec<Record>, Vec<String>), WorkspaceError> {
        let (records, open) = self.finished_and_open(book, year)?;
        Ok((records, open.into_iter().map(|(id, _)| id).collect()))
    }

    /// Writes the final cases of a year as `cases.csv`.
    pub fn export_csv(
        &self,
        book: &Codebook,
        year: i32,
        w: impl std::io::Write,
    ) -> Result<usize, WorkspaceError> {
        let records = self.export_records(book, year)?;
        zicht_cases::write_records(book, &records, w)
            .map_err(|e| WorkspaceError::Export(vec![e.to_string()]))?;
        Ok(records.len())
    }
}

/// The columns (codebook order) where both coders agree and the final version has no value yet, with that value.
fn agreed_missing(
    book: &Codebook,
    a: &Record,
    b: &Record,
    final_values: &Record,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for column in book.columns() {
        let name = column.name();
        if final_values.contains_key(&name) {
            continue;
        }
        if let (Some(x), Some(y)) = (a.get(&name), b.get(&name))
            && x == y
        {
            out.push((name, x.clone()));
        }
    }
    out
}

/// Why a case is not finished, from its final values and its state; `None`
/// when it is finished: it has a status, its coders' differences are
/// settled, no question about it waits for discussion, an exclusion has its
/// reason, its coding passes the `cases.csv` reader, and an included case
/// also has every follow-up question the codebook asks given its answers
/// ([`follow_ups`]: the family relation when the perpetrator is family)
/// answered or left unknown on purpose, both blind codings done when it is in
/// the double-coding sample, and its final coding marked "klaar". An
/// excluded case needs only its status and reason. The year page, the case
/// page and the exports use this one definition.
/// A change of a case's final coding (a value, an undo, a take-over, a
/// link) takes its "klaar" mark back, recorded under who changed it as the
/// draw of a sample records it: a finished case is finished again only when
/// someone marks the changed coding anew. True when a mark was taken back.
fn withdraw_final_mark(
    conn: &Connection,
    case_id: &str,
    who: &str,
    now: &str,
) -> Result<bool, WorkspaceError> {
    let marked: Option<bool> = conn
        .query_row(
            "SELECT done FROM r_final_marks WHERE case_id = ?1 ORDER BY id DESC LIMIT 1",
            params![case_id],
            |r| r.get(0),
        )
        .optional()?;
    if marked != Some(true) {
        return Ok(false);
    }
    conn.execute(
        "INSERT INTO r_final_marks (case_id, done, marked_by, marked_at) VALUES (?1, 0, ?2, ?3)",
        params![case_id, who, now],
    )?;
    Ok(true)
}

pub fn open_reason(
    book: &Codebook,
    case: &CaseInfo,
    values: &Record,
    state: &CaseState<'_>,
) -> Option<OpenReason> {
    if !values.contains_key(&book.analysis.status) {
        return Some(OpenReason::NoStatus);
    }
    if let Some(columns) = state.unsettled.filter(|c| !c.is_empty()) {
        return Some(OpenReason::Unsettled(columns.clone()));
    }
    if state.in_discussion {
        return Some(OpenReason::Discussion);
    }
    let reason = &book.analysis.exclusion_reason;
    let excluded = values.get(&book.analysis.status) == Some(&book.analysis.excluded);
    if excluded && book.column(reason).is_some() && !values.contains_key(reason) {
        return Some(OpenReason::Incomplete(vec![format!(
            "{} is nog leeg",
            column_label(book, reason)
        )]));
    }
    let problems = validate(book, case, values, true);
    if !problems.is_empty() {
        return Some(OpenReason::Incomplete(
            problems.into_iter().map(|(_, p)| p).collect(),
        ));
    }
    if excluded {
        return None;
    }
    let missing: Vec<String> = missing_follow_ups(book, values)
        .into_iter()
        .filter(|(c, _)| !state.left_unknown.is_some_and(|u| u.contains(c)))
        .map(|(column, cond)| {
            format!(
                "vul {} in (gevraagd omdat {}), of kies „Onbekend”",
                column_label(book, &column).to_lowercase(),
                condition_nl(book, &cond)
            )
        })
        .collect();
    if !missing.is_empty() {
        return Some(OpenReason::Incomplete(missing));
    }
    if state.double_open {
        return Some(OpenReason::DoubleCoding);
    }
    if !state.marked {
        return Some(OpenReason::NotMarked);
    }
    None
}

/// The follow-up questions of the codebook: a code variable whose condition
/// names the answers it refines (`in`), so that it is asked whenever one of
/// them is given: the order of both forms (`both_onset`, when the
/// exploitation is both), the platform when they met online, the family
/// relation when the perpetrator is family, the social relation when
/// social. Not follow-ups: the exclusion reason (checked with the status), a
/// question only restricted by its condition (`not_in`: how they met, for
/// perpetrators outside the family), yes/no questions (empty is "not evident
/// from the chat") and sets (nothing ticked is "none mentioned").
pub fn follow_ups(book: &Codebook) -> Vec<(String, zicht_codebook::Condition)> {
    book.variables
        .iter()
        .filter(|v| {
            v.kind == zicht_codebook::Kind::Code && v.name != book.analysis.exclusion_reason
        })
        .filter_map(|v| {
            let cond = v.condition.as_ref()?;
            cond.in_codes.as_ref()?;
            Some((v.name.clone(), cond.clone()))
        })
        .collect()
}

/// The follow-up questions a coding asks and leaves empty ([`follow_ups`]).
pub fn missing_follow_ups(
    book: &Codebook,
    values: &Record,
) -> Vec<(String, zicht_codebook::Condition)> {
    follow_ups(book)
        .into_iter()
        .filter(|(column, cond)| {
            !values.contains_key(column)
                && cond.holds(values.get(&cond.variable).map(String::as_str))
        })
        .collect()
}

/// The cases of a year from its selection rows (by start) and link decisions:
/// connected groups under the `linked` decisions, earliest first.
pub fn group_cases(
    year: i32,
    rows: &[(String, String, String)],
    decisions: &[LinkDecision],
) -> Vec<CaseInfo> {
    let order: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0.as_str(), i))
        .collect();
    let groups = linking::components(
        rows.iter().map(|r| r.0.as_str()),
        decisions
            .iter()
            .filter(|d| d.linked)
            .map(|d| (d.conv_a.as_str(), d.conv_b.as_str())),
    );
    let mut cases: Vec<CaseInfo> = groups
        .into_iter()
        .map(|mut g| {
            g.sort_by_key(|id| order.get(id.as_str()).copied().unwrap_or(usize::MAX));
            let first = order.get(g[0].as_str()).map(|&i| &rows[i]);
            CaseInfo {
                case_id: g[0].clone(),
                year,
                first_started: first.map(|r| r.1.clone()).unwrap_or_default(),
                channel: first.map(|r| r.2.clone()).unwrap_or_default(),
                conversations: g,
            }
        })
        .collect();
    cases.sort_by(|a, b| {
        (a.first_started.as_str(), a.case_id.as_str())
            .cmp(&(b.first_started.as_str(), b.case_id.as_str()))
    });
    cases
}

/// A random share (percent, rounded up) of the ids for double coding,
/// reproducible from `seed` (the pages use the assignment time, which is recorded).
pub fn choose_share(ids: &[String], share: u32, seed: &str) -> Vec<String> {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    let k = (ids.len() * share as usize).div_ceil(100).min(ids.len());
    let seed_value = seed.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed_value);
    let mut v = ids.to_vec();
    v.shuffle(&mut rng);
    v.truncate(k);
    v.sort();
    v
}

/// Opens a stored text of `id` with its data key: a sealed BLOB, or text
/// from before encryption.
fn open_value(
    key: &zicht_vault::DataKey,
    id: &str,
    aad: &str,
    v: rusqlite::types::Value,
) -> Result<String, WorkspaceError> {
    use rusqlite::types::Value;
    match v {
        Value::Blob(b) => Ok(key.open_text(&b, aad)?),
        Value::Text(t) => Ok(t),
        _ => Err(WorkspaceError::Corrupt {
            id: id.to_string(),
            message: "not a sealed text".into(),
        }),
    }
}

/// [`Workspace::data_key`] inside an import's transaction.
fn data_key_in(
    tx: &rusqlite::Transaction<'_>,
    vault: &zicht_vault::Vault,
    id: &str,
) -> Result<zicht_vault::DataKey, WorkspaceError> {
    let row: Option<(String, Vec<u8>)> = tx
        .query_row(
            "SELECT master_id, wrapped FROM r_conversation_keys WHERE conversation_id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((master_id, blob)) => {
            vault.unwrap(&zicht_vault::Wrapped { master_id, blob }, &key_owner(id))?
        }
        None => {
            let (key, w) = vault.new_data_key(&key_owner(id))?;
            tx.execute(
                "INSERT INTO r_conversation_keys (conversation_id, master_id, wrapped) VALUES (?1, ?2, ?3)",
                params![id, w.master_id, w.blob],
            )?;
            key
        }
    })
}

fn unseal_in(
    tx: &rusqlite::Transaction<'_>,
    vault: &zicht_vault::Vault,
    id: &str,
    aad: &str,
    v: rusqlite::types::Value,
) -> Result<String, WorkspaceError> {
    match v {
        rusqlite::types::Value::Blob(b) => Ok(data_key_in(tx, vault, id)?.open_text(&b, aad)?),
        rusqlite::types::Value::Text(t) => Ok(t),
        _ => Err(WorkspaceError::Corrupt {
            id: id.to_string(),
            message: "not a sealed text".into(),
        }),
    }
}

fn parse_body(id: &str, body: &str) -> Result<Conversation, WorkspaceError> {
    serde_json::from_str(body).map_err(|e| WorkspaceError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

/// Columns that come from the conversations, not from coding.
pub fn derived_columns(book: &Codebook) -> BTreeSet<String> {
    let a = &book.analysis;
    let mut out: BTreeSet<String> = [&a.year, &a.first_contact, &a.channel, &a.conversations]
        .into_iter()
        .cloned()
        .collect();
    if let Some(id) = id_column(book) {
        out.insert(id);
    }
    out
}

/// The identifier column: the codebook's first required text variable.
pub fn id_column(book: &Codebook) -> Option<String> {
    book.variables
        .iter()
        .find(|v| v.kind == zicht_codebook::Kind::Text && v.required)
        .map(|v| v.name.clone())
}

/// The derived values of a case plus its coded values.
pub fn full_record(book: &Codebook, case: &CaseInfo, values: &Record) -> Record {
    let mut r = values.clone();
    let a = &book.analysis;
    if let Some(id) = id_column(book) {
        r.insert(id, case.case_id.clone());
    }
    r.insert(a.year.clone(), case.year.to_string());
    r.insert(
        a.first_contact.clone(),
        case.first_started.get(..10).unwrap_or_default().to_string(),
    );
    r.insert(a.channel.clone(), case.channel.clone());
    r.insert(
        a.conversations.clone(),
        case.conversations.len().to_string(),
    );
    r
}

/// Removes values whose condition does not hold, until none is left.
pub fn clear_inapplicable(book: &Codebook, values: &mut Record) {
    loop {
        let mut removed = false;
        for column in book.columns() {
            let name = column.name();
            if !values.contains_key(&name) {
                continue;
            }
            if let Some(cond) = column.condition()
                && !cond.holds(values.get(&cond.variable).map(String::as_str))
            {
                values.remove(&name);
                removed = true;
            }
        }
        if !removed {
            return;
        }
    }
}

/// Problems of a case's values as `cases.csv` would report them, as
/// (column, Dutch message); `strict` also counts required columns that are still empty.
fn validate(
    book: &Codebook,
    case: &CaseInfo,
    values: &Record,
    strict: bool,
) -> Vec<(String, String)> {
    let record = full_record(book, case, values);
    let mut buf = Vec::new();
    if let Err(e) = zicht_cases::write_records(book, [&record], &mut buf) {
        return vec![(String::new(), e.to_string())];
    }
    match zicht_cases::read_reader(buf.as_slice(), "case", book) {
        Ok(_) => Vec::new(),
        Err(e) => {
            let problems = e.problems();
            if problems.is_empty() {
                return vec![(String::new(), e.to_string())];
            }
            problems
                .iter()
                .filter(|p| strict || !p.value.is_empty() || record.contains_key(&p.column))
                .map(|p| {
                    let label = column_label(book, &p.column);
                    let message = if p.value.is_empty() {
                        format!("{label} is nog leeg")
                    } else {
                        format!(
                            "{label}: „{}” kan niet, verwacht {}",
                            p.value,
                            expected_nl(book, &p.column)
                        )
                    };
                    (p.column.clone(), message)
                })
                .collect()
        }
    }
}

/// The codebook label (Dutch) of a column: a variable, or a set's item as "set: item".
pub fn column_label(book: &Codebook, column: &str) -> String {
    match book.column(column) {
        Some(Column::Variable(v)) if v.label.nl == v.label.en => DUTCH_LABELS
            .iter()
            .find(|(name, _)| *name == v.name)
            .map_or_else(|| v.label.nl.clone(), |(_, nl)| nl.to_string()),
        Some(Column::Variable(v)) => v.label.nl.clone(),
        Some(Column::Item(set, item)) => format!("{}: {}", set.label.nl, item.nl),
        None => column.to_string(),
    }
}

/// Whether a case's values already say what a suggestion says (a set: every suggested item ticked).
pub fn suggestion_holds(book: &Codebook, values: &Record, variable: &str, value: &str) -> bool {
    match book.set(variable) {
        Some(set) => value
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .all(|code| {
                values
                    .get(&format!("{}{}", set.prefix, code))
                    .is_some_and(|v| v == "1")
            }),
        None => values.get(variable).is_some_and(|v| v == value),
    }
}

/// Dutch words for the research pages where the codebook (a contract, whose
/// labels the report's goldens use) has no Dutch label yet: shown only while
/// its Dutch label equals the English one.
const DUTCH_LABELS: &[(&str, &str)] = &[("first_disclosure", "Eerste keer verteld")];

/// The Dutch label of a raw value of a column (codes, yes/no), or the value itself.
pub fn value_label(book: &Codebook, column: &str, raw: &str) -> String {
    match book.column(column) {
        Some(Column::Variable(v)) if v.kind == zicht_codebook::Kind::Code => v
            .code(raw)
            .map(|c| c.nl.clone())
            .unwrap_or_else(|| raw.to_string()),
        Some(c) if c.kind() == zicht_codebook::Kind::YesNo => match raw {
            "1" => "ja".to_string(),
            "0" => "nee".to_string(),
            _ => raw.to_string(),
        },
        _ => raw.to_string(),
    }
}

/// A condition in words: "Vorm van uitbuiting is seksuele uitbuiting of ...".
pub fn condition_nl(book: &Codebook, cond: &zicht_codebook::Condition) -> String {
    let label = column_label(book, &cond.variable);
    let list = |codes: &[String]| {
        codes
            .iter()
            .map(|c| format!("„{}”", value_label(book, &cond.variable, c)))
            .collect::<Vec<_>>()
            .join(" of ")
    };
    match (&cond.in_codes, &cond.not_in) {
        (Some(codes), _) => format!("{} {} is", label.to_lowercase(), list(codes)),
        (None, Some(codes)) => format!("{} niet {} is", label.to_lowercase(), list(codes)),
        _ => format!("{} bekend is", label.to_lowercase()),
    }
}

/// What a column accepts, in Dutch.
fn expected_nl(book: &Codebook, column: &str) -> String {
    use zicht_codebook::Kind;
    let Some(c) = book.column(column) else {
        return "een waarde uit het codeboek".to_string();
    };
    match (c.kind(), c) {
        (Kind::Integer, Column::Variable(v)) => match (v.min, v.max) {
            (Some(lo), Some(hi)) => format!("een geheel getal van {lo} tot en met {hi}"),
            (Some(lo), None) => format!("een geheel getal vanaf {lo}"),
            _ => "een geheel getal".to_string(),
        },
        (Kind::Code, _) => "een van de keuzes uit de lijst".to_string(),
        (Kind::YesNo, _) => "ja of nee".to_string(),
        (Kind::Date, _) => "een datum als JJJJ-MM-DD".to_string(),
        _ => "een tekst".to_string(),
    }
}

fn to_table(
    book: &Codebook,
    records: &[Record],
    name: &str,
) -> Result<zicht_cases::CaseTable, WorkspaceError> {
    let mut buf = Vec::new();
    zicht_cases::write_records(book, records, &mut buf)
        .map_err(|e| WorkspaceError::Export(vec![e.to_string()]))?;
    zicht_cases::read_reader(buf.as_slice(), name, book)
        .map_err(|e| WorkspaceError::Export(vec![e.to_string()]))
}

/// A `LinkDecision` from the columns conv_a, conv_b, decision, score, decided_by, decided_at.
fn link_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LinkDecision> {
    Ok(LinkDecision {
        conv_a: r.get(0)?,
        conv_b: r.get(1)?,
        linked: r.get::<_, String>(2)? == "linked",
        score: r.get(3)?,
        decided_by: r.get(4)?,
        decided_at: r.get(5)?,
    })
}

/// An `AuditEntry` from the columns case_id, version, column_name, old_value,
/// new_value, via, changed_by, changed_at.
fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        case_id: r.get(0)?,
        version: r.get(1)?,
        column: r.get(2)?,
        old: r.get(3)?,
        new: r.get(4)?,
        via: r.get(5)?,
        by: r.get(6)?,
        at: r.get(7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_follow_up_questions_are_the_refining_code_variables()
    -> Result<(), Box<dyn std::error::Error>> {
        let book = Codebook::embedded()?;
        let names: Vec<String> = follow_ups(&book).into_iter().map(|(c, _)| c).collect();
        assert_eq!(
            names,
            [
                "both_onset",
                "met_platform",
                "perpetrator_family",
                "perpetrator_social"
            ]
        );
        let case = CaseInfo {
            case_id: "c1".into(),
            year: 2022,
            first_started: "2022-03-14T20:15:00Z".into(),
            channel: "fier".into(),
            conversations: vec!["c1".into()],
        };
        let mut values = Record::new();
        values.insert("status".into(), "included".into());
        values.insert("perpetrator".into(), "family".into());
        let marked = CaseState {
            marked: true,
            ..CaseState::default()
        };
        match open_reason(&book, &case, &values, &marked) {
            Some(OpenReason::Incomplete(p)) => assert_eq!(
                p,
                [
                    "vul familierelatie pleger in (gevraagd omdat relatie pleger „Familielid” is), of kies „Onbekend”"
                ]
            ),
            other => panic!("{other:?}"),
        }
        let unknown: BTreeSet<String> = ["perpetrator_family".to_string()].into();
        let left = CaseState {
            left_unknown: Some(&unknown),
            ..marked.clone()
        };
        assert_eq!(open_reason(&book, &case, &values, &left), None);
        values.insert("perpetrator_family".into(), "mother".into());
        assert_eq!(open_reason(&book, &case, &values, &marked), None);
        // Included and coded, but not marked "klaar"; in the sample, not both coders done.
        let unmarked = CaseState::default();
        assert_eq!(
            open_reason(&book, &case, &values, &unmarked),
            Some(OpenReason::NotMarked)
        );
        let sample = CaseState {
            double_open: true,
            ..marked.clone()
        };
        assert_eq!(
            open_reason(&book, &case, &values, &sample),
            Some(OpenReason::DoubleCoding)
        );
        // An excluded case asks only for its reason.
        values.remove("perpetrator_family");
        values.insert("status".into(), "excluded".into());
        values.insert("exclusion_reason".into(), "other".into());
        assert_eq!(open_reason(&book, &case, &values, &unmarked), None);
        Ok(())
    }

    #[test]
    fn the_sample_pool_holds_only_included_cases_not_in_the_sample()
    -> Result<(), Box<dyn std::error::Error>> {
        let book = Codebook::embedded()?;
        let mut ws = Workspace::in_memory()?;
        let conv = |id: &str, at: &str| -> Result<Conversation, serde_json::Error> {
            serde_json::from_value(serde_json::json!({
                "conversation_id": id, "channel": "fier", "username": id, "started_at": at,
                "intake": {}, "flags": {"trafficking": true},
                "messages": [{"at": at, "from": "visitor", "text": "hallo"}]
            }))
        };
        let convs = vec![
            conv("c1", "2022-01-01T10:00:00Z")?,
            conv("c2", "2022-02-01T10:00:00Z")?,
            conv("c3", "2022-03-01T10:00:00Z")?,
            conv("c4", "2022-04-01T10:00:00Z")?,
        ];
        ws.import(&convs, "test", "ria", "2026-11-28T08:00:00Z")?;
        let t = "2026-11-28T09:00:00Z";
        for (id, status) in [("c1", "included"), ("c2", "excluded"), ("c3", "included")] {
            ws.set_value(&book, id, FINAL, "status", Some(status), "form", "ria", t)?;
        }
        let pool = ws.sample_pool(&book, 2022)?;
        assert_eq!(pool.eligible, ["c1", "c3"]);
        assert_eq!((pool.included, pool.undecided, pool.assigned), (2, 1, 0));
        ws.assign(&["c1".into()], "ria", "bram", "lead", t)?;
        let pool = ws.sample_pool(&book, 2022)?;
        assert_eq!(pool.eligible, ["c3"]);
        assert_eq!((pool.included, pool.assigned), (2, 1));
        Ok(())
    }

    #[test]
    fn exports_are_recorded_per_year_newest_first() -> Result<(), WorkspaceError> {
        let mut ws = Workspace::in_memory()?;
        assert!(ws.exports(2022)?.is_empty());
        let first = ExportRecord {
            year: 2022,
            kind: ExportKind::Provisional,
            format: ExportFormat::Csv,
            cases: 4,
            by: "ria".into(),
            at: "2026-11-28T08:00:00Z".into(),
        };
        let second = ExportRecord {
            kind: ExportKind::Final,
            format: ExportFormat::Sav,
            cases: 7,
            by: "bram".into(),
            at: "2026-11-28T09:00:00Z".into(),
            ..first.clone()
        };
        let other_year = ExportRecord {
            year: 2021,
            ..first.clone()
        };
        for r in [&first, &other_year, &second] {
            ws.record_export(r)?;
        }
        assert_eq!(ws.exports(2022)?, vec![second, first]);
        assert_eq!(ws.exports(2021)?, vec![other_year]);
        Ok(())
    }

    #[test]
    fn a_share_is_rounded_up_and_reproducible() {
        let ids: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let a = choose_share(&ids, 25, "2026-11-28T08:00:00Z");
        assert_eq!(a.len(), 3);
        assert_eq!(a, choose_share(&ids, 25, "2026-11-28T08:00:00Z"));
        assert_eq!(choose_share(&ids, 100, "x").len(), 10);
        assert!(a.iter().all(|x| ids.contains(x)));
    }
}
