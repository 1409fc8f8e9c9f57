//! The research workspace: from flagged conversations to coded, agreed cases.
//!
//! - [`stats`]: agreement coefficients (percent agreement, Cohen's kappa,
//!   Krippendorff's alpha with nominal, interval and MASI distances).
//! - [`agreement`]: two coders' `cases.csv` compared per codebook column
//!   (formats.md section 7), rendered as JSON, a terminal table and the
//!   report's reliability table.

pub mod agreement;
pub mod stats;
