//! `zicht user add NAME --role ROLE`: staff accounts; the password comes from stdin or a prompt.

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
    },
    /// List the accounts.
    List {
        #[arg(long, value_name = "DIR", default_value = "data")]
        data: PathBuf,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role `{s}`: use counsellor, researcher or admin"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.action {
        Action::Add { name, role, data } => {
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
                anyhow::bail!("NAME: 1 to 64 characters, no control characters");
            }
            let password = read_password()?;
            // Length, variety, the name, keyboard rows, the list of common passwords.
            zicht_server::password::check(&name, &password)?;
            let hash = zicht_server::hash_password(&password)
                .map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
            let store = super::open_store(&data)?;
            let now = jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            store.connect()?.add_user(&name, role, &hash, &now)?;
            eprintln!("zicht: added {name} ({})", role.code());
        }
        Action::List { data } => {
            let store = super::open_store(&data)?;
            for u in store.connect()?.users()? {
                println!("{}\t{}", u.name, u.role.code());
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
