//! Work on another thread while the screen stays live (the whole parse of a long essay, the
//! first reading of the folders). The one way to start such work: a panic in it is caught
//! and handed over as a message for the status line, never left to end the thread silently
//! or to give back a terminal the main loop is still drawing on.

use std::sync::mpsc::{self, Receiver, TryRecvError};

/// What a worker has to say when asked.
#[derive(Debug, PartialEq)]
pub enum Outcome<T> {
    /// Still working.
    Pending,
    /// Finished with this result.
    Done(T),
    /// It panicked (or could not start): what to tell the user.
    Failed(String),
}

/// Work running on its own thread.
#[derive(Debug)]
pub struct Worker<T> {
    what: &'static str,
    result: Receiver<std::thread::Result<T>>,
}

/// Starts `work` on a thread named `what` (also used in the message if it fails).
pub fn spawn<T: Send + 'static>(what: &'static str, work: impl FnOnce() -> T + Send + 'static) -> Worker<T> {
    let (tx, result) = mpsc::channel();
    // If no thread can be had, the closure (and `tx`) is dropped: the worker reads as failed.
    let _ = std::thread::Builder::new().name(what.into()).spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // A deliberate crash, so tests can check a worker's panic is only a notice.
            if std::env::var_os("ESSAYREADER_TEST_PANIC").is_some_and(|v| v == "worker") {
                panic!("ESSAYREADER_TEST_PANIC=worker: panicking in the worker as asked");
            }
            work()
        }));
        let _ = tx.send(outcome);
    });
    Worker { what, result }
}

impl<T> Worker<T> {
    /// Its result if it has one now, without waiting.
    pub fn poll(&self) -> Outcome<T> {
        match self.result.try_recv() {
            Ok(Ok(value)) => Outcome::Done(value),
            Ok(Err(panic)) => Outcome::Failed(self.failure(panic_message(panic.as_ref()))),
            Err(TryRecvError::Empty) => Outcome::Pending,
            Err(TryRecvError::Disconnected) => Outcome::Failed(self.failure("it could not run")),
        }
    }

    fn failure(&self, why: &str) -> String {
        format!("Internal error in the {}: {why} (please report it)", self.what)
    }
}

/// The text a panic was raised with.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown error")
}

/// Has every allocation of 128 KiB or more mapped on its own, as glibc does at first.
/// glibc otherwise raises that bar each time such a block is freed, up to 32 MiB, after
/// which a long essay's growing buffers and per-piece parse trees are carved from the
/// heap, where a block freed between live ones stays resident: the 10 MiB essay peaked
/// at 21.4 MiB resident during its parse with the bar moving, 16.9 MiB with it held.
pub fn map_large_allocations_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; called before any thread is
    // started, it races with nothing.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Hands memory freed by finished work back to the system. glibc keeps freed memory in
/// the allocator of the thread that used it (a long essay's parse builds and drops a
/// temporary tree per piece, and its growing buffers leave their old copies behind), and
/// gives it back only when asked: asked after the parse of a 10 MiB essay, the reader's
/// resident memory drops by about 3 MiB before the essay's whole layout is built.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free pages of the allocator's own arenas; it
    // touches no memory in use and has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished<T>(worker: &Worker<T>) -> Outcome<T> {
        loop {
            match worker.poll() {
                Outcome::Pending => std::thread::yield_now(),
                done => return done,
            }
        }
    }

    #[test]
    fn a_result_is_handed_over() {
        let worker = spawn("sum", || (1..=10).sum::<u32>());
        assert_eq!(finished(&worker), Outcome::Done(55));
    }

    #[test]
    fn a_panic_becomes_a_message_naming_the_work() {
        let worker = spawn("background parse", || -> u32 { panic!("the parser broke") });
        match finished(&worker) {
            Outcome::Failed(message) => {
                assert!(message.contains("background parse"), "{message}");
                assert!(message.contains("the parser broke"), "{message}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
