//! How a fuzz run is sized, seeded and replayed: the corpus first (every seed,
//! every run), then the generated cases from one RNG seed that is printed, so
//! that `PROPTEST_RNG_SEED=<seed>` with the same count generates the same
//! inputs again.

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseResult, TestRunner};

/// The number of generated cases: `variable` if set, else `ci` under CI
/// (`CI` set), else `local`.
pub fn cases(variable: &str, ci: u32, local: u32) -> u32 {
    let default = if std::env::var_os("CI").is_some() {
        ci
    } else {
        local
    };
    std::env::var(variable)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// The RNG seed: `PROPTEST_RNG_SEED` (proptest's own variable) if set, else a
/// fresh one.
pub fn rng_seed() -> u64 {
    match Config::default().rng_seed {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => uuid::Uuid::new_v4().as_u64_pair().0,
    }
}

/// One fuzz run: its name (to rerun it), how many cases it generates, and the
/// variable that sets that number.
pub struct Run {
    pub test: &'static str,
    pub variable: &'static str,
    pub cases: u32,
    pub seed: u64,
}

impl Run {
    /// A run of `test` (its path in the suite) sized by `variable`.
    pub fn new(test: &'static str, variable: &'static str, ci: u32, local: u32) -> Run {
        Run {
            test,
            variable,
            cases: cases(variable, ci, local),
            seed: rng_seed(),
        }
    }

    /// The same run with at most `cap` cases.
    pub fn at_most(self, cap: u32) -> Run {
        Run {
            cases: self.cases.min(cap),
            ..self
        }
    }

    /// The command that repeats this run exactly.
    pub fn rerun(&self) -> String {
        format!(
            "PROPTEST_RNG_SEED={} {}={} cargo test -p dealbot-tests --test suite {} -- --exact",
            self.seed, self.variable, self.cases, self.test
        )
    }

    /// Runs `check` on every corpus seed (named by where it comes from), then on
    /// `cases` values generated from `strategy`; a failure says how to rerun.
    pub fn check<S>(
        &self,
        seeds: Vec<(String, S::Value)>,
        cases: u32,
        strategy: &S,
        check: impl Fn(S::Value) -> TestCaseResult,
    ) where
        S: Strategy,
        S::Value: Debug,
    {
        let started = Instant::now();
        let replayed = seeds.len();
        eprintln!(
            "{}: {replayed} seeds, then {cases} generated cases; to rerun: {}",
            self.test,
            self.rerun()
        );
        for (from, seed) in seeds {
            let outcome = catch_unwind(AssertUnwindSafe(|| check(seed)));
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err(failure)) => panic!("corpus seed {from} fails: {failure}"),
                Err(_) => panic!("corpus seed {from} panics (message above)"),
            }
        }
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(self.seed),
            ..Config::default()
        });
        if let Err(failure) = runner.run(strategy, check) {
            panic!(
                "{failure}\nAdd the minimal input to the corpus (tests/fuzz-corpus/); rerun with:\n{}",
                self.rerun()
            );
        }
        eprintln!(
            "{}: {replayed} seeds and {cases} generated cases in {:.1} s",
            self.test,
            started.elapsed().as_secs_f64()
        );
    }
}
