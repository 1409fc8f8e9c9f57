//! `zicht suggest`: proposes codebook values with evidence for each conversation, and scores them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use zicht_codebook::Lang;
use zicht_suggest::{Model, Suggester, eval, render};

#[derive(clap::Args)]
pub struct Args {
    /// conversations.jsonl to read (formats.md section 2).
    #[arg(long)]
    conversations: PathBuf,
    /// Write one JSON object per conversation (formats.md section 6) instead of the summary.
    #[arg(long)]
    json: bool,
    /// Score the suggestions against expected codes: a JSON-lines file with
    /// `conversation_id` + `expected` per line, or a cases.csv (see --link).
    #[arg(long, value_name = "EXPECTED")]
    evaluate: Option<PathBuf>,
    /// With --evaluate FILE.csv: the column that lists each case's conversation ids.
    #[arg(long, default_value = "conversation_ids")]
    link: String,
    /// With --evaluate: also list every difference.
    #[arg(long)]
    misses: bool,
    /// Language of the summary: nl or en.
    #[arg(long, default_value = "nl", value_parser = super::parse_lang)]
    lang: Lang,
    /// Use this codebook file instead of the embedded one.
    #[arg(long)]
    codebook: Option<PathBuf>,
    /// Use this lexicon (TOML, like crates/suggest/lexicon/nl.toml) instead of the embedded one.
    #[arg(long)]
    lexicon: Option<PathBuf>,
    /// Add the learned layer from this model file (written by the `cv_model` example of
    /// zicht-suggest). Without `--model` or `--shipped-model` the rules work alone and no
    /// model file is needed; the rules with the shipped model are what the console and the
    /// research workspace use (their scores on each round's frozen test set are in
    /// crates/suggest/corpus/scores-test-*.txt).
    #[arg(long, conflicts_with = "shipped_model")]
    model: Option<PathBuf>,
    /// Add the learned layer shipped in crates/suggest/model/nl.tsv.
    #[arg(long)]
    shipped_model: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let book = super::load_codebook(args.codebook.as_deref())?;
    let mut suggester = match &args.lexicon {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read the lexicon", p.display()))?;
            Suggester::with_lexicon(book, &text)
                .with_context(|| format!("{}: bad lexicon", p.display()))?
        }
        None => Suggester::new(book)?,
    };
    if args.model.is_some() || args.shipped_model {
        let model = match &args.model {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("{}: cannot read the model", p.display()))?;
                Some(Model::from_text(
                    &text,
                    &p.display().to_string(),
                    suggester.codebook(),
                )?)
            }
            None => Model::embedded(suggester.codebook())?,
        };
        suggester.set_model(model);
    }
    let convs = zicht_conversations::read_path(&args.conversations)?;
    let suggestions: Vec<_> = convs.iter().map(|c| suggester.suggest(c)).collect();
    let mut out = std::io::stdout().lock();
    if let Some(path) = &args.evaluate {
        let expected = if path.extension().is_some_and(|e| e == "csv") {
            eval::read_expected_cases(path, suggester.codebook(), &args.link)?
        } else {
            eval::read_expected_jsonl(path)?
        };
        // A conversation is matched by its id, or (demo data) by `demo.case_id`; a case
        // with several conversations is coded from all of them, so only cases with
        // exactly one conversation in the file are scored.
        let case_of = |c: &zicht_conversations::Conversation| -> Option<String> {
            c.extra
                .get("demo")
                .and_then(|d| d.get("case_id"))
                .and_then(|x| x.as_str())
                .map(str::to_string)
        };
        let mut per_case: std::collections::HashMap<String, usize> = Default::default();
        for c in &convs {
            if let Some(id) = case_of(c) {
                *per_case.entry(id).or_default() += 1;
            }
        }
        let mut skipped = 0usize;
        let pairs: Vec<_> = suggestions
            .iter()
            .zip(&convs)
            .filter_map(|(s, c)| {
                if let Some(e) = expected.get(&s.conversation_id) {
                    return Some((s, e));
                }
                let case = case_of(c)?;
                if per_case.get(&case).copied().unwrap_or(0) != 1 {
                    skipped += 1;
                    return None;
                }
                expected.get(&case).map(|e| (s, e))
            })
            .collect();
        if skipped > 0 {
            writeln!(
                out,
                "Overgeslagen (skipped): {skipped} gesprekken van casussen met meer dan één gesprek"
            )?;
        }
        if pairs.is_empty() {
            anyhow::bail!(
                "{}: no expected codes for any conversation of {}",
                path.display(),
                args.conversations.display()
            );
        }
        let report = eval::score(suggester.codebook(), &pairs);
        out.write_all(eval::render(&report, args.misses).as_bytes())?;
    } else if args.json {
        for s in &suggestions {
            writeln!(out, "{}", render::json_line(s)?)?;
        }
    } else {
        for (s, c) in suggestions.iter().zip(&convs) {
            out.write_all(render::text(s, c, suggester.codebook(), args.lang).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
