//! Integration tests of `zicht serve` over real sockets: chat, resume, isolation, roles, privacy, browser.

mod browser;
mod chat;
mod research;
mod security;
mod util;
