//! Envelope encryption of transcripts at rest: master keys, per-conversation data keys, sealed fields.
//!
//! A 32-byte *master key* lives outside the data folder (a key file readable by
//! its owner only, or the environment variable [`ENV_KEY`]). Every conversation
//! gets its own random *data key*; the data key is stored beside the
//! conversation *wrapped* (encrypted) by the master key, under the master key's
//! id, so that a rotation can tell old wrappings from new. Every transcript
//! field is sealed with its conversation's data key (XChaCha20-Poly1305, a
//! random 192-bit nonce per value); the associated data names the field and
//! the row, so a ciphertext copied to another row or column does not open.
//! Destroying a data key makes every copy of its ciphertexts unreadable.
//!
//! Keys are zeroized when dropped. Nothing here panics on bad input: a wrong
//! key, a damaged value or a bad key file is a [`VaultError`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

/// The environment variable that may hold the master key itself (64 hex digits or base64).
pub const ENV_KEY: &str = "ZICHT_MASTER_KEY";

/// Length of every key in bytes.
pub const KEY_LEN: usize = 32;

/// First byte of every sealed value: the format version.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Why a key or a sealed value could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "no master key: set {ENV_KEY}, or put `master_key = \"/path\"` under [security] in zicht.toml, or restore {default} from your backup of the key (a data folder that already holds conversations opens only with its own key); for a new, empty data folder create one with `zicht key new`"
    )]
    NoKey { default: String },
    #[error("{path}: cannot read the master key file: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: cannot write the master key file: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path}: the master key file can be read by group or others (mode {mode:o}); run `chmod 600 {path}`"
    )]
    Exposed { path: String, mode: u32 },
    #[error(
        "{origin}, line {line}: not a master key (expected 64 hex digits or 44 base64 characters)"
    )]
    BadKey { origin: String, line: usize },
    #[error("{origin}: holds no master key")]
    Empty { origin: String },
    #[error(
        "the master key does not open this store: {what} was wrapped by master key {wanted}, and the key in use is {have}"
    )]
    UnknownMaster {
        what: String,
        wanted: String,
        have: String,
    },
    #[error(
        "the master key does not open this store: {what} does not decrypt (wrong key or damaged data)"
    )]
    Undecryptable { what: String },
    #[error("{what}: not a sealed value of this version")]
    Malformed { what: String },
    #[error("the system's random number generator failed")]
    Random,
    #[error("the key ring's lock was poisoned by a panic in another thread")]
    Poisoned,
}

/// A master key and its id (the first 16 hex digits of a SHA-256 of the key).
pub struct MasterKey {
    id: String,
    key: Zeroizing<[u8; KEY_LEN]>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.id)
    }
}

fn key_id(key: &[u8; KEY_LEN]) -> String {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(b"zicht master key id\0");
    h.update(key);
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Random bytes from the operating system.
fn os_random(buf: &mut [u8]) -> Result<(), VaultError> {
    use rand::TryRngCore;
    rand::rngs::OsRng
        .try_fill_bytes(buf)
        .map_err(|_| VaultError::Random)
}

fn random_key() -> Result<Zeroizing<[u8; KEY_LEN]>, VaultError> {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    os_random(&mut out[..])?;
    Ok(out)
}

impl MasterKey {
    /// A new random master key.
    pub fn generate() -> Result<MasterKey, VaultError> {
        Ok(MasterKey::from_bytes(random_key()?))
    }

    /// A master key from its 32 bytes (test vectors, fixed keys of tests and benchmarks).
    pub fn from_array(key: [u8; KEY_LEN]) -> MasterKey {
        MasterKey::from_bytes(Zeroizing::new(key))
    }

    fn from_bytes(key: Zeroizing<[u8; KEY_LEN]>) -> MasterKey {
        MasterKey {
            id: key_id(&key),
            key,
        }
    }

    /// Parses 64 hex digits or the base64 of 32 bytes; `origin` and `line` name it in errors.
    pub fn parse(text: &str, origin: &str, line: usize) -> Result<MasterKey, VaultError> {
        let text = text.trim();
        let bad = || VaultError::BadKey {
            origin: origin.to_string(),
            line,
        };
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        if text.len() == 2 * KEY_LEN && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            for (i, byte) in key.iter_mut().enumerate() {
                *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
            }
            return Ok(MasterKey::from_bytes(key));
        }
        use base64::Engine;
        let decoded = Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| bad())?,
        );
        if decoded.len() != KEY_LEN {
            return Err(bad());
        }
        key.copy_from_slice(&decoded);
        Ok(MasterKey::from_bytes(key))
    }

    /// The key's id, stored beside every data key it wraps.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The key as 64 hex digits (for the key file).
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(self.key.iter().map(|b| format!("{b:02x}")).collect())
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        cipher_of(&self.key)
    }
}

/// One conversation's data key (zeroized on drop).
#[derive(Clone)]
pub struct DataKey {
    key: Zeroizing<[u8; KEY_LEN]>,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

fn cipher_of(key: &[u8; KEY_LEN]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&Key::from(*key))
}

fn seal_with(
    cipher: &XChaCha20Poly1305,
    plain: &[u8],
    aad: &[u8],
    what: &str,
) -> Result<Vec<u8>, VaultError> {
    let mut bytes = [0u8; NONCE_LEN];
    os_random(&mut bytes)?;
    let nonce = XNonce::from(bytes);
    let ct = cipher
        .encrypt(&nonce, Payload { msg: plain, aad })
        .map_err(|_| VaultError::Malformed {
            what: what.to_string(),
        })?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + ct.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

fn open_with(
    cipher: &XChaCha20Poly1305,
    sealed: &[u8],
    aad: &[u8],
    what: &str,
) -> Result<Zeroizing<Vec<u8>>, VaultError> {
    if sealed.len() < 1 + NONCE_LEN + TAG_LEN || sealed[0] != VERSION {
        return Err(VaultError::Malformed {
            what: what.to_string(),
        });
    }
    let nonce =
        <&XNonce>::try_from(&sealed[1..1 + NONCE_LEN]).map_err(|_| VaultError::Malformed {
            what: what.to_string(),
        })?;
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: &sealed[1 + NONCE_LEN..],
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| VaultError::Undecryptable {
            what: what.to_string(),
        })
}

impl DataKey {
    /// A new random data key.
    pub fn generate() -> Result<DataKey, VaultError> {
        Ok(DataKey { key: random_key()? })
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        cipher_of(&self.key)
    }

    /// Encrypts `plain`, bound to `aad` (which field of which row).
    pub fn seal(&self, plain: &[u8], aad: &str) -> Result<Vec<u8>, VaultError> {
        seal_with(&self.cipher(), plain, aad.as_bytes(), aad)
    }

    /// Decrypts a value sealed with [`DataKey::seal`] under the same `aad`.
    pub fn open(&self, sealed: &[u8], aad: &str) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        open_with(&self.cipher(), sealed, aad.as_bytes(), aad)
    }

    /// Seals a text.
    pub fn seal_text(&self, plain: &str, aad: &str) -> Result<Vec<u8>, VaultError> {
        self.seal(plain.as_bytes(), aad)
    }

    /// Opens a sealed text.
    pub fn open_text(&self, sealed: &[u8], aad: &str) -> Result<String, VaultError> {
        let plain = self.open(sealed, aad)?;
        String::from_utf8(plain.to_vec()).map_err(|_| VaultError::Malformed {
            what: aad.to_string(),
        })
    }
}

/// A data key as stored: the id of the master key that wrapped it and the wrapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub master_id: String,
    pub blob: Vec<u8>,
}

/// Where the key ring's keys came from, so it can look again after a rotation.
#[derive(Debug, Clone)]
enum Source {
    File {
        path: PathBuf,
        modified: Option<SystemTime>,
    },
    Fixed,
}

/// The master keys in use: the current one (wraps new data keys) and earlier
/// ones still accepted for unwrapping while a rotation runs.
#[derive(Debug)]
struct Ring {
    keys: Vec<MasterKey>,
    source: Source,
    /// Only for the benchmark's baseline: callers store text unsealed.
    plaintext: bool,
}

/// Shared access to the master keys; cheap to clone, safe to share between threads.
#[derive(Debug, Clone)]
pub struct Vault {
    ring: Arc<RwLock<Ring>>,
}

/// Reads a key file: one key per line (hex or base64), the first is current,
/// later ones are earlier keys still accepted; `#` starts a comment.
pub fn read_key_file(path: &Path) -> Result<Vec<MasterKey>, VaultError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| VaultError::Read {
        path: shown.clone(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(VaultError::Exposed { path: shown, mode });
        }
    }
    let _ = meta;
    let text =
        Zeroizing::new(
            std::fs::read_to_string(path).map_err(|source| VaultError::Read {
                path: shown.clone(),
                source,
            })?,
        );
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        keys.push(MasterKey::parse(line, &shown, i + 1)?);
    }
    if keys.is_empty() {
        return Err(VaultError::Empty { origin: shown });
    }
    Ok(keys)
}

/// Writes a key file readable by its owner only (mode 0600), replacing it
/// atomically: the first key is current, the others are still accepted.
pub fn write_key_file(path: &Path, keys: &[&MasterKey]) -> Result<(), VaultError> {
    let shown = path.display().to_string();
    let io = |source| VaultError::Write {
        path: shown.clone(),
        source,
    };
    let mut text = Zeroizing::new(String::from(
        "# zicht master key (keep it outside the data folder, mode 0600).\n\
         # The first key is current; a key below it is an earlier one, kept only while `zicht key rotate` runs.\n",
    ));
    for k in keys {
        text.push_str(&k.to_hex());
        text.push('\n');
    }
    let tmp = path.with_extension("key-new");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    {
        use std::io::Write;
        let mut f = options.open(&tmp).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
        }
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn wrap_aad(master_id: &str, owner: &str) -> String {
    format!("zicht data key|{owner}|{master_id}")
}

impl Vault {
    fn with(keys: Vec<MasterKey>, source: Source) -> Vault {
        Vault {
            ring: Arc::new(RwLock::new(Ring {
                keys,
                source,
                plaintext: false,
            })),
        }
    }

    /// A vault that asks its callers to store text *unsealed*: only the chat
    /// load benchmark uses it, as the baseline that shows what encryption
    /// costs. No configuration, variable or command of zicht reaches it.
    pub fn plaintext_baseline_for_benchmarks() -> Result<Vault, VaultError> {
        let v = Vault::ephemeral()?;
        if let Ok(mut r) = v.ring.write() {
            r.plaintext = true;
        }
        Ok(v)
    }

    /// True only for [`Vault::plaintext_baseline_for_benchmarks`].
    pub fn is_plaintext_baseline(&self) -> bool {
        self.ring.read().map(|r| r.plaintext).unwrap_or(false)
    }

    /// One fixed master key (tests, benchmarks, a key from the environment).
    pub fn from_key(key: MasterKey) -> Vault {
        Vault::with(vec![key], Source::Fixed)
    }

    /// A fresh random key that is never written anywhere (in-memory workspaces, tests).
    pub fn ephemeral() -> Result<Vault, VaultError> {
        Ok(Vault::from_key(MasterKey::generate()?))
    }

    /// The keys of a key file (mode 0600 or stricter); the file is read again
    /// when it changes, so a running server follows `zicht key rotate`.
    pub fn from_file(path: &Path) -> Result<Vault, VaultError> {
        let keys = read_key_file(path)?;
        Ok(Vault::with(
            keys,
            Source::File {
                path: path.to_path_buf(),
                modified: modified(path),
            },
        ))
    }

    /// The master key from [`ENV_KEY`] if set, else from `configured`, else from
    /// `default` (the data folder's `DIR.key` beside it).
    pub fn locate(configured: Option<&Path>, default: &Path) -> Result<Vault, VaultError> {
        if let Ok(text) = std::env::var(ENV_KEY) {
            let text = Zeroizing::new(text);
            return Ok(Vault::from_key(MasterKey::parse(&text, ENV_KEY, 1)?));
        }
        let path = configured.unwrap_or(default);
        if !path.exists() {
            return Err(VaultError::NoKey {
                default: path.display().to_string(),
            });
        }
        Vault::from_file(path)
    }

    /// The key file this vault reads, if any.
    pub fn key_file(&self) -> Option<PathBuf> {
        match self.ring.read() {
            Ok(r) => match &r.source {
                Source::File { path, .. } => Some(path.clone()),
                Source::Fixed => None,
            },
            Err(_) => None,
        }
    }

    /// The current master key's id.
    pub fn current_id(&self) -> Result<String, VaultError> {
        let r = self.ring.read().map_err(|_| VaultError::Poisoned)?;
        Ok(r.keys.first().map(|k| k.id.clone()).unwrap_or_default())
    }

    /// Reads the key file again if it changed since it was last read.
    pub fn refresh(&self) -> Result<(), VaultError> {
        let (path, seen) = {
            let r = self.ring.read().map_err(|_| VaultError::Poisoned)?;
            match &r.source {
                Source::File { path, modified } => (path.clone(), *modified),
                Source::Fixed => return Ok(()),
            }
        };
        let now = modified(&path);
        if now == seen {
            return Ok(());
        }
        let keys = read_key_file(&path)?;
        let mut w = self.ring.write().map_err(|_| VaultError::Poisoned)?;
        w.keys = keys;
        w.source = Source::File {
            path,
            modified: now,
        };
        Ok(())
    }

    /// A new data key for `owner` (e.g. `conversation 12`), and its wrapping
    /// by the current master key (after looking for a rotated key file).
    pub fn new_data_key(&self, owner: &str) -> Result<(DataKey, Wrapped), VaultError> {
        self.refresh()?;
        let dk = DataKey::generate()?;
        let wrapped = self.wrap(&dk, owner)?;
        Ok((dk, wrapped))
    }

    /// Wraps a data key by the current master key.
    pub fn wrap(&self, dk: &DataKey, owner: &str) -> Result<Wrapped, VaultError> {
        let r = self.ring.read().map_err(|_| VaultError::Poisoned)?;
        let master = r.keys.first().ok_or(VaultError::Empty {
            origin: "the key ring".into(),
        })?;
        let aad = wrap_aad(&master.id, owner);
        let blob = seal_with(&master.cipher(), &dk.key[..], aad.as_bytes(), owner)?;
        Ok(Wrapped {
            master_id: master.id.clone(),
            blob,
        })
    }

    /// Unwraps a stored data key; an unknown master key id makes it look at
    /// the key file again once (a rotation may have replaced it).
    pub fn unwrap(&self, wrapped: &Wrapped, owner: &str) -> Result<DataKey, VaultError> {
        match self.unwrap_known(wrapped, owner) {
            Err(VaultError::UnknownMaster { .. }) => {
                self.refresh()?;
                self.unwrap_known(wrapped, owner)
            }
            other => other,
        }
    }

    fn unwrap_known(&self, wrapped: &Wrapped, owner: &str) -> Result<DataKey, VaultError> {
        let r = self.ring.read().map_err(|_| VaultError::Poisoned)?;
        let Some(master) = r.keys.iter().find(|k| k.id == wrapped.master_id) else {
            return Err(VaultError::UnknownMaster {
                what: format!("the data key of {owner}"),
                wanted: wrapped.master_id.clone(),
                have: r
                    .keys
                    .iter()
                    .map(|k| k.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        let aad = wrap_aad(&master.id, owner);
        let plain = open_with(
            &master.cipher(),
            &wrapped.blob,
            aad.as_bytes(),
            &format!("the data key of {owner}"),
        )?;
        if plain.len() != KEY_LEN {
            return Err(VaultError::Malformed {
                what: format!("the data key of {owner}"),
            });
        }
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&plain);
        Ok(DataKey { key })
    }

    /// Re-wraps a data key under `to` (rotation): unwraps with any known key.
    pub fn rewrap(
        &self,
        wrapped: &Wrapped,
        owner: &str,
        to: &MasterKey,
    ) -> Result<Wrapped, VaultError> {
        let dk = self.unwrap(wrapped, owner)?;
        let aad = wrap_aad(&to.id, owner);
        let blob = seal_with(&to.cipher(), &dk.key[..], aad.as_bytes(), owner)?;
        Ok(Wrapped {
            master_id: to.id.clone(),
            blob,
        })
    }
}

/// The default key file of a data folder: `DIR.key` beside it (never inside it).
pub fn default_key_path(dir: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => {
            let mut n = name.to_os_string();
            n.push(".key");
            parent.join(n)
        }
        _ => abs.with_extension("key"),
    }
}

/// Creates a new key file with one random key (mode 0600); refuses to replace one.
pub fn create_key_file(path: &Path) -> Result<MasterKey, VaultError> {
    if path.exists() {
        return Err(VaultError::Write {
            path: path.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a key file is already there; it is kept",
            ),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| VaultError::Write {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let key = MasterKey::generate()?;
    write_key_file(path, &[&key])?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_its_binding() -> Result<(), VaultError> {
        let dk = DataKey::generate()?;
        let sealed = dk.seal_text("geheim bericht", "messages.body|1|1")?;
        assert!(!sealed.windows(6).any(|w| w == b"geheim"));
        assert_eq!(
            dk.open_text(&sealed, "messages.body|1|1")?,
            "geheim bericht"
        );
        assert!(matches!(
            dk.open_text(&sealed, "messages.body|2|1"),
            Err(VaultError::Undecryptable { .. })
        ));
        let other = DataKey::generate()?;
        assert!(other.open_text(&sealed, "messages.body|1|1").is_err());
        assert!(matches!(
            dk.open_text(&sealed[..10], "x"),
            Err(VaultError::Malformed { .. })
        ));
        Ok(())
    }

    #[test]
    fn wrapped_keys_need_their_master_and_rewrap_moves_them() -> Result<(), VaultError> {
        let vault = Vault::ephemeral()?;
        let (dk, wrapped) = vault.new_data_key("conversation 1")?;
        let sealed = dk.seal_text("hallo", "f")?;
        let other = Vault::ephemeral()?;
        let err = other.unwrap(&wrapped, "conversation 1");
        assert!(
            matches!(err, Err(VaultError::UnknownMaster { .. })),
            "{err:?}"
        );
        assert!(matches!(
            err.map(|_| ()).map_err(|e| e.to_string()),
            Err(m) if m.starts_with("the master key does not open this store")
        ));
        assert!(vault.unwrap(&wrapped, "conversation 2").is_err());
        let new = MasterKey::generate()?;
        let moved = vault.rewrap(&wrapped, "conversation 1", &new)?;
        assert_eq!(moved.master_id, new.id());
        let after = Vault::from_key(new);
        assert_eq!(
            after
                .unwrap(&moved, "conversation 1")?
                .open_text(&sealed, "f")?,
            "hallo"
        );
        Ok(())
    }

    #[test]
    fn keys_parse_as_hex_or_base64_and_bad_lines_are_named() -> Result<(), VaultError> {
        let k = MasterKey::generate()?;
        let hex = k.to_hex();
        assert_eq!(MasterKey::parse(&hex, "x", 1)?.id(), k.id());
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(*k.key);
        assert_eq!(MasterKey::parse(&b64, "x", 1)?.id(), k.id());
        let err = MasterKey::parse("abc", "zicht.key", 3).map(|_| ());
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("zicht.key, line 3: not a master key (expected 64 hex digits or 44 base64 characters)".into())
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_readable_by_others_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("zicht-vault-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("data.key");
        let key = create_key_file(&path)?;
        assert_eq!(
            std::fs::metadata(&path)?.permissions().mode() & 0o777,
            0o600
        );
        assert!(
            create_key_file(&path).is_err(),
            "an existing key is never replaced"
        );
        assert_eq!(Vault::from_file(&path)?.current_id()?, key.id());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))?;
        let err = Vault::from_file(&path)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            matches!(&err, Err(m) if m.contains("can be read by group or others") && m.contains("chmod 600")),
            "{err:?}"
        );
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn the_default_key_file_lies_beside_the_data_folder() {
        let p = default_key_path(Path::new("/srv/zicht/data"));
        assert_eq!(p, Path::new("/srv/zicht/data.key"));
    }
}
