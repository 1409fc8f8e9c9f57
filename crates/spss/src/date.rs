//! Calendar arithmetic for SPSS: dates as seconds since 14 October 1582, and the header's creation stamp.

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Days from 1970-01-01 to the given proleptic Gregorian date (negative before).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    // Shift the year so that it starts in March: the leap day is then the
    // last day of the (shifted) year and every month length is regular.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count from 1970-01-01: `(year, month, day)`.
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month as u32, day as u32)
}

/// Days from the SPSS epoch (1582-10-14) to 1970-01-01.
fn epoch_offset() -> i64 {
    -days_from_civil(1582, 10, 14)
}

/// The SPSS value of a date: seconds since 1582-10-14 00:00.
pub fn spss_date(year: i32, month: u32, day: u32) -> f64 {
    ((days_from_civil(year, month, day) + epoch_offset()) * DAY) as f64
}

/// The date of an SPSS date value (whole days; the time of day is dropped).
pub fn from_spss_date(value: f64) -> (i32, u32, u32) {
    let days = (value / DAY as f64).floor() as i64 - epoch_offset();
    civil_from_days(days)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The header's creation date `dd Mmm yy` and time `hh:mm:ss` (UTC) of a Unix time.
pub fn header_stamp(unix_seconds: i64) -> (String, String) {
    let days = unix_seconds.div_euclid(DAY);
    let secs = unix_seconds.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    let month = MONTHS[(m as usize).saturating_sub(1).min(11)];
    (
        format!("{d:02} {month} {:02}", y.rem_euclid(100)),
        format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(spss_date(1582, 10, 14), 0.0);
        assert_eq!(spss_date(1582, 10, 15), 86_400.0);
        // 2022-03-14 is day 160,493 of the SPSS epoch, as PSPP computes DATE.DMY(14,3,2022)/86400.
        assert_eq!(spss_date(2022, 3, 14), 160_493.0 * 86_400.0);
        assert_eq!(from_spss_date(spss_date(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn header_stamp_is_utc() {
        assert_eq!(
            header_stamp(1_700_000_000),
            ("14 Nov 23".to_string(), "22:13:20".to_string())
        );
        assert_eq!(
            header_stamp(0),
            ("01 Jan 70".to_string(), "00:00:00".to_string())
        );
    }

    proptest! {
        #[test]
        fn days_and_dates_are_inverse(days in -200_000i64..200_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m));
            prop_assert!((1..=31).contains(&d));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn consecutive_days_are_one_day_apart(days in -200_000i64..200_000) {
            let (y, m, d) = civil_from_days(days);
            let (y2, m2, d2) = civil_from_days(days + 1);
            prop_assert_eq!(spss_date(y2, m2, d2) - spss_date(y, m, d), 86_400.0);
        }
    }
}
