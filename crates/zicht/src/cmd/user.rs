//! `zicht user add|password|disable|list`: staff accounts; a password comes from stdin or a prompt, never the command line.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use zicht_store::Role;

/// Manage counsellor, researcher and admin accounts.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Add an account. The password is asked (not echoed), or read as the first
    /// line of standard input when that is not a terminal; never from the command line.
    Add {
        /// Login name.
        name: String,
        /// counsellor, researcher or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Data directory.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
        /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
        /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
        /// (A password here is visible to other users in `ps`: prefer zicht.toml.)
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// Give an account a new password (asked as for `add`): its sessions end at
    /// once and its failed logins are forgotten. Also enables a disabled account.
    Password {
        /// Login name.
        name: String,
        /// Data directory.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
        /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
        /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
        /// (A password here is visible to other users in `ps`: prefer zicht.toml.)
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// Disable an account (someone who left, or a password that leaked): it can
    /// no longer log in and its sessions end at once. What it did stays in the
    /// logs. `zicht user password NAME` enables it again.
    Disable {
        /// Login name.
        name: String,
        /// Data directory.
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
        /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
        /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
        /// (A password here is visible to other users in `ps`: prefer zicht.toml.)
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
    /// List the accounts.
    List {
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
        /// The chat store in PostgreSQL (postgres://USER:PASSWORD@HOST/DB) instead of
        /// SQLite in DIR; without it, `database` of DIR/zicht.toml, else SQLite.
        /// (A password here is visible to other users in `ps`: prefer zicht.toml.)
        #[arg(long, value_name = "URL")]
        database: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role `{s}`: use counsellor, researcher or admin"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.action {
        Action::Add {
            name,
            role,
            data,
            database,
        } => {
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
                anyhow::bail!("NAME: 1 to 64 characters, no control characters");
            }
            let password = read_password()?;
            // Length, variety, the name, keyboard rows, the list of common passwords.
            zicht_server::password::check(&name, &password)?;
            let hash = zicht_server::hash_password(&password)
                .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
            let store = super::open_store(&data, database.as_deref())?;
            let now = jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            store.connect()?.add_user(&name, role, &hash, &now)?;
            eprintln!("zicht: added {name} ({})", role.code());
        }
        Action::Password {
            name,
            data,
            database,
        } => {
            let store = super::open_store(&data, database.as_deref())?;
            let conn = store.connect()?;
            if conn.user_by_name(&name)?.is_none() {
                anyhow::bail!("no account named `{name}` (`zicht user list` shows them)");
            }
            let password = read_password()?;
            zicht_server::password::check(&name, &password)?;
            let hash = zicht_server::hash_password(&password)
                .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
            conn.set_password(&name, &hash)?;
            eprintln!("zicht: new password for {name}; its sessions have ended");
        }
        Action::Disable {
            name,
            data,
            database,
        } => {
            let store = super::open_store(&data, database.as_deref())?;
            if !store
                .connect()?
                .set_password(&name, zicht_store::DISABLED_PASSWORD)?
            {
                anyhow::bail!("no account named `{name}` (`zicht user list` shows them)");
            }
            eprintln!("zicht: {name} is disabled and logged out everywhere");
        }
        Action::List { data, database } => {
            let store = super::open_store(&data, database.as_deref())?;
            for u in store.connect()?.users()? {
                let state = if u.is_disabled() { "\tdisabled" } else { "" };
                println!("{}\t{}{state}", u.name, u.role.code());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Wachtwoord / password: ")
            .context("reading the password")?;
        let again =
            rpassword::prompt_password("Nog eens / again: ").context("reading the password")?;
        if first != again {
            anyhow::bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
