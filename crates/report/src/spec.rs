//! What the report shows: the variables and code groups each part of the report uses, by codebook name.
//!
//! Labels never live here: every label printed comes from the codebook. These
//! names are checked against the codebook when a report is built, so a renamed
//! variable fails loudly instead of printing an empty figure.

/// The chatter variable and the code for "the chatter is the victim".
pub const CHATTER: &str = "chatter";
pub const VICTIM: &str = "victim";
pub const EXPLOITATION: &str = "exploitation";
pub const BOTH: &str = "both";
pub const BOTH_ONSET: &str = "both_onset";
pub const GENDER: &str = "victim_gender";
pub const LANGUAGE: &str = "language";
pub const REFERRAL: &str = "referral";
pub const MET: &str = "met";
pub const MET_PLATFORM: &str = "met_platform";
pub const FIRST_DISCLOSURE: &str = "first_disclosure";
pub const ACUTELY_UNSAFE: &str = "acutely_unsafe";
pub const MULTIPLE_VICTIMS: &str = "multiple_victims";
pub const MULTIPLE_PERPETRATORS: &str = "multiple_perpetrators";
pub const COERCION: &str = "coercion";
pub const VIOLENCE: &str = "violence";
pub const TIME_SINCE: &str = "time_since";
/// The code of `time_since` meaning "still in the situation".
pub const ONGOING: &str = "ongoing";
pub const DURATION: &str = "duration";
pub const PERPETRATOR: &str = "perpetrator";
pub const PERPETRATOR_FAMILY: &str = "perpetrator_family";
pub const PERPETRATOR_SOCIAL: &str = "perpetrator_social";
pub const CRIME: &str = "crime";
pub const CLIENT_KNEW: &str = "client_knew";
pub const CLIENT_SHOULD: &str = "client_should_have_known";
pub const CLIENT_IND: &str = "client_ind";

/// Duration codes that mean "longer than one year", "longer than two years", "longer than five years".
pub const OVER_1Y: &[&str] = &["y1_2", "y2_5", "gt_5y", "multiple_years"];
pub const OVER_2Y: &[&str] = &["y2_5", "gt_5y", "multiple_years"];
pub const OVER_5Y: &[&str] = &["gt_5y"];

/// Family codes that are parents (the pooled analysis of parents as perpetrators).
pub const PARENTS: &[&str] = &["father", "mother", "both_parents"];
/// Exploitation codes that count as sexual exploitation for the pooled analysis.
pub const SEXUAL_ANY: &[&str] = &["sexual", "both"];
/// The age up to which victims count as "14 or younger" in the pooled analysis.
pub const YOUNG_POOL_AGE: u32 = 14;

/// Populations of the statistics (codebook `[analysis]`).
pub const ALL: &str = "all";
pub const SEXUAL: &str = "sexual";
pub const CRIMINAL: &str = "criminal";

/// Comparison series (codebook `[[analysis.series]]`), besides `included`.
pub const SERIES_VICTIMS: &str = "victims";
pub const SERIES_MALE: &str = "male_victims";
pub const SERIES_CRIMINAL: &str = "criminal";

/// The cross table behind "Mensenhandel per gender".
pub const CROSSTAB_GENDER: &str = "exploitation_by_gender";

/// Age groups of the age figure: lower bounds between the privacy bounds.
pub const AGE_EDGES: &[u32] = &[14, 16, 18, 21, 25, 30, 40];

/// Every variable or set name the report reads, for the check against the codebook.
pub const USED: &[&str] = &[
    CHATTER,
    EXPLOITATION,
    BOTH_ONSET,
    GENDER,
    LANGUAGE,
    REFERRAL,
    MET,
    MET_PLATFORM,
    FIRST_DISCLOSURE,
    ACUTELY_UNSAFE,
    MULTIPLE_VICTIMS,
    MULTIPLE_PERPETRATORS,
    COERCION,
    VIOLENCE,
    TIME_SINCE,
    DURATION,
    PERPETRATOR,
    PERPETRATOR_FAMILY,
    PERPETRATOR_SOCIAL,
    CRIME,
    CLIENT_KNEW,
    CLIENT_SHOULD,
    CLIENT_IND,
];
