//! Which staff passwords are too weak: length, variety, the account's name, keyboard rows and a shipped list of common passwords (Dutch and English).

/// Shortest password accepted, in characters.
pub const MIN_CHARS: usize = 12;
/// Fewest different characters.
pub const MIN_DISTINCT: usize = 5;

/// The shipped list (`assets/common-passwords.txt`).
pub const COMMON: &str = include_str!("../assets/common-passwords.txt");

/// Keyboard rows and counting sequences; a password inside one is refused.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "01234567890123456789",
    "09876543210987654321",
    "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1q2w3e4r5t6y7u8i9o0p",
    "1qaz2wsx3edc4rfv5tgb6yhn",
];

/// Why a password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("password: at least {MIN_CHARS} characters")]
    TooShort,
    #[error("password: only spaces, or {MIN_DISTINCT} different characters or fewer")]
    TooPlain,
    #[error("password: contains the account name")]
    HasName,
    #[error("password: a keyboard row or a counting sequence")]
    Sequence,
    #[error("password: a common password (`{0}` is on the list of common passwords)")]
    Common(String),
}

fn common() -> impl Iterator<Item = &'static str> {
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Checks a new password for account `name`.
pub fn check(name: &str, password: &str) -> Result<(), WeakPassword> {
    if password.chars().count() < MIN_CHARS {
        return Err(WeakPassword::TooShort);
    }
    let lower = password.to_lowercase();
    let mut distinct: Vec<char> = lower.chars().filter(|c| !c.is_whitespace()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_DISTINCT {
        return Err(WeakPassword::TooPlain);
    }
    let name = name.trim().to_lowercase();
    if name.chars().count() >= 3 && lower.contains(&name) {
        return Err(WeakPassword::HasName);
    }
    let compact: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    if SEQUENCES.iter().any(|s| s.contains(compact.as_str())) {
        return Err(WeakPassword::Sequence);
    }
    // The word without decoration: trailing digits and punctuation, and repeats.
    let stem = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    let stem = stem.trim_start_matches(|c: char| !c.is_alphanumeric());
    for word in common() {
        let repeated = !compact.is_empty()
            && compact.len().is_multiple_of(word.len().max(1))
            && compact == word.repeat(compact.len() / word.len().max(1));
        if lower == word || stem == word || compact == word || repeated {
            return Err(WeakPassword::Common(word.to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused_with_the_reason() {
        assert_eq!(check("anna", "kort"), Err(WeakPassword::TooShort));
        assert_eq!(check("anna", &" ".repeat(12)), Err(WeakPassword::TooPlain));
        assert_eq!(check("anna", "aaaaaaaaaaaa"), Err(WeakPassword::TooPlain));
        assert_eq!(check("anna", "abababababab"), Err(WeakPassword::TooPlain));
        assert_eq!(check("anna", "anna-de-bakker"), Err(WeakPassword::HasName));
        assert_eq!(check("anna", "123456789012"), Err(WeakPassword::Sequence));
        assert_eq!(check("anna", "qwertyuiopas"), Err(WeakPassword::Sequence));
        assert!(matches!(
            check("anna", "Wachtwoord2024!"),
            Err(WeakPassword::Common(w)) if w == "wachtwoord"
        ));
        assert!(matches!(
            check("anna", "welkomwelkom"),
            Err(WeakPassword::Common(w)) if w == "welkom"
        ));
        assert!(matches!(
            check("anna", "Password1234"),
            Err(WeakPassword::Common(_))
        ));
        assert!(matches!(
            check("anna", "ikhouvanjou!!"),
            Err(WeakPassword::Common(_))
        ));
    }

    #[test]
    fn good_passwords_pass() {
        assert_eq!(check("anna", "een-lang-wachtwoord"), Ok(()));
        assert_eq!(check("anna", "paard batterij nietje"), Ok(()));
        assert_eq!(check("bram", "Zonnebloem-47-Kade"), Ok(()));
    }

    #[test]
    fn the_list_is_lowercase_and_has_dutch_words() {
        assert!(common().all(|w| w == w.to_lowercase()));
        assert!(common().any(|w| w == "wachtwoord") && common().any(|w| w == "welkom"));
    }
}
