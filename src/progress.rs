//! Progress bars for the steps that take more than a moment (reading big files, bootstrap replicates),
//! drawn by indicatif on stderr only when the caller asks for them and stderr is a terminal.
//!
//! A [`Progress`] is carried by the options of a step ([`crate::data::LoadOptions`],
//! [`crate::job::execute::JobOptions`]); the default draws nothing, so library users and tests see no
//! output. Bars never change results: they only count work already being done.

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// Where bars go: nowhere (the default) or a group of bars on stderr.
#[derive(Debug, Clone, Default)]
pub struct Progress(Option<MultiProgress>);

impl Progress {
    /// Draw nothing.
    pub fn hidden() -> Self {
        Progress(None)
    }

    /// Draw on stderr (indicatif stays silent when stderr is not a terminal).
    pub fn stderr() -> Self {
        Progress(Some(MultiProgress::new()))
    }

    /// Add a bar of `len` units (`bytes` formats them as sizes) labelled `msg`; hidden when drawing
    /// nothing.
    pub fn bar(&self, len: u64, msg: &str, bytes: bool) -> ProgressBar {
        let Some(m) = &self.0 else {
            return ProgressBar::hidden();
        };
        let template = if bytes {
            "  {msg:30} [{bar:30}] {bytes}/{total_bytes} ({eta})"
        } else {
            "  {msg:30} [{bar:30}] {pos}/{len} ({eta})"
        };
        let b = m.add(ProgressBar::new(len));
        b.set_style(
            ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b.set_message(msg.to_string());
        b
    }

    /// Add an existing bar (e.g. the step bar of a job) to the group.
    pub fn add(&self, bar: ProgressBar) -> ProgressBar {
        match &self.0 {
            Some(m) => m.add(bar),
            None => bar,
        }
    }
}
