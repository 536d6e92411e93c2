//! Bank holidays of England & Wales and of Scotland, computed from the rules rather than typed
//! in, so any year works: the fixed and moving days of the Banking and Financial Dealings Act
//! 1971 (and the St Andrew's Day Bank Holiday (Scotland) Act 2007), their weekend substitutes,
//! and the one-off changes made by royal proclamation. Northern Ireland is not covered.
//!
//! Outside 1978-2100 the results follow today's rules and may differ from history (the Early May
//! bank holiday began in 1978; St Andrew's Day in 2007; Boxing Day in Scotland in 1974).

use crate::dates::last_day_of_month;
use crate::input::model::Jurisdiction;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A set of bank holidays. Wales shares England's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    EnglandAndWales,
    Scotland,
}

impl Calendar {
    pub fn for_jurisdiction(jurisdiction: Jurisdiction) -> Calendar {
        match jurisdiction {
            Jurisdiction::England | Jurisdiction::Wales => Calendar::EnglandAndWales,
            Jurisdiction::Scotland => Calendar::Scotland,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Calendar::EnglandAndWales => "England and Wales",
            Calendar::Scotland => "Scotland",
        }
    }
}

/// Whether `date` is a bank holiday (including a substitute day) in `calendar`.
pub fn is_bank_holiday(calendar: Calendar, date: NaiveDate) -> bool {
    bank_holidays(calendar, date.year()).contains(&date)
}

/// Saturdays and Sundays.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The bank holidays of `year` in `calendar`, in date order, substitutes included.
pub fn bank_holidays(calendar: Calendar, year: i32) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    days.extend(new_year(calendar, year));
    let easter = easter_sunday(year);
    days.push(easter - Duration::days(2));
    if calendar == Calendar::EnglandAndWales {
        days.push(easter + Duration::days(1));
    }
    days.push(early_may(year));
    days.push(spring(year));
    days.push(summer(calendar, year));
    if calendar == Calendar::Scotland {
        days.push(substitute_if_weekend(ymd(year, 11, 30)));
    }
    days.extend(with_substitutes(&[ymd(year, 12, 25), ymd(year, 12, 26)]));
    days.extend(one_offs(year));
    days.sort();
    days.dedup();
    days
}

/// New Year's Day; Scotland also keeps 2 January, and the two substitute as a pair.
fn new_year(calendar: Calendar, year: i32) -> Vec<NaiveDate> {
    match calendar {
        Calendar::EnglandAndWales => vec![substitute_if_weekend(ymd(year, 1, 1))],
        Calendar::Scotland => with_substitutes(&[ymd(year, 1, 1), ymd(year, 1, 2)]),
    }
}

/// First Monday in May, moved by proclamation for the VE Day anniversaries.
fn early_may(year: i32) -> NaiveDate {
    match year {
        1995 => ymd(1995, 5, 8),
        2020 => ymd(2020, 5, 8),
        _ => nth_weekday_of_month(year, 5, Weekday::Mon, 1),
    }
}

/// Last Monday in May, moved to early June in royal jubilee years.
fn spring(year: i32) -> NaiveDate {
    match year {
        1977 => ymd(1977, 6, 6),
        2002 => ymd(2002, 6, 4),
        2012 => ymd(2012, 6, 4),
        2022 => ymd(2022, 6, 2),
        _ => last_weekday_of_month(year, 5, Weekday::Mon),
    }
}

/// Last Monday in August in England and Wales; first Monday in August in Scotland.
fn summer(calendar: Calendar, year: i32) -> NaiveDate {
    match calendar {
        Calendar::EnglandAndWales => last_weekday_of_month(year, 8, Weekday::Mon),
        Calendar::Scotland => nth_weekday_of_month(year, 8, Weekday::Mon, 1),
    }
}

/// Extra days granted UK-wide by proclamation.
fn one_offs(year: i32) -> Vec<NaiveDate> {
    const ONE_OFFS: [(i32, u32, u32); 10] = [
        (1973, 11, 14), // wedding of Princess Anne
        (1977, 6, 7),   // Silver Jubilee
        (1981, 7, 29),  // wedding of the Prince of Wales
        (1999, 12, 31), // millennium
        (2002, 6, 3),   // Golden Jubilee
        (2011, 4, 29),  // wedding of Prince William
        (2012, 6, 5),   // Diamond Jubilee
        (2022, 6, 3),   // Platinum Jubilee
        (2022, 9, 19),  // State Funeral of Queen Elizabeth II
        (2023, 5, 8),   // coronation of King Charles III
    ];
    ONE_OFFS
        .iter()
        .filter(|(y, _, _)| *y == year)
        .map(|&(y, m, d)| ymd(y, m, d))
        .collect()
}

/// A holiday falling on a weekend is observed on the following Monday.
fn substitute_if_weekend(date: NaiveDate) -> NaiveDate {
    next_weekday_on_or_after(date)
}

/// Consecutive holidays (Christmas and Boxing Day; 1 and 2 January in Scotland): each one that
/// falls on a weekend, or on a day already taken by the other, moves to the next free weekday.
/// So Christmas on a Saturday gives Monday 27 and Tuesday 28 December.
fn with_substitutes(days: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut observed: Vec<NaiveDate> = Vec::new();
    for &day in days {
        let mut date = next_weekday_on_or_after(day);
        while observed.contains(&date) {
            date = next_weekday_on_or_after(date + Duration::days(1));
        }
        observed.push(date);
    }
    observed
}

fn next_weekday_on_or_after(mut date: NaiveDate) -> NaiveDate {
    while is_weekend(date) {
        date += Duration::days(1);
    }
    date
}

/// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

fn nth_weekday_of_month(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
        .unwrap_or_else(|| panic!("{year}-{month} has no weekday number {n}"))
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    let mut date = last_day_of_month(year, month);
    while date.weekday() != weekday {
        date -= Duration::days(1);
    }
    date
}

/// Dates built from the rules above are always valid; an invalid one is a bug here, not input.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .unwrap_or_else(|| panic!("invalid date {year}-{month}-{day}"))
}
