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
        let config: Config = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
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
}
