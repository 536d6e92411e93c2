//! Running independent jobs (one per report, item or document) on every core, with results in
//! job order so the output never depends on which thread finished first. A leaf: any stage
//! may use it.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `job(0..count)` on as many threads as the machine has cores and returns the results in
/// job order, so the output does not depend on which thread finished first.
pub fn in_parallel<T: Send>(count: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= count {
                            return done;
                        }
                        done.push((index, job(index)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// Frees `value` on a thread of its own, for a large value whose freeing would hold up the
/// build's end (the prepared meeting: every report's views and the parsed templates).
pub fn drop_aside<T: Send + 'static>(value: T) {
    // A thread that cannot start drops what it was given here, as it fails.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
