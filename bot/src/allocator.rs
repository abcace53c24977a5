//! The memory allocator of every program built on this crate: `dealbot`
//! itself, the bench and the tests, so that what is measured and tested is
//! what users run. mimalloc instead of the C library's: under a load of
//! commands glibc's `malloc` and `free` took about a tenth of the bot's CPU
//! time, much of it consolidating freed chunks. Built without transparent
//! huge pages (`no_thp`): with them the idle bot held 10 MB more resident
//! memory (BENCHMARKS.md, issue 18, eighth session).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
