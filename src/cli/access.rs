//! `rubric access`: who may use the desk — personal links for units and the bureau.

use std::path::PathBuf;

use super::output::{err, out};
use crate::store::{access, audit};

/// Make, list and revoke the personal links of units and of the bureau.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Make personal links: one line per grant, the name, a tab, the token, a tab, the link.
    Add {
        /// The database.
        #[arg(long, value_name = "FILE", default_value = "rubric.db")]
        db: PathBuf,
        /// Units, by the name their data gives (`[unit] name`): each may see and submit its own data only.
        #[arg(long, value_name = "NAME", num_args = 1.., required_unless_present = "bureau", conflicts_with = "bureau")]
        unit: Vec<String>,
        /// A person at the bureau: every unit's data, reviews, exports.
        #[arg(long, value_name = "NAME")]
        bureau: Option<String>,
        /// The desk's address as the units reach it, for the links.
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:7878")]
        base_url: String,
    },
    /// List every grant (tokens are not kept, so not shown).
    List {
        /// The database.
        #[arg(long, value_name = "FILE", default_value = "rubric.db")]
        db: PathBuf,
    },
    /// Revoke every grant of NAME: its links stop working, its browsers are signed out.
    Revoke {
        /// The database.
        #[arg(long, value_name = "FILE", default_value = "rubric.db")]
        db: PathBuf,
        /// The unit's or person's name.
        name: String,
    },
}

/// Runs `rubric access …`.
pub fn run(args: &Args) -> Result<bool, ()> {
    let done = match &args.command {
        Command::Add { db, unit, bureau, base_url } => add(db, unit, bureau.as_deref(), base_url),
        Command::List { db } => list(db),
        Command::Revoke { db, name } => revoke(db, name),
    };
    done.map_err(|e| err(&crate::tr!("error: {e}", "错误：{e}")))
}

fn record<'a>(action: &'a str, name: &'a str) -> audit::Record<'a> {
    audit::Record { actor: "rubric access", role: "admin", action, rubric: None, unit: None, detail: name }
}

fn add(db: &std::path::Path, units: &[String], bureau: Option<&str>, base_url: &str) -> Result<bool, String> {
    let mut conn = crate::store::open(db).map_err(|e| e.0)?;
    let names: Vec<(String, bool)> = match bureau {
        Some(name) => vec![(name.to_string(), true)],
        None => units.iter().map(|u| (u.clone(), false)).collect(),
    };
    // All grants or none.
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let mut issued = Vec::new();
    for (name, bureau) in &names {
        let grant = access::add(&tx, name, *bureau).map_err(|e| e.0)?;
        audit::log(&tx, record("access.add", &grant.name)).map_err(|e| e.0)?;
        issued.push(grant);
    }
    tx.commit().map_err(|e| e.to_string())?;
    let base = base_url.trim_end_matches('/');
    for grant in issued {
        out(&format!("{}\t{}\t{base}/t/{}", grant.name, grant.token, grant.token));
    }
    Ok(true)
}

fn list(db: &std::path::Path) -> Result<bool, String> {
    let conn = crate::store::open_existing(db).map_err(|e| e.0)?;
    for grant in access::list(&conn).map_err(|e| e.0)? {
        let state = match &grant.revoked_at {
            Some(at) => crate::tr!("revoked {at}", "已撤销 {at}"),
            None => crate::tr!("active", "有效"),
        };
        out(&format!("{}\t{}\t{}\t{state}", grant.name, grant.role, grant.created_at));
    }
    Ok(true)
}

fn revoke(db: &std::path::Path, name: &str) -> Result<bool, String> {
    let mut conn = crate::store::open_existing(db).map_err(|e| e.0)?;
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let revoked = access::revoke(&tx, name).map_err(|e| e.0)?;
    if revoked > 0 {
        audit::log(&tx, record("access.revoke", name)).map_err(|e| e.0)?;
    }
    tx.commit().map_err(|e| e.to_string())?;
    if revoked == 0 {
        err(&crate::tr!("no active grant is called {name}", "没有名为 {name} 的有效授权"));
        return Ok(false);
    }
    out(&crate::tr!("revoked {revoked} grant(s) of {name}", "已撤销 {name} 的 {revoked} 项授权"));
    Ok(true)
}
