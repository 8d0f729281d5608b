//! Calendar days, counted from 1970-01-01, for release dates and the
//! reader's "today". Spotify gives a date with its precision; only a day is
//! a release day (a year or a month alone says nothing about last week).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub i32);

impl Day {
    /// The day of a proleptic Gregorian date, if it is one.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        if day == 0 || day > days_in_month {
            return None;
        }
        // Days from civil (H. Hinnant), with March as the year's first month.
        let y = i64::from(year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (i64::from(month) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).ok().map(Day)
    }

    /// A release date as Spotify writes it ("2026-11-27"), when its
    /// precision is "day".
    pub fn of_release(date: &str, precision: &str) -> Option<Day> {
        if precision != "day" {
            return None;
        }
        let mut parts = date.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        if parts.next().is_some() || date.len() != 10 {
            return None;
        }
        Day::from_ymd(year, month, day)
    }

    /// The day `ms` after the epoch falls on, `offset_minutes` east of UTC.
    pub fn at(ms: f64, offset_minutes: f64) -> Day {
        Day(((ms + offset_minutes * 60_000.0) / 86_400_000.0).floor() as i32)
    }

    /// `(year, month, day)` (H. Hinnant's civil_from_days).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        ((yoe + era * 400 + i64::from(month <= 2)) as i32, month, day)
    }

    pub fn minus(self, days: i32) -> Day {
        Day(self.0 - days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::from_ymd(2000, 3, 1), Some(Day(11_017)));
        assert_eq!(Day::from_ymd(2026, 11, 27), Some(Day(20_784)));
        assert_eq!(Day::from_ymd(1969, 12, 31), Some(Day(-1)));
        assert_eq!(
            Day::from_ymd(2024, 2, 29).map(|d| d.0 + 1),
            Day::from_ymd(2024, 3, 1).map(|d| d.0)
        );
        assert_eq!(Day::from_ymd(2026, 2, 29), None);
        assert_eq!(Day::from_ymd(2026, 13, 1), None);
        assert_eq!(Day::from_ymd(2026, 4, 31), None);
        for n in [-800_000, -1, 0, 59, 11_016, 20_784, 2_000_000] {
            let (y, m, d) = Day(n).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)), "{n}");
        }
    }

    #[test]
    fn only_day_precision_is_a_release_day() {
        assert_eq!(
            Day::of_release("2026-11-27", "day"),
            Day::from_ymd(2026, 11, 27)
        );
        assert_eq!(Day::of_release("2026-11", "month"), None);
        assert_eq!(Day::of_release("2026", "year"), None);
        assert_eq!(Day::of_release("2026-11-27", "year"), None);
        for bad in [
            "2026-11",
            "2026-11-27-1",
            "2026-1-27",
            "2026-11-32",
            "x-y-z",
            "",
        ] {
            assert_eq!(Day::of_release(bad, "day"), None, "{bad}");
        }
    }

    #[test]
    fn the_readers_day_follows_their_time_zone() {
        let noon_utc = 20_419.0 * 86_400_000.0 + 12.0 * 3_600_000.0;
        assert_eq!(Day::at(noon_utc, 0.0), Day(20_419));
        assert_eq!(
            Day::at(noon_utc, 13.0 * 60.0),
            Day(20_420),
            "Auckland is tomorrow"
        );
        assert_eq!(Day::at(noon_utc, -13.0 * 60.0), Day(20_418));
    }
}
