//! PDF typesetting of the annual report.
