//! Budgets, the last resort against a page or a run that takes too long.
//!
//! - The page budget counts work, not time: the stages that grow with a page charge units as they
//!   go (a Markdown event of each region parsed, a shortcode, a finding, a suppression). A page
//!   that runs past its budget stops at once and gets one `budget` diagnostic instead of its
//!   findings; the other pages are checked. The count depends only on the page, its site and the
//!   settings, so the same pages pass or fail in every run, on any number of threads.
//! - The run can be stopped (`--timeout`, or SIGINT/SIGTERM from a CI runner): the work under
//!   way stops at its next charge, the pages not finished get one `budget` diagnostic each, and
//!   the report of the finished ones is written as usual, in a complete document of its format.
//!
//! The meter of the page under way is per thread and installed by [`metered`]; the work one page
//! does for the whole site (another page's anchors read on demand, the index) runs under its own
//! meter or none, so that it is not charged to whichever page asked first.

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

/// The pseudo-rule of a page not checked: its budget ran out, or the run was stopped.
pub const BUDGET: &str = "budget";

/// The page budget when the settings give none (`page-budget`), in work units: this, and
/// [`PER_BYTE`] for each byte of the page. The most any page of the three corpora needs is 26,359
/// (gohugo.io's emoji table); 20 million is 20 million Markdown events (2.4 s of one core,
/// release build), or nearly a million findings (about 4 s, their output included). The part
/// that grows with the page lets any page of everyday Markdown within the 64 MB page bound be
/// checked whole (a 50 MB page of sections with a heading, links, an image, a shortcode and code
/// takes under 1 unit a byte; a line of images without alt text, about 4): linear work always
/// fits, what grows faster than the page runs out.
pub const DEFAULT_PAGE: u64 = 20_000_000;

/// The units each byte of a page adds to its default budget.
pub const PER_BYTE: u64 = 8;

/// The default budget of a page of `bytes`.
pub fn default_page(bytes: usize) -> u64 {
    DEFAULT_PAGE.saturating_add(PER_BYTE.saturating_mul(bytes as u64))
}

/// The units of one finding: a finding costs about twenty Markdown events (sorted, matched
/// against suppressions, reported).
pub const FINDING: u64 = 20;

/// Why a page's work stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// Its own budget, of this many units.
    Page(u64),
    /// The run was stopped.
    Stopped(Stop),
}

/// Why the run was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Timeout,
    Interrupt,
    Terminate,
}

#[derive(Clone, Copy)]
struct Meter {
    used: u64,
    limit: u64,
}

thread_local! {
    static METER: Cell<Option<Meter>> = const { Cell::new(None) };
}

/// 0: running; else a [`Stop`] + 1.
static STOPPED: AtomicU8 = AtomicU8::new(0);

/// Charge `units` of work to the page under way (none: free). Past its budget, or once the run
/// is stopped, the page's work unwinds to [`metered`].
#[inline]
pub fn charge(units: u64) {
    METER.with(|m| {
        let Some(mut meter) = m.get() else { return };
        meter.used = meter.used.saturating_add(units);
        let exceeded = if meter.used > meter.limit {
            Some(Exceeded::Page(meter.limit))
        } else {
            stopped().map(Exceeded::Stopped)
        };
        if let Some(e) = exceeded {
            // Nothing charges again while unwinding.
            m.set(None);
            // Not `panic!`: no panic hook runs, nothing is printed.
            std::panic::resume_unwind(Box::new(e));
        }
        m.set(Some(meter));
    })
}

/// Run `f` as one page's work of at most `limit` units: its result and the units it used, or
/// why it stopped. A real panic passes through.
pub fn metered<T>(limit: u64, f: impl FnOnce() -> T) -> (Result<T, Exceeded>, u64) {
    if let Some(stop) = stopped() {
        return (Err(Exceeded::Stopped(stop)), 0);
    }
    let scope = Scope::install(Some(Meter { used: 0, limit }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let used = METER.with(|m| m.get().map_or(limit, |m| m.used));
    drop(scope);
    match result {
        Ok(v) => (Ok(v), used),
        Err(payload) => match payload.downcast::<Exceeded>() {
            Ok(e) => (Err(*e), used),
            Err(other) => std::panic::resume_unwind(other),
        },
    }
}

/// Run `f` uncharged: work done for the whole site while a page is being checked.
pub fn unmetered<T>(f: impl FnOnce() -> T) -> T {
    let _scope = Scope::install(None);
    f()
}

/// Puts back the meter that was installed before (a thread waiting in rayon may run another
/// page's work in the middle of its own).
struct Scope(Option<Meter>);

impl Scope {
    fn install(meter: Option<Meter>) -> Scope {
        Scope(METER.with(|m| m.replace(meter)))
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        METER.with(|m| m.set(self.0));
    }
}

/// Stop the run: work under way stops at its next charge, work not started is not done.
pub fn stop(why: Stop) {
    let code = match why {
        Stop::Timeout => 1,
        Stop::Interrupt => 2,
        Stop::Terminate => 3,
    };
    let _ = STOPPED.compare_exchange(0, code, Ordering::Relaxed, Ordering::Relaxed);
}

/// Whether (and why) the run was stopped.
#[inline]
pub fn stopped() -> Option<Stop> {
    match STOPPED.load(Ordering::Relaxed) {
        0 => None,
        1 => Some(Stop::Timeout),
        2 => Some(Stop::Interrupt),
        _ => Some(Stop::Terminate),
    }
}

/// Stop the run after `after` (`--timeout`).
pub fn stop_after(after: std::time::Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(after);
        stop(Stop::Timeout);
    });
}

/// Stop the run on the first SIGINT or SIGTERM (a CI runner cancelling a job sends one, then
/// kills the process seconds later), so the findings made so far are written; a second signal
/// ends the process as the signal would.
#[cfg(unix)]
pub fn stop_on_signals() {
    extern "C" fn on_signal(signal: libc::c_int) {
        stop(if signal == libc::SIGINT {
            Stop::Interrupt
        } else {
            Stop::Terminate
        });
    }
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic (async-signal-safe); SA_RESETHAND puts
        // the default action back for a second signal.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
            action.sa_flags = libc::SA_RESETHAND | libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub fn stop_on_signals() {}

/// The diagnostic of a page not checked, at its start.
pub fn diagnostic(why: Exceeded) -> crate::diagnostic::Diagnostic {
    use crate::diagnostic::{Diagnostic, Severity};
    let (message, help) = match why {
        Exceeded::Page(limit) => (
            format!(
                "not checked: checking this page needs more than its budget of {limit} work units (Markdown events, shortcodes, findings; `page-budget` in .hugolint.yaml raises it)"
            ),
            "raise `page-budget` in .hugolint.yaml, or list the page under `ignore`; the other pages were checked".to_string(),
        ),
        Exceeded::Stopped(Stop::Timeout) => (
            "not checked: time budget exceeded (--timeout)".to_string(),
            "raise --timeout; the findings of the pages checked before it are reported".to_string(),
        ),
        Exceeded::Stopped(stop) => (
            format!(
                "not checked: hugolint was stopped ({})",
                if stop == Stop::Interrupt { "SIGINT" } else { "SIGTERM" }
            ),
            "the findings of the pages checked before are reported".to_string(),
        ),
    };
    let mut d = Diagnostic::new(BUDGET, Severity::Error, 0..0, message);
    d.with_help(help);
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_its_budget_stops_and_the_meter_is_put_back() {
        let (r, used) = metered(10, || {
            for _ in 0..100 {
                charge(1);
            }
        });
        assert_eq!(r, Err(Exceeded::Page(10)));
        assert_eq!(used, 10);
        // Nothing is metered outside.
        charge(u64::MAX);
        let (r, used) = metered(10, || {
            charge(3);
            // Another page's work in the middle (rayon) does not count here.
            let inner = metered(1, || charge(5));
            assert_eq!(inner.0, Err(Exceeded::Page(1)));
            unmetered(|| charge(100));
            charge(3);
            7
        });
        assert_eq!((r, used), (Ok(7), 6));
    }

    #[test]
    fn a_real_panic_passes_through() {
        let caught = std::panic::catch_unwind(|| metered(10, || panic!("bug")));
        assert!(caught.is_err());
    }
}
