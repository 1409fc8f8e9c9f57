//! The research workspace: from flagged conversations to coded, agreed cases.
//!
//! - [`stats`]: agreement coefficients (percent agreement, Cohen's kappa,
//!   Krippendorff's alpha with nominal, interval and MASI distances).
//! - [`agreement`]: two coders' `cases.csv` compared per codebook column
//!   (formats.md section 7), rendered as JSON, a terminal table and the
//!   report's reliability table.
//! - [`facts`] and [`linking`]: candidate duplicate pairs with a score and
//!   reasons, cases as connected groups, precision and recall against known
//!   duplicates.
//! - [`time`]: RFC 3339 time stamps as seconds.
//! - [`workspace`]: the research database (selection, link decisions, coded
//!   values per version, audit, double coding, funnel, export).
//! - [`assisted`]: zicht-suggest's suggestions for the coding page and as
//!   story facts for linking.
//! - [`import`]: `conversations.jsonl` or the chat store into the workspace,
//!   all or nothing, with Dutch messages naming line and field.
//!
//! This crate knows no HTTP: the `/research` pages are `zicht_server::research`.

pub mod agreement;
pub mod assisted;
pub mod facts;
pub mod import;
pub mod linking;
pub mod stats;
pub mod time;
pub mod workspace;
