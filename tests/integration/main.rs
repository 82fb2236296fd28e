//! The integration tests: the real `newsdex` binary run on real files in temp folders
//! (and on the bundled sample corpus), one test binary so the suite links once.
//!
//! - [`common`]: `TestEnv` (a temp folder, `newsdex --index` in it, JSON helpers), the
//!   shared read-only sample index, the gold annotations of the sample corpus.
//! - [`cli`], [`search`], [`queries`], [`names`], [`name_groups`], [`places`],
//!   [`facet_counts`]: indexing and searching the sample corpus and small fixtures.
//! - [`bad_input`], [`files`], [`check`], [`crash`]: broken files, files that change
//!   under the index, damaged indexes, and SIGKILL at every crash window.
//! - [`gold_eval`], [`house_styles`]: extraction scored against hand annotations.
//! - [`properties`]: property tests of the library's parsing and extraction.
//! - [`serve`], [`browser`] (with [`serve_util`]): `newsdex serve`'s API on a real server,
//!   and its page in headless Chromium over WebDriver.
//! - [`startup`]: start-up, and a re-index that finds nothing changed.
//!
//! `tests/permissions.rs` is a binary of its own: it copies and runs the newsdex binary,
//! and every process started in its process must fork under its lock (see there), which
//! the tests here do not do.

mod bad_input;
mod browser;
mod check;
mod cli;
mod common;
mod crash;
mod facet_counts;
mod files;
mod gold_eval;
mod help;
mod house_styles;
mod name_groups;
mod names;
mod places;
mod properties;
mod queries;
mod search;
mod serve;
mod serve_util;
mod startup;
