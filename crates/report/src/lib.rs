//! The annual report.
