//! A mutation fuzzer: meetings made by changing the minimal fixture and the bad-input corpus at
//! random (a small hand-written mutator with a fixed seed), each run through `reportpack check`
//! (which loads, checks and renders everything `build` would). No run may panic, abort, take
//! longer than a time limit or use more than 1 GiB.
//!
//! `cargo test --test fuzz` runs a few dozen cases (a few seconds). For a long run:
//!
//!     REPORTPACK_FUZZ_SECONDS=3600 cargo test --release --test fuzz -- --nocapture
//!
//! (`REPORTPACK_FUZZ_SEED` picks another sequence; failing inputs are kept under
//! `target/fuzz-failures/`.)

mod support;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

/// Memory a single run may use.
const MEMORY_CEILING: u64 = 1 << 30;

/// xorshift64*: small, deterministic, good enough to choose mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that tends to find the edges: YAML structure, Markdown, dates, numbers, long runs.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\t",
    "'",
    "\"",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n  ",
    ">\n  ",
    "#",
    "> ",
    ">>>>>>>>>>",
    "**",
    "*",
    "_",
    "~~",
    "`",
    "```\ncode\n```\n",
    "    indented code\n",
    "[x](https://e.org)",
    "[x](javascript:1)",
    "<b>",
    "<https://a.b>",
    "![i](https://e.org/i.png)",
    "[r]",
    "[r]: https://e.org\n",
    "1e18",
    "-1",
    "0",
    "4294967296",
    "99999999999999999999",
    "-262143-01-05",
    "+262142-12-31",
    "2015-02-29",
    "9999-12-31",
    "1900-01-01",
    "2200-12-31",
    "00:00",
    "23:59",
    "24:00",
    "null",
    "~",
    "true",
    "key",
    "exempt: 3",
    "supplement: true",
    "\u{1F600}",
    "\u{4E2D}\u{6587}",
    "\u{202E}",
    "\u{00A0}",
    "\u{FEFF}",
    "\r\n",
    "\0",
    "../",
    "/etc/passwd",
    "reports/",
    ".pdf",
    "mailto:a@b.c",
    "a@b.c",
];

/// One mutation of `data`, chosen by `rng`; `other` is another seed file to splice from.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let len = data.len();
    let at = rng.below(len + 1);
    match rng.below(10) {
        0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
        1 => data.insert(at, rng.next() as u8),
        2 if len > 0 => {
            let end = (at + 1 + rng.below(64)).min(len);
            data.drain(at.min(len - 1)..end);
        }
        3 if len > 0 => {
            // Repeat a piece many times: long words, deep nesting, big files.
            let start = at.min(len - 1);
            let end = (start + 1 + rng.below(16)).min(len);
            let piece = data[start..end].to_vec();
            let times = [2, 10, 100, 1000, 20_000][rng.below(5)];
            let repeated: Vec<u8> = piece
                .iter()
                .copied()
                .cycle()
                .take(piece.len() * times)
                .collect();
            data.splice(start..start, repeated);
        }
        4 | 5 => {
            let token = rng.pick(TOKENS).as_bytes();
            data.splice(at..at, token.iter().copied());
        }
        6 => replace_a_value(rng, data),
        7 if !other.is_empty() => {
            let start = rng.below(other.len());
            let end = (start + 1 + rng.below(200)).min(other.len());
            data.splice(at..at, other[start..end].iter().copied());
        }
        8 if len > 0 => {
            // Swap two lines: fields move between maps.
            let text = String::from_utf8_lossy(data).into_owned();
            let mut lines: Vec<&str> = text.split('\n').collect();
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
            *data = lines.join("\n").into_bytes();
        }
        _ => {
            let token = rng.pick(TOKENS).repeat(1 + rng.below(300));
            data.splice(at..at, token.bytes());
        }
    }
}

/// Replaces the value after a `key: ` on a random line with a token.
fn replace_a_value(rng: &mut Rng, data: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let index = rng.below(lines.len());
    if let Some(colon) = lines[index].find(": ") {
        let value = rng.pick(TOKENS).to_string();
        lines[index].replace_range(colon + 2.., &value);
        *data = lines.join("\n").into_bytes();
    }
}

/// A meeting to start from.
#[derive(Clone)]
enum Seed {
    /// A fixture meeting (`tests/fixtures/<name>`).
    Fixture(&'static str),
    /// A meeting of `data/`, copied with the whole data folder (shared plans, PDF appendices).
    Data(String),
    /// A bad-input case laid over the minimal fixture.
    Bad(PathBuf),
}

/// Good meetings (half the picks, so that many mutants get as far as rendering) and the
/// bad-input corpus.
fn seeds() -> (Vec<Seed>, Vec<Seed>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut good = vec![Seed::Fixture("minimal"), Seed::Fixture("spreadsheet")];
    let mut data: Vec<PathBuf> = std::fs::read_dir(root.join("data"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("meeting.yaml").is_file())
        .collect();
    data.sort();
    good.extend(
        data.iter()
            .filter_map(|p| p.file_name())
            .map(|n| Seed::Data(n.to_string_lossy().into_owned())),
    );
    let mut seeds = Vec::new();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs");
    if let Ok(entries) = std::fs::read_dir(&corpus) {
        let mut cases: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        cases.sort();
        seeds.extend(cases.into_iter().map(Seed::Bad));
    }
    (good, seeds)
}

/// The files of a meeting folder the mutator may change (small ones; not the PDF bomb).
fn mutable_files(meeting: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![meeting.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if entry.metadata().is_ok_and(|m| m.len() < 200_000)
                && path.file_name().is_some_and(|n| n != "expected.txt")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What went wrong with one run, if anything (`Err`), or whether the meeting passed (`Ok`).
fn run_case(meeting: &Path, limit: Duration) -> Result<bool, String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reportpack"));
    command
        .args(["check", meeting.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("run reportpack");
    let stderr = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let printed = reader.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(format!("took longer than {limit:?}"));
    };
    if printed.contains("panicked") {
        return Err(format!("panicked:\n{printed}"));
    }
    if status.code().is_none_or(|code| code > 1) {
        return Err(format!("ended with {status}:\n{printed}"));
    }
    if children_peak_memory() > MEMORY_CEILING {
        return Err(format!(
            "used {} MiB",
            children_peak_memory() / (1024 * 1024)
        ));
    }
    Ok(status.success())
}

/// The most memory any finished child used (bytes; Linux reports kilobytes).
fn children_peak_memory() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss as u64 * 1024
    }
}

/// Makes one mutated meeting under `dir` from `seed` with 1 to 3 mutations; returns it.
fn make_case(rng: &mut Rng, seed: &Seed, dir: &Path) -> PathBuf {
    let (meeting, root) = match seed {
        Seed::Fixture(name) => {
            copy_dir(&fixture(name), &dir.join(name));
            (dir.join(name), dir.join(name))
        }
        Seed::Data(name) => {
            let data = dir.join("data");
            copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data"), &data);
            (data.join(name), data)
        }
        Seed::Bad(case) => {
            let meeting = dir.join("meeting");
            copy_dir(&fixture("minimal"), &meeting);
            copy_dir(case, &meeting);
            (meeting.clone(), meeting)
        }
    };
    let files = mutable_files(&root);
    let other = std::fs::read(rng.pick(&files)).unwrap_or_default();
    for _ in 0..1 + rng.below(3) {
        let file = rng.pick(&files);
        let mut data = std::fs::read(file).unwrap_or_default();
        mutate(rng, &mut data, &other);
        std::fs::write(file, data).expect("write mutated file");
    }
    meeting
}

#[test]
fn mutated_meetings_never_crash_hang_or_blow_up() {
    let seconds: Option<u64> = std::env::var("REPORTPACK_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let seed: u64 = std::env::var("REPORTPACK_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2026);
    let cases = if seconds.is_some() { usize::MAX } else { 40 };
    let deadline = Instant::now() + Duration::from_secs(seconds.unwrap_or(600));
    // Debug builds are slow; a release build must be far quicker.
    let limit = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 20 });
    let mut rng = Rng(seed | 1);
    let (good, bad) = seeds();
    let failures_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
    let mut failures = Vec::new();
    let mut ran = 0usize;
    let mut passed = 0usize;
    while ran < cases && Instant::now() < deadline {
        let temp = tempfile::tempdir().expect("temp dir");
        let seed_case = if rng.below(2) == 0 {
            rng.pick(&good)
        } else {
            rng.pick(&bad)
        };
        let meeting = make_case(&mut rng, seed_case, temp.path());
        let result = run_case(&meeting, limit);
        passed += usize::from(result == Ok(true));
        if let Err(why) = result {
            let kept = failures_dir.join(format!("{seed}-{ran}"));
            copy_dir(temp.path(), &kept);
            eprintln!("case {ran}: {why}\n  input kept in {}", kept.display());
            failures.push(format!("case {ran} ({}): {why}", kept.display()));
        }
        ran += 1;
        if seconds.is_some() && ran.is_multiple_of(500) {
            eprintln!(
                "{ran} cases ({passed} passed check), {} failures",
                failures.len()
            );
        }
    }
    eprintln!(
        "fuzz: {ran} cases from seed {seed} ({passed} passed check and were rendered), {} failures, peak child memory {} MiB",
        failures.len(),
        children_peak_memory() / (1024 * 1024)
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
