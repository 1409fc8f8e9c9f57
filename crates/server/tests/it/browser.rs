//! End-to-end in headless Chromium (filled in below).
