//! The server's configuration (`zicht.toml` in the data directory): channels, hours, limits, texts.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// The configuration written into a fresh data directory.
pub const DEFAULT_CONFIG: &str = include_str!("../assets/zicht.default.toml");

/// File name of the configuration inside the data directory.
pub const CONFIG_FILE: &str = "zicht.toml";

/// A text in Dutch and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub neutral_site: String,
    pub timezone: String,
    pub retention_days: u32,
    pub secure_cookies: bool,
    pub session_hours: u32,
    pub limits: Limits,
    #[serde(rename = "channel")]
    pub channels: Vec<Channel>,
    #[serde(rename = "emergency", default)]
    pub emergency: Vec<Emergency>,
    #[serde(rename = "category", default)]
    pub categories: Vec<Category>,
    #[serde(rename = "canned", default)]
    pub canned: Vec<Canned>,
    #[serde(default)]
    pub security: Security,
    /// The chat store in PostgreSQL (`postgres://user:password@host/db`),
    /// shared by several instances; without it, SQLite in the data folder.
    #[serde(default)]
    pub database: Option<String>,
}

/// Where the master key that encrypts the transcripts comes from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// A key file (mode 0600) outside the data folder; without it,
    /// `ZICHT_MASTER_KEY` or `DIR.key` beside the data folder.
    pub master_key: Option<std::path::PathBuf>,
}

/// The part of `DIR/zicht.toml` that `T` describes, with the file's name for
/// messages; `None` when there is no such file. Parse errors quote no password.
fn read_part<T: serde::de::DeserializeOwned>(
    dir: &Path,
) -> Result<Option<(String, T)>, ConfigError> {
    let path = dir.join(CONFIG_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
        path: shown.clone(),
        source,
    })?;
    let part = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
        path: shown.clone(),
        message: redact_urls(&e.to_string()),
    })?;
    Ok(Some((shown, part)))
}

/// The `[security] master_key` of `DIR/zicht.toml`, if the file exists and names one
/// (read without creating or checking the rest of the file).
pub fn master_key_path(dir: &Path) -> Result<Option<std::path::PathBuf>, ConfigError> {
    #[derive(Deserialize)]
    struct Only {
        #[serde(default)]
        security: Option<toml::Table>,
    }
    let Some((shown, only)) = read_part::<Only>(dir)? else {
        return Ok(None);
    };
    match only.security.as_ref().and_then(|t| t.get("master_key")) {
        None => Ok(None),
        Some(toml::Value::String(p)) => Ok(Some(p.into())),
        Some(_) => Err(ConfigError::Invalid {
            path: shown,
            message: "security.master_key: expected a file path in quotes".into(),
        }),
    }
}

/// The top-level `database` of `DIR/zicht.toml` (a PostgreSQL URL), if the
/// file exists and names one (read without creating or checking the rest).
pub fn database_url(dir: &Path) -> Result<Option<String>, ConfigError> {
    #[derive(Deserialize)]
    struct Only {
        #[serde(default)]
        database: Option<toml::Value>,
    }
    let Some((shown, only)) = read_part::<Only>(dir)? else {
        return Ok(None);
    };
    match only.database {
        None => Ok(None),
        Some(toml::Value::String(url)) => {
            check_database_url(&url)
                .map(|()| Some(url))
                .map_err(|message| ConfigError::Invalid {
                    path: shown,
                    message,
                })
        }
        Some(_) => Err(ConfigError::Invalid {
            path: shown,
            message: "database: expected a postgres:// URL in quotes".into(),
        }),
    }
}

/// `text` (an error that may quote a line of zicht.toml) with the password
/// of every PostgreSQL URL in it replaced by `***`.
pub fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("postgres") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(tail.len());
        out.push_str(&zicht_store::redact(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A `database` value must be a PostgreSQL URL (the message never repeats it:
/// it may hold a password).
pub fn check_database_url(url: &str) -> Result<(), String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(())
    } else {
        Err("database: expected a postgres:// or postgresql:// URL (SQLite in the data folder is the default without it)".into())
    }
}

/// The master key of the data folder `dir`: `ZICHT_MASTER_KEY`, else the
/// configured key file, else `DIR.key` beside the folder.
pub fn vault(
    dir: &Path,
    configured: Option<&Path>,
) -> Result<zicht_store::vault::Vault, zicht_store::vault::VaultError> {
    zicht_store::vault::Vault::locate(configured, &zicht_store::vault::default_key_path(dir))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_message_chars: usize,
    pub messages_per_minute: u32,
    pub max_connections: usize,
    pub max_waiting: usize,
    pub max_connections_per_conversation: usize,
    /// Seconds a waiting visitor who left (closed the tab, lost the connection)
    /// keeps their place before the conversation is ended; quick exit ends it at once.
    #[serde(default = "default_grace")]
    pub abandoned_grace_seconds: u64,
    /// Seconds an active conversation stays open after its visitor's last
    /// connection closed; then it ends (`ended_by` system) and moves to the
    /// counsellor's "Afgelopen". 0: never.
    #[serde(default = "default_active_gone")]
    pub active_gone_seconds: u64,
    /// Seconds to send a request's header; also how long an idle kept-alive connection stays.
    #[serde(default = "default_header_timeout")]
    pub header_timeout_seconds: u64,
    /// Seconds to send a request's body.
    #[serde(default = "default_body_timeout")]
    pub body_timeout_seconds: u64,
    /// Seconds a chat WebSocket may stay silent (the server pings every third of it).
    #[serde(default = "default_idle_timeout")]
    pub idle_timeout_seconds: u64,
    /// Seconds a visitor's WebSocket may stay silent (at most the above): the
    /// visitor's page pings every third of it, so a phone that lost its
    /// network without a word is seen as gone this soon.
    #[serde(default = "default_visitor_idle")]
    pub visitor_idle_seconds: u64,
    /// HTTP connections at once (an upgraded WebSocket counts under `max_connections`); more are closed at once.
    #[serde(default = "default_tcp_connections")]
    pub max_tcp_connections: usize,
    /// New conversations per minute in total (bursts of a sixth); more get "busy".
    #[serde(default = "default_new_conversations")]
    pub new_conversations_per_minute: u32,
    /// Proof of work before an intake: leading zero bits of a SHA-256 (0 = none).
    #[serde(default = "default_pow_bits")]
    pub intake_pow_bits: u32,
    /// Visitor messages per minute across all waiting conversations together.
    #[serde(default = "default_waiting_messages")]
    pub waiting_messages_per_minute: u32,
    /// Password checks running at once (each argon2 check takes about 19 MiB).
    #[serde(default = "default_login_concurrency")]
    pub login_concurrency: usize,
    /// Failed logins per minute over all names together before logins pause.
    #[serde(default = "default_failed_logins")]
    pub failed_logins_per_minute: u32,
    /// Names whose failed logins are remembered in memory (the oldest are forgotten).
    #[serde(default = "default_login_table")]
    pub login_table_size: usize,
    /// Seconds between an instance's heartbeats (several instances on
    /// PostgreSQL): a visitor's connection held by an instance silent for
    /// three of them counts as gone.
    #[serde(default = "default_heartbeat")]
    pub heartbeat_seconds: u64,
}

fn default_heartbeat() -> u64 {
    5
}

fn default_visitor_idle() -> u64 {
    30
}
fn default_active_gone() -> u64 {
    300
}
fn default_header_timeout() -> u64 {
    10
}
fn default_body_timeout() -> u64 {
    30
}
fn default_idle_timeout() -> u64 {
    90
}
fn default_tcp_connections() -> usize {
    20_500
}
fn default_new_conversations() -> u32 {
    120
}
fn default_pow_bits() -> u32 {
    16
}
fn default_waiting_messages() -> u32 {
    600
}
fn default_login_concurrency() -> usize {
    2
}
fn default_failed_logins() -> u32 {
    60
}
fn default_login_table() -> usize {
    10_000
}

impl Limits {
    /// How often an instance beats (PostgreSQL).
    pub fn heartbeat(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.heartbeat_seconds.max(1))
    }
    /// How long after its last beat an instance counts as gone: three beats.
    pub fn heartbeat_stale(&self) -> std::time::Duration {
        self.heartbeat() * 3
    }
    pub fn header_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.header_timeout_seconds.max(1))
    }
    pub fn body_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.body_timeout_seconds.max(1))
    }
    /// How long a chat WebSocket may stay silent.
    pub fn ws_idle(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.idle_timeout_seconds.max(3))
    }
    /// How often the server pings a chat WebSocket.
    pub fn ws_ping(&self) -> std::time::Duration {
        self.ws_idle() / 3
    }
    /// How long a visitor's WebSocket may stay silent (`visitor_idle_seconds`,
    /// at most the general limit), so that the counsellor soon sees a phone
    /// that lost its network without a word (the page pings every third of
    /// it, see [`Limits::visitor_ping`]).
    pub fn visitor_idle(&self) -> std::time::Duration {
        self.ws_idle().min(std::time::Duration::from_secs(
            self.visitor_idle_seconds.max(3),
        ))
    }
    /// How often the visitor's page and the server ping each other.
    pub fn visitor_ping(&self) -> std::time::Duration {
        self.visitor_idle() / 3
    }
}

fn default_grace() -> u64 {
    90
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub code: String,
    pub name: Text,
    pub hours: Hours,
    /// How the visitor's page addresses the visitor until the counsellor chooses otherwise for
    /// the chat ("Aanspreken"): `"je"` (the default) or `"u"` (fix45, finding 3: the CSG
    /// channel, for adults, parents and professionals, greets with "u").
    #[serde(default)]
    pub address: Address,
}

/// "je" or "u": how a channel's visitor page addresses the visitor at first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Address {
    /// Informal Dutch: "je".
    #[default]
    Je,
    /// Formal Dutch: "u".
    U,
}

impl Channel {
    /// Whether the channel addresses its visitors as "u" until the counsellor chooses.
    pub fn formal(&self) -> bool {
        self.address == Address::U
    }
}

/// Opening hours per weekday, local time.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub monday: String,
    pub tuesday: String,
    pub wednesday: String,
    pub thursday: String,
    pub friday: String,
    pub saturday: String,
    pub sunday: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emergency {
    pub name: Text,
    pub number: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub code: String,
    pub name: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Canned {
    pub title: String,
    pub text: String,
    /// The title in English, shown while the console is in English (optional; the Dutch
    /// title otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// The text in English, inserted while the console is in English (optional; the Dutch
    /// text otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_en: Option<String>,
}

impl Canned {
    /// Whether this is a text for the end of a chat, which the console asks about before it goes
    /// while the chat runs (walk47, finding 1). The configuration has no category for canned
    /// texts, so the title says it: a Dutch title with "afscheid", "afsluiting" or "tot ziens", or
    /// an English one with "goodbye" or "closing" ("Afscheid", "Afscheid (u, formeel)").
    pub fn closing(&self) -> bool {
        let nl = self.title.to_lowercase();
        let en = self.title_en.as_deref().unwrap_or_default().to_lowercase();
        ["afscheid", "afsluiting", "tot ziens"]
            .iter()
            .any(|w| nl.contains(w))
            || ["goodbye", "closing"].iter().any(|w| en.contains(w))
    }
}

/// Why the configuration was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read or write: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl Config {
    /// Reads `DIR/zicht.toml`, writing the default there first when it is absent.
    pub fn load_or_create(dir: &Path) -> Result<Config, ConfigError> {
        let path = dir.join(CONFIG_FILE);
        let shown = path.display().to_string();
        let io = |source| ConfigError::Io {
            path: shown.clone(),
            source,
        };
        if !path.exists() {
            std::fs::create_dir_all(dir).map_err(io)?;
            std::fs::write(&path, DEFAULT_CONFIG).map_err(io)?;
        }
        let text = std::fs::read_to_string(&path).map_err(io)?;
        Config::parse(&text, &shown)
    }

    /// Parses and checks a configuration; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_string(),
            message,
        };
        let config: Config =
            toml::from_str(text).map_err(|e| invalid(redact_urls(&e.to_string())))?;
        if let Some(url) = &config.database {
            check_database_url(url).map_err(invalid)?;
        }
        if jiff::tz::TimeZone::get(&config.timezone).is_err() {
            return Err(invalid(format!(
                "timezone: unknown time zone `{}`",
                config.timezone
            )));
        }
        if !(config.neutral_site.starts_with("https://")
            || config.neutral_site.starts_with("http://"))
        {
            return Err(invalid(format!(
                "neutral_site: `{}` is not an http(s) address",
                config.neutral_site
            )));
        }
        if config.retention_days == 0 {
            return Err(invalid(
                "retention_days: 0 would delete conversations that are still going on; \
                 at least 1 day"
                    .into(),
            ));
        }
        if config.channels.is_empty() {
            return Err(invalid("channel: at least one channel is needed".into()));
        }
        for (i, ch) in config.channels.iter().enumerate() {
            if ch.code.is_empty()
                || !ch
                    .code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                return Err(invalid(format!(
                    "channel[{i}].code: `{}`, expected lowercase letters, digits and _",
                    ch.code
                )));
            }
            for (day, spec) in ch.hours.days() {
                parse_ranges(spec)
                    .map_err(|m| invalid(format!("channel[{i}].hours.{day}: {m}")))?;
            }
        }
        if config.limits.max_message_chars == 0 || config.limits.messages_per_minute == 0 {
            return Err(invalid(
                "limits: max_message_chars and messages_per_minute must be above 0".into(),
            ));
        }
        let l = &config.limits;
        if l.new_conversations_per_minute == 0
            || l.waiting_messages_per_minute == 0
            || l.login_concurrency == 0
            || l.failed_logins_per_minute == 0
            || l.login_table_size == 0
        {
            return Err(invalid(
                "limits: new_conversations_per_minute, waiting_messages_per_minute, \
                 login_concurrency, failed_logins_per_minute and login_table_size must be above 0"
                    .into(),
            ));
        }
        if l.intake_pow_bits > 28 {
            return Err(invalid(format!(
                "limits.intake_pow_bits: {} is more work than a phone can do (at most 28)",
                l.intake_pow_bits
            )));
        }
        if config.limits.abandoned_grace_seconds > 600 {
            return Err(invalid(format!(
                "limits.abandoned_grace_seconds: {} is above 600 (10 minutes)",
                config.limits.abandoned_grace_seconds
            )));
        }
        Ok(config)
    }

    pub fn channel(&self, code: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| c.code == code)
    }

    pub fn tz(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

impl Hours {
    /// (weekday name, spec), Monday first.
    pub fn days(&self) -> [(&'static str, &str); 7] {
        [
            ("monday", &self.monday),
            ("tuesday", &self.tuesday),
            ("wednesday", &self.wednesday),
            ("thursday", &self.thursday),
            ("friday", &self.friday),
            ("saturday", &self.saturday),
            ("sunday", &self.sunday),
        ]
    }

    /// Is the channel open at this local time?
    pub fn is_open(&self, at: &jiff::ZonedDateTime) -> bool {
        let index = usize::try_from(at.weekday().to_monday_zero_offset()).unwrap_or(0);
        let spec = self.days()[index.min(6)].1;
        let minute = i32::from(at.hour()) * 60 + i32::from(at.minute());
        parse_ranges(spec)
            .unwrap_or_default()
            .iter()
            .any(|&(from, to)| from <= minute && minute < to)
    }

    /// When a closed channel opens again: (days from `at`'s day, 0 to 7; the weekday, Monday 0;
    /// the time "HH:MM"), or `None` when it never opens in the coming week.
    pub fn next_open(&self, at: &jiff::ZonedDateTime) -> Option<(u8, usize, String)> {
        let today = usize::try_from(at.weekday().to_monday_zero_offset()).unwrap_or(0);
        let minute = i32::from(at.hour()) * 60 + i32::from(at.minute());
        let days = self.days();
        (0u8..=7).find_map(|ahead| {
            let day = (today + usize::from(ahead)) % 7;
            let mut starts: Vec<i32> = parse_ranges(days[day].1)
                .unwrap_or_default()
                .into_iter()
                .map(|(from, _)| from)
                .filter(|&from| ahead > 0 || from > minute)
                .collect();
            starts.sort_unstable();
            let from = *starts.first()?;
            Some((ahead, day, format!("{:02}:{:02}", from / 60, from % 60)))
        })
    }
}

/// Parses `"09:00-12:00,13:00-21:00"` into minute ranges; `""` is closed.
pub fn parse_ranges(spec: &str) -> Result<Vec<(i32, i32)>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = part
            .split_once('-')
            .ok_or_else(|| format!("`{part}` is not like 09:00-21:00"))?;
        let (from, to) = (minutes(a.trim())?, minutes(b.trim())?);
        if from >= to {
            return Err(format!("`{part}`: the end is not after the start"));
        }
        out.push((from, to));
    }
    Ok(out)
}

fn minutes(hhmm: &str) -> Result<i32, String> {
    let bad = || format!("`{hhmm}` is not a time like 09:00");
    let (h, m) = hhmm.split_once(':').ok_or_else(bad)?;
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_configuration_parses() -> Result<(), Box<dyn std::error::Error>> {
        let c = Config::parse(DEFAULT_CONFIG, "default")?;
        assert!(c.channel("fier").is_some() && c.channel("csg").is_some());
        assert!(!c.emergency.is_empty());
        Ok(())
    }

    /// fix45, finding 3: the CSG channel (adults, parents, professionals) addresses its
    /// visitors as "u" from the start, Fier as "je"; a channel without the key says "je"; any
    /// other value is refused.
    #[test]
    fn the_csg_channel_says_u_by_default() -> Result<(), Box<dyn std::error::Error>> {
        let c = Config::parse(DEFAULT_CONFIG, "default")?;
        assert!(c.channel("csg").ok_or("csg")?.formal());
        assert!(!c.channel("fier").ok_or("fier")?.formal());
        let without = Config::parse(&DEFAULT_CONFIG.replace("address = \"u\"\n", ""), "t")?;
        assert!(!without.channel("csg").ok_or("csg")?.formal());
        let wrong = DEFAULT_CONFIG.replace("address = \"u\"", "address = \"jij\"");
        assert!(Config::parse(&wrong, "t").is_err());
        Ok(())
    }

    /// walk47, finding 1: the default file's two goodbyes are closing texts, by their titles, and
    /// no other canned text is.
    #[test]
    fn the_default_goodbyes_are_closing_texts() -> Result<(), Box<dyn std::error::Error>> {
        let c = Config::parse(DEFAULT_CONFIG, "default")?;
        let closing: Vec<&str> = c
            .canned
            .iter()
            .filter(|k| k.closing())
            .map(|k| k.title.as_str())
            .collect();
        assert_eq!(closing, ["Afscheid", "Afscheid (u, formeel)"]);
        Ok(())
    }

    /// walk41, finding 4: a counsellor talking with a parent can say goodbye with "u", in Dutch
    /// and English, beside the informal "je".
    #[test]
    fn the_default_canned_texts_have_formal_goodbyes() -> Result<(), Box<dyn std::error::Error>> {
        let c = Config::parse(DEFAULT_CONFIG, "default")?;
        let formal = c
            .canned
            .iter()
            .find(|k| k.title == "Afscheid (u, formeel)")
            .ok_or("no formal goodbye")?;
        let words: Vec<&str> = formal
            .text
            .split(|ch: char| !ch.is_alphanumeric())
            .collect();
        assert!(
            words.contains(&"u") && words.contains(&"uw"),
            "{}",
            formal.text
        );
        assert!(
            !words.contains(&"je") && !words.contains(&"jij"),
            "{}",
            formal.text
        );
        assert_eq!(formal.title_en.as_deref(), Some("Goodbye (formal)"));
        assert!(
            formal
                .text_en
                .as_deref()
                .is_some_and(|t| t.contains("please call 112"))
        );
        assert!(
            c.canned.iter().any(|k| k.title == "Afscheid"),
            "the informal one stays"
        );
        assert!(c.canned.iter().any(|k| k.title == "Welkom (u, formeel)"));
        Ok(())
    }

    #[test]
    fn opening_hours_follow_the_local_clock() -> Result<(), Box<dyn std::error::Error>> {
        let c = Config::parse(DEFAULT_CONFIG, "default")?;
        let csg = &c.channel("csg").ok_or("csg")?.hours;
        // Monday 2022-03-14, Amsterdam.
        let at = |s: &str| -> Result<jiff::ZonedDateTime, jiff::Error> {
            format!("2022-03-14T{s}[Europe/Amsterdam]").parse()
        };
        assert!(!csg.is_open(&at("08:59:00+01:00")?));
        assert!(csg.is_open(&at("09:00:00+01:00")?));
        assert!(!csg.is_open(&at("17:00:00+01:00")?));
        let sunday: jiff::ZonedDateTime = "2022-03-13T12:00:00+01:00[Europe/Amsterdam]".parse()?;
        assert!(!csg.is_open(&sunday));
        // Closed: when it opens again (walk-console17, finding 6).
        assert_eq!(
            csg.next_open(&at("08:00:00+01:00")?),
            Some((0, 0, "09:00".to_string()))
        );
        assert_eq!(
            csg.next_open(&at("17:30:00+01:00")?),
            Some((1, 1, "09:00".to_string()))
        );
        assert_eq!(csg.next_open(&sunday), Some((1, 0, "09:00".to_string())));
        Ok(())
    }

    #[test]
    fn bad_hours_name_the_field() {
        let text = DEFAULT_CONFIG.replacen("monday = \"09:00-22:00\"", "monday = \"9-22\"", 1);
        let err = Config::parse(&text, "zicht.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("channel[0].hours.monday"), "{err}");
        assert_eq!(parse_ranges("00:00-24:00"), Ok(vec![(0, 1440)]));
        assert!(parse_ranges("21:00-09:00").is_err());
    }

    #[test]
    fn a_database_password_never_appears_in_an_error() {
        // Without quotes the line is not valid TOML; the error quotes it.
        let text = format!("database = postgres://zicht:s3cret-pw@db/zicht\n{DEFAULT_CONFIG}");
        let err = Config::parse(&text, "zicht.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("zicht.toml"), "{err}");
        assert!(!err.contains("s3cret-pw"), "{err}");
        let wrong = format!("database = \"mysql://zicht:s3cret-pw@db/zicht\"\n{DEFAULT_CONFIG}");
        let err = Config::parse(&wrong, "zicht.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("database: expected a postgres://"), "{err}");
        assert!(!err.contains("s3cret-pw"), "{err}");
    }

    #[test]
    fn zero_retention_days_are_refused() {
        let text = DEFAULT_CONFIG.replacen("retention_days = 90", "retention_days = 0", 1);
        let err = Config::parse(&text, "zicht.toml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("zicht.toml") && err.contains("retention_days"),
            "{err}"
        );
    }
}
