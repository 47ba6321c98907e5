//! Wall time and peak memory of each step of a run, for the manifest and the benchmarks.
//!
//! # Algorithm
//! Before a step the kernel's high-water mark of resident memory is reset (`5` written to
//! `/proc/self/clear_refs`, Linux ≥ 4.0); after it `VmHWM` of `/proc/self/status` is the peak *during
//! that step*. Elsewhere (or when `/proc` is not writable) peak memory is reported as `None`. Times are
//! wall-clock; they vary from run to run and are therefore kept only in `manifest.json`, never in a file
//! whose bytes must be reproducible.

use serde::{Deserialize, Serialize};
use std::time::Instant;

/// One measured step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Step name (`load`, `pca`, `clustering`, ...).
    pub name: String,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Peak resident memory during the step, MiB (`None` where the OS does not tell).
    pub peak_rss_mib: Option<f64>,
}

/// Records the steps of a run, optionally reporting them to a progress bar.
#[derive(Debug)]
pub struct StepTimer {
    steps: Vec<Step>,
    bar: indicatif::ProgressBar,
}

impl Default for StepTimer {
    fn default() -> Self {
        Self::new(indicatif::ProgressBar::hidden())
    }
}

impl StepTimer {
    /// A timer that shows each step's name on `bar` (use [`indicatif::ProgressBar::hidden`] for none).
    pub fn new(bar: indicatif::ProgressBar) -> Self {
        StepTimer {
            steps: Vec::new(),
            bar,
        }
    }

    /// Run `f` as step `name`, recording its wall time and peak memory.
    pub fn time<T>(&mut self, name: &str, f: impl FnOnce() -> T) -> T {
        self.bar.set_message(name.to_string());
        reset_peak();
        let t = Instant::now();
        let r = f();
        self.steps.push(Step {
            name: name.into(),
            seconds: t.elapsed().as_secs_f64(),
            peak_rss_mib: peak_rss_mib(),
        });
        self.bar.inc(1);
        r
    }

    /// The steps so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Finish the progress bar and return the steps.
    pub fn finish(self) -> Vec<Step> {
        self.bar.finish_and_clear();
        self.steps
    }
}

/// With `CIBLAGE_TRACE` set, print the time since `since` of a sub-step and the resident memory (Linux)
/// to stderr (profiling aid; the
/// steps themselves are always measured by [`StepTimer`]).
pub fn trace(what: &str, since: Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("CIBLAGE_TRACE").is_some()) {
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let l = s.lines().find(|l| l.starts_with("VmRSS:"))?;
                l.split_whitespace().nth(1)?.parse::<f64>().ok()
            })
            .map_or(String::new(), |k| format!("{:>6.0} MiB", k / 1024.0));
        eprintln!(
            "trace {:>8.1} ms {rss}  {what}",
            since.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Reset the peak-memory mark (Linux); silently does nothing elsewhere.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory since the last reset, MiB (Linux `VmHWM`).
pub fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_recorded_in_order_with_their_result() {
        let mut t = StepTimer::default();
        let a = t.time("first", || 2 + 2);
        let b = t.time("second", || "x");
        assert_eq!((a, b), (4, "x"));
        let s = t.finish();
        assert_eq!(
            s.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            ["first", "second"]
        );
        assert!(s.iter().all(|x| x.seconds >= 0.0));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn peak_memory_of_a_step_sees_a_large_allocation() {
        let mut t = StepTimer::default();
        t.time("big", || {
            let v = vec![1u8; 64 << 20];
            std::hint::black_box(&v);
        });
        let s = t.finish();
        if let Some(p) = s[0].peak_rss_mib {
            assert!(p >= 64.0, "peak {p} MiB while 64 MiB were touched");
        }
    }
}
