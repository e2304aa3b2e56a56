//! Names in Vietnamese alphabetical order (the tie order `name`): letters first by the alphabet,
//! a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, case aside; then, where the letters
//! are the same, by the tones in the dictionaries' order (ngang, huyền, hỏi, ngã, sắc, nặng:
//! a à ả ã á ạ); then, where those are equal too, by the text itself (upper case first).

use std::cmp::Ordering;

/// The twelve vowels, each followed by its five toned forms (huyền, hỏi, ngã, sắc, nặng).
const VOWELS: [&str; 12] = [
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
];

/// A lower-case character's letter (its place in the order) and tone (0: none).
fn weight(c: char) -> (u32, u8) {
    let c = crate::support::case::lower(c);
    let letter = |base: char, k: u32| (base as u32).saturating_mul(4).saturating_add(k);
    if c.is_ascii() {
        return (letter(c, 0), 0);
    }
    for v in VOWELS {
        if let Some((tone, _)) = v.chars().enumerate().find(|&(_, x)| x == c) {
            let base = v.chars().next().unwrap_or(c);
            let w = match base {
                'ă' => letter('a', 1),
                'â' => letter('a', 2),
                'ê' => letter('e', 1),
                'ô' => letter('o', 1),
                'ơ' => letter('o', 2),
                'ư' => letter('u', 1),
                b => letter(b, 0),
            };
            return (w, tone as u8);
        }
    }
    match c {
        'đ' => (letter('d', 1), 0),
        other => (letter(other, 0), 0),
    }
}

/// Two names in Vietnamese alphabetical order.
pub(super) fn cmp(a: &str, b: &str) -> Ordering {
    let letters = |s: &str| s.chars().map(|c| weight(c).0).collect::<Vec<_>>();
    let tones = |s: &str| s.chars().map(|c| weight(c).1).collect::<Vec<_>>();
    letters(a)
        .cmp(&letters(b))
        .then_with(|| tones(a).cmp(&tones(b)))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::cmp;

    #[test]
    fn names_sort_in_vietnamese_alphabetical_order() {
        let mut names = vec![
            "Xã Đú Sáng",
            "Xã Dũng Phong",
            "Xã Ân Nghĩa",
            "Xã An Bình",
            "Xã Ăn Lạc",
            "Xã Yên Trị",
            "Xã Ba Hàng Đồi",
            "xã an bình",
            "Xã Ơ Lạc",
            "Xã Ô Lạc",
            "Xã Ốc Lạc",
        ];
        names.sort_by(|a, b| cmp(a, b));
        assert_eq!(
            names,
            [
                "Xã An Bình",
                "xã an bình",
                "Xã Ăn Lạc",
                "Xã Ân Nghĩa",
                "Xã Ba Hàng Đồi",
                "Xã Dũng Phong",
                "Xã Đú Sáng",
                "Xã Ô Lạc",
                "Xã Ốc Lạc",
                "Xã Ơ Lạc",
                "Xã Yên Trị",
            ]
        );
        // Tones decide only where the letters are the same: a à ả ã á ạ.
        let mut tones = vec!["ma", "mạ", "má", "mã", "mả", "mà"];
        tones.sort_by(|a, b| cmp(a, b));
        assert_eq!(tones, ["ma", "mà", "mả", "mã", "má", "mạ"]);
        // Byte order would put "Đ" after "Y".
        assert_eq!(cmp("Đà Bắc", "Yên Thủy"), std::cmp::Ordering::Less);
    }
}
