//! The values the store reads and writes: conversations, messages, registrations, users.

use serde::{Deserialize, Serialize};

/// A staff member's role; every console and research route checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Counsellor,
    Researcher,
    Admin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Counsellor => "counsellor",
            Role::Researcher => "researcher",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "counsellor" => Some(Role::Counsellor),
            "researcher" => Some(Role::Researcher),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The gender a visitor chose in the intake (formats.md codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
    Neutral,
}

impl Gender {
    pub fn code(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Neutral => "neutral",
        }
    }

    pub fn parse(s: &str) -> Option<Gender> {
        match s {
            "female" => Some(Gender::Female),
            "male" => Some(Gender::Male),
            "neutral" => Some(Gender::Neutral),
            _ => None,
        }
    }
}

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Waiting,
    Active,
    Ended,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Waiting => "waiting",
            State::Active => "active",
            State::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        match s {
            "waiting" => Some(State::Waiting),
            "active" => Some(State::Active),
            "ended" => Some(State::Ended),
            _ => None,
        }
    }
}

/// Who ended a conversation, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// The visitor ended it calmly ("Chat beëindigen").
    Visitor,
    /// The visitor left by the quick exit ("Snel weg" or Shift three times).
    QuickExit,
    Counsellor,
    /// The server: the visitor's tab closed or the connection was lost too
    /// long, or retention removed the conversation.
    System,
}

impl EndedBy {
    pub fn code(self) -> &'static str {
        match self {
            EndedBy::Visitor => "visitor",
            EndedBy::QuickExit => "quick_exit",
            EndedBy::Counsellor => "counsellor",
            EndedBy::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<EndedBy> {
        match s {
            "visitor" => Some(EndedBy::Visitor),
            "quick_exit" => Some(EndedBy::QuickExit),
            "counsellor" => Some(EndedBy::Counsellor),
            "system" => Some(EndedBy::System),
            _ => None,
        }
    }
}

/// Who wrote a message (re-exported from the exchange format).
pub use zicht_conversations::From as Sender;

/// A staff account as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// argon2 PHC string, or [`DISABLED_PASSWORD`] for a disabled account.
    pub password_hash: String,
}

/// The stored password of a disabled account: no password matches it (it is
/// no PHC string), and a new password enables the account again.
pub const DISABLED_PASSWORD: &str = "!disabled";

impl User {
    /// Whether the account was disabled (`zicht user disable`).
    pub fn is_disabled(&self) -> bool {
        self.password_hash == DISABLED_PASSWORD
    }
}

/// A logged-in staff session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: String,
}

/// What the intake form gives for a new conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConversation {
    pub public_id: String,
    /// SHA-256 of the visitor's token.
    pub token_hash: Vec<u8>,
    pub channel: String,
    pub username: String,
    pub age: Option<u32>,
    pub gender: Option<Gender>,
    pub lang: String,
    pub created_at: String,
}

/// One conversation without its messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConversationInfo {
    /// Internal key (never shown to a visitor).
    pub id: i64,
    pub public_id: String,
    pub channel: String,
    pub username: String,
    pub age: Option<u32>,
    pub gender: Option<Gender>,
    pub lang: String,
    pub state: State,
    pub counsellor_id: Option<i64>,
    pub created_at: String,
    pub taken_at: Option<String>,
    pub ended_at: Option<String>,
    pub ended_by: Option<EndedBy>,
    pub purged_at: Option<String>,
    /// The highest message `seq` (0 when there are none).
    pub last_seq: i64,
}

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMessage {
    pub seq: i64,
    pub from: Sender,
    /// The counsellor who wrote it (for `from = counsellor`).
    pub counsellor_id: Option<i64>,
    pub client_id: String,
    pub at: String,
    pub text: String,
}

/// A message to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub conversation_id: i64,
    pub from: Sender,
    pub counsellor_id: Option<i64>,
    /// The sender's id for this message; a repeat returns the first copy.
    pub client_id: String,
    pub at: String,
    pub text: String,
}

/// The result of appending a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
    pub at: String,
    /// False when the message was already stored under its `client_id`.
    pub new: bool,
    /// The text as stored: for a repeat, the first copy's text (a re-sent id
    /// with another text is acknowledged with what the other side sees).
    pub text: String,
}

/// The counsellor's registration of a conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// A help request about human trafficking: yes, no, or not yet registered.
    pub trafficking: Option<bool>,
    /// A first-time visitor (true) or one who has chatted before (false);
    /// `None` until the counsellor registers it.
    #[serde(default)]
    pub first_time: Option<bool>,
    /// Other categories of the request (codes from the server configuration).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Referrals made (codes: police_avim, kindertelefoon, veilig_thuis, csg, gp, other).
    #[serde(default)]
    pub referrals: Vec<String>,
    /// Free text for the referral `other`.
    #[serde(default)]
    pub referral_other: String,
    #[serde(default)]
    pub notes: String,
    /// The victim's age in years, when the chat tells it (the server accepts 0 to 99);
    /// `None` when not registered. Sealed like the notes.
    #[serde(default)]
    pub victim_age: Option<u32>,
    /// The form of exploitation, when the chat tells it: a code of the codebook's variable
    /// (the server checks it); `None` when not registered. Sealed like the notes.
    #[serde(default)]
    pub exploitation: Option<String>,
}

/// The counsellor's decision on one suggestion of the registration panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionDecision {
    /// `trafficking` or a category code.
    pub field: String,
    /// The proposed value (`yes` or `no`).
    pub value: String,
    /// `accepted` or `rejected`.
    pub decision: String,
    /// Who decided (staff id) and when.
    pub user_id: Option<i64>,
    pub at: String,
}

/// Which conversations to list for reading (research, export).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only conversations started in this calendar year (UTC).
    pub year: Option<i32>,
    /// Only conversations registered as a trafficking help request.
    pub flagged_only: bool,
}

/// A transfer's note for the receiving counsellor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferNote {
    pub at: String,
    /// The counsellor who handed it over.
    pub from: Option<i64>,
    /// The counsellor who received it.
    pub to: Option<i64>,
    pub note: String,
}

/// A handover of a conversation from one counsellor to another (the stored `transferred`
/// event: who, to whom and when; no text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub at: String,
    /// The counsellor who handed it over.
    pub from: Option<i64>,
    /// The counsellor who received it.
    pub to: Option<i64>,
}

/// What a retention run removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    pub conversations: usize,
    pub messages: usize,
    /// The internal ids of the conversations whose transcripts were removed
    /// (the server closes them in memory).
    pub ids: Vec<i64>,
}

/// Why a transcript is read: the page or command. Every audited read names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// A counsellor's console opening (or resuming) a conversation.
    Console,
    /// A counsellor reading her own closed chat again ("Gesprek teruglezen" beside its
    /// registration, from "Gesloten gesprekken"; walk47, finding 4).
    ConsoleReread,
    /// The console's coding suggestions for the registration, computed from
    /// the transcript the counsellor holds.
    Assist,
    /// A supervisor reading along.
    Supervisor,
    /// The research page of one case (the transcript beside the coding form).
    ResearchCase,
    /// The research page that compares two conversations for linking.
    ResearchLinking,
    /// The research import page copying the year's flagged chats from the store.
    ResearchImport,
    /// `zicht export --year`.
    Export,
    /// `zicht import --from-store`.
    ImportFromStore,
}

impl Purpose {
    /// Every purpose; the audit test walks this list.
    pub const ALL: &'static [Purpose] = &[
        Purpose::Console,
        Purpose::ConsoleReread,
        Purpose::Assist,
        Purpose::Supervisor,
        Purpose::ResearchImport,
        Purpose::ResearchCase,
        Purpose::ResearchLinking,
        Purpose::Export,
        Purpose::ImportFromStore,
    ];

    /// The code stored in the audit.
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Console => "console",
            Purpose::ConsoleReread => "console reread",
            Purpose::Assist => "console assist",
            Purpose::Supervisor => "supervisor",
            Purpose::ResearchCase => "research case",
            Purpose::ResearchLinking => "research linking",
            Purpose::ResearchImport => "research import",
            Purpose::Export => "zicht export",
            Purpose::ImportFromStore => "zicht import --from-store",
        }
    }

    /// The Dutch and English label for the audit page.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Purpose::Console => ("console (gesprek geopend)", "console (conversation opened)"),
            Purpose::ConsoleReread => (
                "console (gesprek teruggelezen)",
                "console (conversation read again)",
            ),
            Purpose::Assist => (
                "console: suggesties voor de registratie",
                "console: suggestions for the registration",
            ),
            Purpose::Supervisor => ("meelezen (supervisor)", "reading along (supervisor)"),
            Purpose::ResearchCase => ("onderzoek: casus", "research: case"),
            Purpose::ResearchLinking => ("onderzoek: dubbelingen koppelen", "research: linking"),
            Purpose::ResearchImport => (
                "onderzoek: import uit de chat",
                "research: import from the chat",
            ),
            Purpose::Export => ("zicht export", "zicht export"),
            Purpose::ImportFromStore => ("zicht import --from-store", "zicht import --from-store"),
        }
    }

    pub fn parse(code: &str) -> Option<Purpose> {
        Purpose::ALL.iter().copied().find(|p| p.code() == code)
    }
}

/// Who reads a transcript. A method that returns transcript text takes one, so
/// no read can skip the audit: a staff member or a command is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader<'a> {
    /// The visitor reading their own conversation (not recorded: it is theirs).
    Visitor,
    /// A staff member (the account's name) or a command (the system user) reading for `purpose`.
    Staff { name: &'a str, purpose: Purpose },
}

/// One read of a transcript, for the audit: who, when, which conversation, why.
/// It never holds transcript text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptRead {
    /// RFC 3339 UTC time of the read.
    pub at: String,
    /// The staff account's name, or the command's user for command-line reads.
    pub staff: String,
    /// The conversation's public id.
    pub conversation: String,
    /// The page or command that read it, e.g. `console`, `supervisor`, `zicht export`.
    pub purpose: String,
}
