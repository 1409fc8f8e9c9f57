//! Integration tests of `zicht serve` over real sockets: chat, resume, isolation, roles, privacy, browser.

mod abuse;
mod assist;
mod assist_browser;
mod browser;
mod chat;
mod console_fix41;
mod console_fix42;
mod console_fix43;
mod console_fix45;
mod console_fix47;
mod console_fix48;
mod console_fix49;
mod console_layout44;
mod console_layout46;
mod console_walk;
mod console_words;
mod protect;
mod queue;
mod research;
mod research_browser;
mod research_router;
mod security;
mod util;
mod web;
