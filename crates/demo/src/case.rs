//! One synthetic case: its coded values (the `cases.csv` row) and the story facts the transcripts need.

use zicht_cases::Record;
use zicht_codebook::Codebook;

/// A coded case. Codes are the codebook's machine names; `None` = unknown (empty cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Case {
    pub case_id: String,
    pub year: i32,
    /// Month (1-12) and day of the first conversation.
    pub month: u32,
    pub day: u32,
    pub channel: &'static str,
    pub n_conversations: u32,
    pub included: bool,
    pub exclusion_reason: Option<&'static str>,
    pub language: &'static str,
    pub referral: Option<&'static str>,
    pub chatter: Option<&'static str>,
    pub exploitation: Option<&'static str>,
    pub both_onset: Option<&'static str>,
    pub victim_gender: Option<&'static str>,
    pub victim_age: Option<u32>,
    pub first_disclosure: Option<bool>,
    pub acutely_unsafe: Option<bool>,
    pub time_since: Option<&'static str>,
    pub duration: Option<&'static str>,
    pub met: Option<&'static str>,
    pub met_platform: Option<&'static str>,
    pub perpetrator: Option<&'static str>,
    pub perpetrator_family: Option<&'static str>,
    pub perpetrator_social: Option<&'static str>,
    pub multiple_perpetrators: Option<bool>,
    pub multiple_victims: Option<bool>,
    /// Items of the multiple-response sets marked 1 (the others stay empty).
    pub coercion: Vec<&'static str>,
    pub violence: Vec<&'static str>,
    pub crime: Vec<&'static str>,
    pub client_knew: Option<bool>,
    pub client_should_have_known: Option<bool>,
    pub client_ind: Vec<&'static str>,
    /// Channel of each conversation, the first equal to `channel`.
    pub conversation_channels: Vec<&'static str>,
}

impl Case {
    /// `YYYY-MM-DD` of the first conversation.
    pub fn first_contact(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// True when the case is about sexual exploitation (alone or with criminal).
    pub fn sexual(&self) -> bool {
        matches!(self.exploitation, Some("sexual" | "both"))
    }

    /// True when the case is about criminal exploitation (alone or with sexual).
    pub fn criminal(&self) -> bool {
        matches!(self.exploitation, Some("criminal" | "both"))
    }

    /// True when the visitor is the victim.
    pub fn victim_chats(&self) -> bool {
        self.chatter == Some("victim")
    }

    /// True when the perpetrator is a parent (father, mother or both).
    pub fn parent_perpetrator(&self) -> bool {
        matches!(
            self.perpetrator_family,
            Some("father" | "mother" | "both_parents")
        )
    }

    /// The row of `cases.csv`; set columns are named through the codebook's prefixes.
    pub fn record(&self, book: &Codebook) -> Record {
        let mut r = Record::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                r.insert(k.to_string(), v);
            }
        };
        let code = |c: Option<&'static str>| c.map(str::to_string);
        let yn = |b: Option<bool>| b.map(|b| if b { "1" } else { "0" }.to_string());
        put("case_id", Some(self.case_id.clone()));
        put("year", Some(self.year.to_string()));
        put("first_contact", Some(self.first_contact()));
        put("channel", Some(self.channel.to_string()));
        put("n_conversations", Some(self.n_conversations.to_string()));
        put(
            "status",
            Some(
                if self.included {
                    "included"
                } else {
                    "excluded"
                }
                .to_string(),
            ),
        );
        put("exclusion_reason", code(self.exclusion_reason));
        put("language", Some(self.language.to_string()));
        put("referral", code(self.referral));
        put("chatter", code(self.chatter));
        put("exploitation", code(self.exploitation));
        put("both_onset", code(self.both_onset));
        put("victim_gender", code(self.victim_gender));
        put("victim_age", self.victim_age.map(|a| a.to_string()));
        put("first_disclosure", yn(self.first_disclosure));
        put("acutely_unsafe", yn(self.acutely_unsafe));
        put("time_since", code(self.time_since));
        put("duration", code(self.duration));
        put("met", code(self.met));
        put("met_platform", code(self.met_platform));
        put("perpetrator", code(self.perpetrator));
        put("perpetrator_family", code(self.perpetrator_family));
        put("perpetrator_social", code(self.perpetrator_social));
        put("multiple_perpetrators", yn(self.multiple_perpetrators));
        put("multiple_victims", yn(self.multiple_victims));
        put("client_knew", yn(self.client_knew));
        put(
            "client_should_have_known",
            yn(self.client_should_have_known),
        );
        for (set, items) in [
            ("coercion", &self.coercion),
            ("violence", &self.violence),
            ("crime", &self.crime),
            ("client_ind", &self.client_ind),
        ] {
            let prefix = book
                .sets
                .iter()
                .find(|s| s.name == set)
                .map_or_else(|| format!("{set}_"), |s| s.prefix.clone());
            for item in items {
                put(&format!("{prefix}{item}"), Some("1".to_string()));
            }
        }
        r
    }
}
