//! The typed errors of the estimation library.

use std::path::PathBuf;

/// Everything that can go wrong reading histories or estimating from them.
#[derive(Debug, thiserror::Error)]
pub enum EstimateError {
    /// The histories file could not be read.
    /// (The I/O error is part of the message, not a separate source, so that a chain of
    /// causes does not print it twice.)
    #[error("{path}: cannot read the file: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A line of the histories file is not as formats.md section 3 requires.
    #[error("{file}, line {line}{}: {message}", column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
    Input {
        file: String,
        line: u64,
        column: Option<String>,
        message: String,
        /// The same message in Dutch (see [`EstimateError::in_lang`]).
        dutch: String,
    },
    /// A model specification that cannot be parsed or names unknown lists.
    #[error("model `{spec}`: {message}")]
    Model {
        spec: String,
        message: String,
        /// The same message in Dutch (see [`EstimateError::in_lang`]).
        dutch: String,
    },
    /// `--select` names no known selection method.
    #[error("unknown selection `{0}`: use default, stepwise, aic, bic or threshold")]
    UnknownSelection(String),
    /// The data do not allow the requested computation (too few or too many lists, ...).
    #[error("{0}")]
    Data(String),
    /// The data do not allow the computation, said in both languages.
    #[error("{en}")]
    Said { en: String, nl: String },
    /// The model is not identifiable from these data (reference code 2 or 3).
    #[error(
        "model {model} is not identifiable from these data (the unobserved cell cannot be estimated)"
    )]
    NotIdentifiable { model: String },
}

impl EstimateError {
    /// The data leave this model or search without an estimate (not identifiable, or no
    /// model with a finite estimate): the binary's exit code 2, not a failure of the input.
    pub fn is_no_estimate(&self) -> bool {
        match self {
            EstimateError::NotIdentifiable { .. } => true,
            EstimateError::Said { en, .. } => en == NO_MODEL,
            _ => false,
        }
    }

    /// The message in the reader's language: Dutch for the input errors (file, line and
    /// column kept), English as displayed otherwise.
    pub fn in_lang(&self, lang: zicht_codebook::Lang) -> String {
        if lang == zicht_codebook::Lang::En {
            return self.to_string();
        }
        match self {
            EstimateError::Io { path, error } => {
                if error.kind() == std::io::ErrorKind::IsADirectory {
                    format!(
                        "{}: dit is een map, geen bestand histories.csv",
                        path.display()
                    )
                } else if error.kind() == std::io::ErrorKind::NotFound {
                    format!("{}: dit bestand bestaat niet", path.display())
                } else if error.kind() == std::io::ErrorKind::PermissionDenied {
                    format!(
                        "{}: geen toestemming om dit bestand te lezen",
                        path.display()
                    )
                } else {
                    format!("{}: kan het bestand niet lezen: {error}", path.display())
                }
            }
            EstimateError::Input {
                file,
                line,
                column,
                dutch,
                ..
            } => format!(
                "{file}, regel {line}{}: {dutch}",
                column
                    .as_ref()
                    .map(|c| format!(", kolom `{c}`"))
                    .unwrap_or_default()
            ),
            EstimateError::Model { spec, dutch, .. } => format!("model `{spec}`: {dutch}"),
            EstimateError::UnknownSelection(s) => {
                format!("onbekende modelkeuze `{s}`: kies default, stepwise, aic, bic of threshold")
            }
            EstimateError::Said { nl, .. } => nl.clone(),
            EstimateError::NotIdentifiable { model } => format!(
                "model {model} is met deze gegevens niet identificeerbaar (de niet-waargenomen cel is niet te schatten)"
            ),
            other => other.to_string(),
        }
    }
}

const NO_MODEL: &str = "no model has a finite, identifiable estimate for these data";

/// The error of a search in which no model has an estimate.
pub(crate) fn no_model_error() -> EstimateError {
    EstimateError::Said {
        en: NO_MODEL.into(),
        nl: "geen enkel model heeft met deze gegevens een eindige, identificeerbare schatting"
            .into(),
    }
}
