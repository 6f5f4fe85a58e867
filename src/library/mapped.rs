//! A long essay's file mapped into memory rather than read into it: the system keeps its
//! pages, takes back those not read lately and reads them again when they are (as it does
//! for the file `less` shows), so a book costs the reader its document and layout, not its
//! text as well.
//!
//! A mapping shows whatever the file holds, and a file written over in place would change
//! the text under the parsed document, or cut it short (a read past the new end kills the
//! process). So a file is mapped only under a read lease (`F_SETLEASE`): another program's
//! open of it for writing, or a truncation, waits until the lease is let go, and the kernel
//! tells the reader first (SIGIO). The reader copies the text into its own memory, puts the
//! copy where the mapping was (the same addresses and the same bytes: nothing reading it
//! can tell) and lets the lease go; the writer goes on at once, and the live folder sees
//! the change and reads the essay again as usual. Before the reader stops (`Ctrl-z`) it
//! does the same for every mapped text, so no writer waits on a stopped reader. A file
//! replaced by renaming (how most editors and sync tools save) needs none of this: the
//! mapping keeps the old file.
//!
//! Where a lease cannot be had (the file is open for writing somewhere, a file system
//! without leases, not Linux) or the text is not plain UTF-8, the caller reads the file.

use std::path::Path;

use crate::core::document::SharedSource;

/// Files from this size up are mapped; shorter ones cost little to read.
pub(crate) const MAP_FROM: u64 = 1 << 20;

/// The text of the file at `path` mapped under a lease, if it is a plain file of
/// [`MAP_FROM`] bytes or more (up to the reading limit), valid UTF-8 with no NUL byte
/// near its start, and a lease can be had; `None` otherwise (read it instead).
pub(crate) fn map(path: &Path) -> Option<SharedSource> {
    imp::map(path, MAP_FROM)
}

/// Copies every mapped text into the reader's own memory and lets its lease go, before
/// the reader stops: a writer must not wait on a reader that cannot answer.
pub fn hold_mapped_texts() {
    imp::hold_all();
}

#[cfg(target_os = "linux")]
mod imp {
    use std::fs::File;
    use std::ops::Range;
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;
    use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

    use crate::core::document::{Paged, SharedSource};
    use crate::library::read::{MAX_BYTES, is_binary, is_utf16};

    /// At most this many texts mapped at once (each holds its file open).
    const MOST_MAPPED: usize = 32;

    /// Every mapped text (and every lease being taken), for the lease-break responder.
    static REGIONS: Mutex<Vec<Arc<Region>>> = Mutex::new(Vec::new());

    struct Region {
        state: Mutex<State>,
    }

    #[derive(Default)]
    struct State {
        /// The file, open under a read lease; `None` once the lease is let go.
        lease: Option<File>,
        /// Where the text is (address, length), while it is.
        at: Option<(usize, usize)>,
        /// Whether the text is the reader's own copy rather than the file's pages.
        own: bool,
    }

    fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
        // Nothing done under these locks leaves them inconsistent if it panics.
        mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether lease breaks are answered: without that, no lease is taken.
    fn responder() -> bool {
        static STARTED: OnceLock<bool> = OnceLock::new();
        *STARTED.get_or_init(|| {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([libc::SIGIO]) else { return false };
            std::thread::Builder::new()
                .name("lease breaks".into())
                .spawn(move || {
                    for _ in signals.forever() {
                        answer_breaks(false);
                    }
                })
                .is_ok()
        })
    }

    pub(super) fn hold_all() {
        answer_breaks(true);
    }

    /// Lets go every lease being broken (or every lease, with `all`), each text copied into
    /// the reader's memory first.
    fn answer_breaks(all: bool) {
        let regions: Vec<Arc<Region>> = lock(&REGIONS).clone();
        for region in regions {
            let mut state = lock(&region.state);
            let Some(file) = &state.lease else { continue };
            // A lease being broken reads as what it is becoming (no lease), not as read.
            let broken = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLEASE) } != libc::F_RDLCK;
            if !(all || broken) {
                continue;
            }
            if let Some((addr, len)) = state.at
                && !state.own
            {
                // If the copy cannot be made (no memory for it), the lease is kept: the
                // writer waits out the kernel's lease time (45 s) before it can cut the
                // text under the reader.
                if !copy_in_place(addr, len) {
                    continue;
                }
                state.own = true;
            }
            state.lease = None;
        }
    }

    /// Replaces the mapping at `addr` with an anonymous copy of its bytes at the same
    /// addresses, in one step: a thread reading it meanwhile sees the same bytes throughout.
    fn copy_in_place(addr: usize, len: usize) -> bool {
        use libc::{MAP_ANONYMOUS, MAP_FAILED, MAP_PRIVATE, PROT_READ, PROT_WRITE};
        // SAFETY: a fresh private mapping of `len` bytes, filled from the live mapping at
        // `addr` (whose file no one writes: its lease is still held), then moved over it.
        unsafe {
            let copy = libc::mmap(
                std::ptr::null_mut(),
                len,
                PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS,
                -1,
                0,
            );
            if copy == MAP_FAILED {
                return false;
            }
            std::ptr::copy_nonoverlapping(addr as *const u8, copy.cast::<u8>(), len);
            let flags = libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED;
            if libc::mprotect(copy, len, PROT_READ) != 0
                || libc::mremap(copy, len, len, flags, addr as *mut libc::c_void) == MAP_FAILED
            {
                libc::munmap(copy, len);
                return false;
            }
        }
        true
    }

    /// A text mapped from its file; unmapped (and its lease let go) when dropped.
    struct Mapped {
        region: Arc<Region>,
        addr: usize,
        len: usize,
    }

    impl Mapped {
        fn bytes(&self) -> &[u8] {
            // SAFETY: `len` readable bytes at `addr` until dropped, never written (the file
            // is under a read lease, and its copy replaces it before the lease goes).
            unsafe { std::slice::from_raw_parts(self.addr as *const u8, self.len) }
        }
    }

    impl Paged for Mapped {
        fn text(&self) -> &str {
            // SAFETY: checked to be UTF-8 before it was handed out, and never changes.
            unsafe { std::str::from_utf8_unchecked(self.bytes()) }
        }

        fn release(&self, range: Range<usize>) {
            let state = lock(&self.region.state);
            if state.own || state.at.is_none() {
                // The reader's own copy: its pages are the only copy there is.
                return;
            }
            let page = page_size();
            let start = range.start.min(self.len).next_multiple_of(page);
            let end =
                if range.end >= self.len { self.len.next_multiple_of(page) } else { range.end / page * page };
            if start < end {
                // SAFETY: whole pages inside the mapping; the file's pages are read again
                // on the next touch, unchanged (it is under a lease).
                unsafe {
                    libc::madvise((self.addr + start) as *mut libc::c_void, end - start, libc::MADV_DONTNEED)
                };
            }
        }
    }

    impl Drop for Mapped {
        fn drop(&mut self) {
            lock(&REGIONS).retain(|r| !Arc::ptr_eq(r, &self.region));
            let mut state = lock(&self.region.state);
            // SAFETY: the mapping made in `map`, no longer referred to by anyone.
            unsafe { libc::munmap(self.addr as *mut libc::c_void, self.len) };
            *state = State::default();
        }
    }

    fn page_size() -> usize {
        // SAFETY: sysconf has no preconditions.
        usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096).max(1)
    }

    /// Forgets a region whose mapping was never made.
    fn forget(region: &Arc<Region>) {
        lock(&REGIONS).retain(|r| !Arc::ptr_eq(r, region));
    }

    pub(super) fn map(path: &Path, min: u64) -> Option<SharedSource> {
        let size = std::fs::metadata(path).ok().filter(|m| m.is_file())?.len();
        if size < min || size > MAX_BYTES || !responder() {
            return None;
        }
        // Not blocking: a file swapped for a FIFO since it was looked at must not hang the
        // reader in `open`; what was opened is checked again.
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))?;
        // Known to the responder before the lease exists, so no break goes unanswered.
        let region = Arc::new(Region { state: Mutex::new(State::default()) });
        {
            let mut regions = lock(&REGIONS);
            if regions.len() >= MOST_MAPPED {
                return None;
            }
            regions.push(Arc::clone(&region));
        }
        let mapped = map_leased(file, &region, min);
        if mapped.is_none() {
            forget(&region);
        }
        let mapped = mapped?;
        let bytes = mapped.bytes();
        let head = &bytes[..bytes.len().min(super::super::read::SNIFF_BYTES)];
        if is_binary(head) || is_utf16(head) || !utf8_releasing(&mapped) {
            // Read instead: that read says what is wrong, or repairs it.
            return None;
        }
        Some(SharedSource::paged(Box::new(mapped)))
    }

    /// Whether the mapped text is UTF-8, checked a stretch at a time, each stretch's pages
    /// given back once checked.
    fn utf8_releasing(mapped: &Mapped) -> bool {
        const STRETCH: usize = 1 << 20;
        let bytes = mapped.bytes();
        let mut from = 0;
        while from < bytes.len() {
            let mut to = (from + STRETCH).min(bytes.len());
            // Cut before a character's first byte, so each stretch is whole characters.
            while to < bytes.len() && to > from && bytes[to] & 0xc0 == 0x80 {
                to -= 1;
            }
            if to == from || std::str::from_utf8(&bytes[from..to]).is_err() {
                return false;
            }
            mapped.release(from..to);
            from = to;
        }
        true
    }

    /// Takes the lease on `file` and maps it, unless the lease is refused or already broken.
    fn map_leased(file: File, region: &Arc<Region>, min: u64) -> Option<Mapped> {
        let mut state = lock(&region.state);
        // SAFETY: fcntl on a file this function owns.
        if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_RDLCK) } != 0 {
            return None;
        }
        // Under the lease the file no longer changes: its size now is the size mapped.
        let len = file.metadata().ok().map(|m| m.len()).filter(|&n| n >= min.max(1) && n <= MAX_BYTES)?;
        let len = usize::try_from(len).ok()?;
        // SAFETY: a read-only private mapping of `len` bytes of an open file.
        let addr = unsafe {
            libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ, libc::MAP_PRIVATE, file.as_raw_fd(), 0)
        };
        if addr == libc::MAP_FAILED {
            return None;
        }
        state.lease = Some(file);
        state.at = Some((addr as usize, len));
        Some(Mapped { region: Arc::clone(region), addr: addr as usize, len })
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use std::path::Path;

    use crate::core::document::SharedSource;

    pub(super) fn map(_path: &Path, _min: u64) -> Option<SharedSource> {
        None
    }

    pub(super) fn hold_all() {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::fs::OpenOptionsExt;

    /// An essay of about 2 MiB with curly quotes and dashes, so pages end inside characters.
    fn book(dir: &Path) -> (std::path::PathBuf, String) {
        let text = "# A book\n\nIt’s a long “essay” — on trust, and on pages.\n\n".repeat(40_000);
        let path = dir.join("book.md");
        std::fs::write(&path, &text).unwrap();
        (path, text)
    }

    /// Bytes of the mapping holding `text` that are resident in the reader's memory.
    fn resident(text: &str) -> usize {
        let at = text.as_ptr() as usize;
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((lo, hi)) = range.split_once('-')
                && let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
            {
                inside = (lo..hi).contains(&at);
            } else if inside && let Some(kb) = line.strip_prefix("Rss:") {
                return kb.trim().trim_end_matches(" kB").trim().parse::<usize>().unwrap() * 1024;
            }
        }
        panic!("no mapping holds the text");
    }

    /// Held by the tests that a stop's copying of every mapped text would upset.
    static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

    #[test]
    fn a_mapped_book_reads_as_its_file_and_gives_back_the_pages_read() {
        let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let (path, text) = book(dir.path());
        let source = map(&path).expect("a 2 MiB essay is mapped");
        assert!(source.is_paged());
        assert_eq!(source.as_str(), text);
        assert!(resident(&source) > text.len() / 2, "read whole: {} bytes resident", resident(&source));
        source.release_all();
        assert!(resident(&source) < 64 * 1024, "given back: {} bytes resident", resident(&source));
        assert_eq!(source.as_str(), text, "the pages given back read the same again");
    }

    #[test]
    fn a_writer_goes_on_at_once_and_the_text_being_read_stays_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (path, text) = book(dir.path());
        let source = map(&path).expect("mapped");
        // Truncates the file: the reader must copy its text before the write may go on
        // (a read past the cut would kill the test).
        let writer = {
            let path = path.clone();
            std::thread::spawn(move || std::fs::write(&path, "# Rewritten\n\nshort now\n"))
        };
        writer.join().unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "# Rewritten\n\nshort now\n");
        assert_eq!(source.as_str(), text, "the reader's copy is the text it parsed");
        source.release_all();
        assert_eq!(source.as_str(), text, "its own copy is never given back");
    }

    #[test]
    fn texts_held_before_a_stop_let_writers_go_on() {
        let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let (path, text) = book(dir.path());
        let source = map(&path).expect("mapped");
        hold_mapped_texts();
        // No lease is left to break: a writer that will not wait is let in at once (under
        // a lease its open fails with "would block").
        let writer = std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(&path);
        assert!(writer.is_ok(), "the lease was let go: {writer:?}");
        std::fs::write(&path, "gone\n").unwrap();
        assert_eq!(source.as_str(), text);
    }

    #[test]
    fn a_file_open_for_writing_elsewhere_binary_too_large_or_not_utf8_is_left_to_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = book(dir.path());
        let writing = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        assert!(map(&path).is_none(), "no lease while someone writes it");
        drop(writing);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[1_500_000] = 0xff;
        std::fs::write(&path, &bytes).unwrap();
        assert!(map(&path).is_none(), "invalid UTF-8 is the reader's to repair");
        bytes[1_500_000] = b'x';
        bytes[10] = 0;
        std::fs::write(&path, &bytes).unwrap();
        assert!(map(&path).is_none(), "a NUL byte near the start: the reader says it is binary");
        let huge = dir.path().join("huge.md");
        std::fs::File::create(&huge).unwrap().set_len(crate::library::read::MAX_BYTES + 1).unwrap();
        assert!(map(&huge).is_none(), "over the limit: the reader says it is too large");
        assert!(map(&dir.path().join("missing.md")).is_none());
        assert!(map(dir.path()).is_none(), "a folder");
        std::fs::write(&path, "short\n").unwrap();
        assert!(map(&path).is_none(), "a short essay is read");
    }
}
