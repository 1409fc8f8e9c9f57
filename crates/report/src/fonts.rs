//! The fonts that ship with zicht (Liberation Sans, SIL Open Font License 1.1; see fonts/LICENSE-OFL.txt).
//!
//! Figures and the PDF use only these: no system font is ever looked up.

/// Liberation Sans Regular.
pub static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");
/// Liberation Sans Italic.
pub static ITALIC: &[u8] = include_bytes!("../fonts/LiberationSans-Italic.ttf");

/// The family name of the shipped font.
pub const FAMILY: &str = "Liberation Sans";

/// Every shipped face.
pub fn all() -> [&'static [u8]; 3] {
    [REGULAR, BOLD, ITALIC]
}
