//! A page date as Hugo holds it (`time.Time`) and Go's `Time.Format`, for permalink tokens that
//! are time layouts (`:2006`, `:Jan`, `:Monday`, `:15_04`): Hugo takes any permalink attribute
//! that Go's formatter changes for its reference time as a layout, and formats the page's date
//! with it (resources/page/permalinks.go, `callback`, `pageToPermalinkDate`).

/// A point in time with the zone it was written in: what Go's formatter reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
    /// Offset east of UTC, in seconds.
    pub offset: i32,
    /// The zone's name (`UTC`), empty for a zone known only by its offset (Go's `FixedZone("",
    /// offset)`, what parsing `+02:00` gives).
    pub zone: &'static str,
}

const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

impl GoTime {
    /// Go's zero time, a page's date when it has none: 0001-01-01 00:00:00 UTC.
    pub fn zero() -> GoTime {
        GoTime {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            offset: 0,
            zone: "UTC",
        }
    }

    /// Go's reference time for layouts as Hugo's permalink code holds it: 2019-11-09
    /// 23:01:42.000000001 UTC, every field unlike the layout's own.
    fn reference() -> GoTime {
        GoTime {
            year: 2019,
            month: 11,
            day: 9,
            hour: 23,
            minute: 1,
            second: 42,
            nanos: 1,
            offset: 0,
            zone: "UTC",
        }
    }

    /// A front matter date as Hugo's date parsing reads the usual forms: `2006-01-02`, with
    /// `T` or a space and `15:04`, `15:04:05` or with a fraction, then nothing (UTC, the
    /// default `timeZone`), `Z`, `±07:00`, `±0700` or `±07`. `None` for anything else.
    pub fn parse(s: &str) -> Option<GoTime> {
        let s = s.trim();
        let b = s.as_bytes();
        let num = |from: usize, len: usize| -> Option<u32> {
            let part = s.get(from..from + len)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = num(0, 4)?;
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let (month, day) = (num(5, 2)?, num(8, 2)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(i64::from(year), month) {
            return None;
        }
        let mut t = GoTime {
            year: i64::from(year),
            month,
            day,
            ..GoTime::zero()
        };
        let mut at = 10;
        if matches!(b.get(at), Some(b'T' | b't' | b' ')) && b.get(at + 1).is_some() {
            t.hour = num(at + 1, 2)?;
            if b.get(at + 3) != Some(&b':') {
                return None;
            }
            t.minute = num(at + 4, 2)?;
            at += 6;
            if b.get(at) == Some(&b':') {
                t.second = num(at + 1, 2)?;
                at += 3;
                if matches!(b.get(at), Some(b'.' | b',')) {
                    let digits = b[at + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    if digits == 0 {
                        return None;
                    }
                    let frac = &s[at + 1..at + 1 + digits.min(9)];
                    t.nanos = frac.parse::<u32>().ok()? * 10u32.pow(9 - frac.len() as u32);
                    at += 1 + digits;
                }
            }
            if t.hour > 23 || t.minute > 59 || t.second > 59 {
                return None;
            }
        }
        let rest = s[at..].trim_start_matches(' ');
        match rest.as_bytes() {
            [] => {}
            [b'Z' | b'z'] => {}
            [sign @ (b'+' | b'-'), ..] => {
                let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 2 && digits.len() != 4
                    || !digits.bytes().all(|c| c.is_ascii_digit())
                {
                    return None;
                }
                let h: i32 = digits[..2].parse().ok()?;
                let m: i32 = digits.get(2..).map_or(Some(0), |m| m.parse().ok())?;
                let offset = (h * 60 + m) * 60 * if *sign == b'-' { -1 } else { 1 };
                if offset != 0 {
                    t.offset = offset;
                    t.zone = "";
                }
            }
            _ => return None,
        }
        Some(t)
    }

    /// Days since 1970-01-01 of the date (proleptic Gregorian, as Go's).
    fn days(&self) -> i64 {
        let (y, m, d) = (self.year, i64::from(self.month), i64::from(self.day));
        let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        let era = yy.div_euclid(400);
        let yoe = yy - era * 400;
        let doy = (153 * mm + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// 0 = Sunday.
    pub fn weekday(&self) -> usize {
        (self.days() + 4).rem_euclid(7) as usize
    }

    pub fn year_day(&self) -> u32 {
        let before =
            [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][(self.month - 1) as usize];
        before + self.day + u32::from(is_leap(self.year) && self.month > 2)
    }

    pub fn month_name(&self) -> &'static str {
        LONG_MONTHS[(self.month - 1) as usize]
    }

    pub fn weekday_name(&self) -> &'static str {
        LONG_DAYS[self.weekday()]
    }

    /// Go's `Time.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let mut out = String::with_capacity(layout.len() + 10);
        let mut rest = layout;
        while !rest.is_empty() {
            let (prefix, std, suffix) = next_std_chunk(rest);
            out.push_str(prefix);
            let Some(std) = std else { break };
            rest = suffix;
            self.append(&mut out, std);
        }
        out
    }

    fn append(&self, b: &mut String, std: Std) {
        use std::fmt::Write;
        let hour12 = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        let _ = match std {
            Std::Year => write!(b, "{:02}", self.year.abs() % 100),
            Std::LongYear => {
                if self.year < 0 {
                    write!(b, "-{:04}", -self.year)
                } else {
                    write!(b, "{:04}", self.year)
                }
            }
            Std::Month => write!(b, "{}", &self.month_name()[..3]),
            Std::LongMonth => write!(b, "{}", self.month_name()),
            Std::NumMonth => write!(b, "{}", self.month),
            Std::ZeroMonth => write!(b, "{:02}", self.month),
            Std::WeekDay => write!(b, "{}", &self.weekday_name()[..3]),
            Std::LongWeekDay => write!(b, "{}", self.weekday_name()),
            Std::Day => write!(b, "{}", self.day),
            Std::UnderDay => write!(b, "{:>2}", self.day),
            Std::ZeroDay => write!(b, "{:02}", self.day),
            Std::UnderYearDay => write!(b, "{:>3}", self.year_day()),
            Std::ZeroYearDay => write!(b, "{:03}", self.year_day()),
            Std::Hour => write!(b, "{:02}", self.hour),
            Std::Hour12 => write!(b, "{hour12}"),
            Std::ZeroHour12 => write!(b, "{hour12:02}"),
            Std::Minute => write!(b, "{}", self.minute),
            Std::ZeroMinute => write!(b, "{:02}", self.minute),
            Std::Second => write!(b, "{}", self.second),
            Std::ZeroSecond => write!(b, "{:02}", self.second),
            Std::PM => write!(b, "{}", if self.hour >= 12 { "PM" } else { "AM" }),
            Std::Pm => write!(b, "{}", if self.hour >= 12 { "pm" } else { "am" }),
            Std::Zone {
                iso,
                colon,
                seconds,
                short,
            } => {
                if iso && self.offset == 0 {
                    b.push('Z');
                } else {
                    let abs = self.offset.unsigned_abs();
                    b.push(if self.offset < 0 { '-' } else { '+' });
                    let _ = write!(b, "{:02}", abs / 3600);
                    if colon {
                        b.push(':');
                    }
                    if !short {
                        let _ = write!(b, "{:02}", abs / 60 % 60);
                    }
                    if seconds {
                        if colon {
                            b.push(':');
                        }
                        let _ = write!(b, "{:02}", abs % 60);
                    }
                }
                Ok(())
            }
            Std::ZoneName => {
                if self.zone.is_empty() {
                    let minutes = self.offset.unsigned_abs() / 60;
                    b.push(if self.offset < 0 { '-' } else { '+' });
                    write!(b, "{:02}{:02}", minutes / 60, minutes % 60)
                } else {
                    write!(b, "{}", self.zone)
                }
            }
            Std::Frac { digits, trim, sep } => {
                if trim && (digits == 0 || self.nanos == 0) {
                    return;
                }
                let all = format!("{:09}", self.nanos);
                let mut f = all[..digits.min(9)].to_string();
                if trim {
                    f.truncate(f.trim_end_matches('0').len());
                    if f.is_empty() {
                        return;
                    }
                }
                b.push(sep);
                b.push_str(&f);
                Ok(())
            }
        };
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether Hugo takes a permalink attribute as a time layout: Go's formatter changes it for the
/// reference time.
pub fn is_layout(attr: &str) -> bool {
    GoTime::reference().format(attr) != attr
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    ZoneName,
    Zone {
        iso: bool,
        colon: bool,
        seconds: bool,
        short: bool,
    },
    Frac {
        digits: usize,
        trim: bool,
        sep: char,
    },
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, the text after.
fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let at = |from: usize, s: &str| layout.get(from..from + s.len()) == Some(s);
    let lower_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_lowercase);
    let zone = |iso, colon, seconds, short| Std::Zone {
        iso,
        colon,
        seconds,
        short,
    };
    for i in 0..b.len() {
        let found = |std: Std, len: usize| (&layout[..i], Some(std), &layout[i + len..]);
        match b[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return found(Std::LongMonth, 7);
                }
                if !lower_at(i + 3) {
                    return found(Std::Month, 3);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return found(Std::LongWeekDay, 6);
                    }
                    if !lower_at(i + 3) {
                        return found(Std::WeekDay, 3);
                    }
                }
                if at(i, "MST") {
                    return found(Std::ZoneName, 3);
                }
            }
            b'0' => {
                if let Some(c @ b'1'..=b'6') = b.get(i + 1) {
                    let std = [
                        Std::ZeroMonth,
                        Std::ZeroDay,
                        Std::ZeroHour12,
                        Std::ZeroMinute,
                        Std::ZeroSecond,
                        Std::Year,
                    ][usize::from(c - b'1')];
                    return found(std, 2);
                }
                if at(i, "002") {
                    return found(Std::ZeroYearDay, 3);
                }
            }
            b'1' => {
                if b.get(i + 1) == Some(&b'5') {
                    return found(Std::Hour, 2);
                }
                return found(Std::NumMonth, 1);
            }
            b'2' => {
                if at(i, "2006") {
                    return found(Std::LongYear, 4);
                }
                return found(Std::Day, 1);
            }
            b'_' => {
                if b.get(i + 1) == Some(&b'2') {
                    // `_2006` is a literal `_` and the year.
                    if at(i + 1, "2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    return found(Std::UnderDay, 2);
                }
                if at(i, "__2") {
                    return found(Std::UnderYearDay, 3);
                }
            }
            b'3' => return found(Std::Hour12, 1),
            b'4' => return found(Std::Minute, 1),
            b'5' => return found(Std::Second, 1),
            b'P' if b.get(i + 1) == Some(&b'M') => return found(Std::PM, 2),
            b'p' if b.get(i + 1) == Some(&b'm') => return found(Std::Pm, 2),
            b'-' => {
                for (s, std) in [
                    ("-070000", zone(false, false, true, false)),
                    ("-07:00:00", zone(false, true, true, false)),
                    ("-0700", zone(false, false, false, false)),
                    ("-07:00", zone(false, true, false, false)),
                    ("-07", zone(false, false, false, true)),
                ] {
                    if at(i, s) {
                        return found(std, s.len());
                    }
                }
            }
            b'Z' => {
                for (s, std) in [
                    ("Z070000", zone(true, false, true, false)),
                    ("Z07:00:00", zone(true, true, true, false)),
                    ("Z0700", zone(true, false, false, false)),
                    ("Z07:00", zone(true, true, false, false)),
                    ("Z07", zone(true, false, false, true)),
                ] {
                    if at(i, s) {
                        return found(std, s.len());
                    }
                }
            }
            c @ (b'.' | b',') => {
                if let Some(&ch @ (b'0' | b'9')) = b.get(i + 1) {
                    let mut j = i + 1;
                    while b.get(j) == Some(&ch) {
                        j += 1;
                    }
                    if !b.get(j).is_some_and(u8::is_ascii_digit) {
                        let std = Std::Frac {
                            digits: j - (i + 1),
                            trim: ch == b'9',
                            sep: char::from(c),
                        };
                        return (&layout[..i], Some(std), &layout[j..]);
                    }
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

#[cfg(test)]
mod tests {
    use super::{GoTime, is_layout};

    fn t(s: &str) -> GoTime {
        GoTime::parse(s).unwrap()
    }

    /// Expected values are Go's `time.Format` on the same times.
    #[test]
    fn formats_as_go() {
        let four = t("2021-01-02T03:04:05Z");
        assert_eq!(four.format("2006"), "2021");
        assert_eq!(four.format("15_04_05"), "03_04_05");
        assert_eq!(four.format("MST"), "UTC");
        assert_eq!(four.format("Mon_Jan__2"), "Sat_Jan  2");
        assert_eq!(four.format("slug[1]"), "slug[1]");
        assert_eq!(four.format("title2"), "title2");
        assert_eq!(four.format("06:_2:002:__2:3PM"), "21: 2:002:  2:3AM");
        assert_eq!(four.format("Z07:00"), "Z");
        let five = t("2020-02-29T23:00:00-05:30");
        assert_eq!(five.format("MST"), "-0530");
        assert_eq!(five.format("Mon_Jan__2"), "Sat_Feb 60");
        assert_eq!(five.format("title2"), "title29");
        assert_eq!(five.format("pm_4_5"), "pm_0_0");
        assert_eq!(
            five.format("-07:00:00|Z07|.000|,999"),
            "-05:30:00|-05|.000|"
        );
        assert_eq!(five.format("January Monday"), "February Saturday");
        assert_eq!(GoTime::zero().format("2006-01-02 Mon"), "0001-01-01 Mon");
        assert_eq!(
            t("2024-03-05 07:08:09.120").format("05.99 _2006"),
            "09.12 _2024"
        );
    }

    #[test]
    fn layouts_are_what_the_reference_time_changes() {
        for layout in ["2006", "Jan", "Monday", "slug1", "title2", "MST", "002"] {
            assert!(is_layout(layout), "{layout}");
        }
        // `PM` and `pm` are the reference time's own (23:01), so Hugo does not take it as a layout.
        for plain in [
            "foo", "Z", "00", "Month", "Janitor", "sections", "x_y", "PM", "pm",
        ] {
            assert!(!is_layout(plain), "{plain}");
        }
    }

    #[test]
    fn parses_the_usual_forms_only() {
        assert_eq!(t("2024-03-05").hour, 0);
        assert_eq!(t("2024-03-05T07:08").minute, 8);
        assert_eq!(t("2024-03-05T07:08:09+02:00").offset, 7200);
        assert_eq!(t("2024-03-05T07:08:09+00:00").zone, "UTC");
        assert_eq!(t("2024-03-05 07:08:09 -0130").offset, -5400);
        for bad in [
            "",
            "2024",
            "2024-13-01",
            "2023-02-29",
            "March 5",
            "2024-03-05T7:08",
        ] {
            assert!(GoTime::parse(bad).is_none(), "{bad}");
        }
    }
}
