//! One module per subcommand: its arguments, its usage text and its `run`.

pub mod agreement;
pub mod codebook;
pub mod demo;
pub mod estimate;
pub mod export;
pub mod import;
pub mod report;
pub mod retention;
pub mod serve;
pub mod stats;
pub mod suggest;
pub mod up;
pub mod user;

/// True when the error is a closed stdout (`zicht stats | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Parses `--lang nl|en`.
pub fn parse_lang(s: &str) -> Result<zicht_codebook::Lang, String> {
    zicht_codebook::Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: use nl or en"))
}

/// The codebook from `--codebook FILE`, or the embedded one.
pub fn load_codebook(path: Option<&std::path::Path>) -> anyhow::Result<zicht_codebook::Codebook> {
    Ok(match path {
        Some(p) => zicht_codebook::Codebook::from_path(p)?,
        None => zicht_codebook::Codebook::embedded()?,
    })
}
