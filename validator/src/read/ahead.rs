//! Read-ahead: a gzip input's JSON Lines cut into chunks by a thread of their own, so that
//! inflating is off the workers' critical path.
//!
//! A worker that takes the next chunk of an input holds the reader's lock while the chunk is
//! read. For a plain file that is a copy out of the page cache; for gzip it is inflating a
//! megabyte, during which every other worker that wants a chunk waits, and with one worker
//! (`--jobs 1`) inflating and checking take turns on one core. Here the input's
//! [`LineReader`] runs on its own thread, [`AHEAD_CHUNKS`] chunks ahead of the workers, and
//! taking a chunk is taking it off a channel.
//!
//! Only inputs longer than the detection window get a thread (a small input is one chunk,
//! read whole when it is opened), so a run over 10,000 small gzip files starts none.

use super::lines::LineReader;
use super::{Body, Problem};
use crate::aggregate::Place;
use crate::finding::FindingId;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};

/// How many chunks the thread reads before it waits for the workers to take one: one per
/// chunk a worker may be checking on a 2-core machine, and one more being inflated. Each is
/// [`super::CHUNK_BYTES`], so an input read ahead holds at most about 3 MiB more.
const AHEAD_CHUNKS: usize = 2;

/// What the thread sends: a chunk's body (`None` at the end of the input) and the problems
/// found while reading it.
type Sent = (Option<Body>, Vec<Problem>);

/// The chunks of one input, read ahead by a thread.
pub(crate) struct ReadAhead {
    input: u32,
    chunks: Receiver<Sent>,
    /// Emptied chunk buffers, sent back so the thread reuses them rather than allocating.
    buffers: SyncSender<Vec<u8>>,
    /// Whether the thread said the input ended: a channel closed before that means the thread
    /// stopped early, which is reported, never taken for the input's end.
    ended: bool,
}

impl ReadAhead {
    /// Starts a thread reading `reader` ahead; gives the reader back if no thread can start,
    /// for the caller to read it in place.
    pub(crate) fn start(reader: LineReader, input: u32) -> Result<ReadAhead, LineReader> {
        let (sender, chunks) = sync_channel::<Sent>(AHEAD_CHUNKS);
        let (buffers, returned) = sync_channel::<Vec<u8>>(AHEAD_CHUNKS + 1);
        // The reader goes to the thread once the thread exists, so a failed spawn leaves it
        // here to be read in place.
        let (hand_over, handed) = sync_channel::<LineReader>(1);
        let spawned = std::thread::Builder::new()
            .name(format!("acs-logs-read-{input}"))
            .spawn(move || {
                let Ok(mut reader) = handed.recv() else {
                    return;
                };
                let mut spare = Vec::new();
                loop {
                    spare.extend(returned.try_iter());
                    let mut problems = Vec::new();
                    let body = reader.next_chunk(&mut problems, &mut spare);
                    let end = body.is_none();
                    // A closed channel: the run stopped taking chunks; nothing is waiting.
                    if sender.send((body, problems)).is_err() || end {
                        return;
                    }
                }
            });
        if spawned.is_err() {
            return Err(reader);
        }
        hand_over.send(reader).map_err(|returned| returned.0)?;
        Ok(ReadAhead {
            input,
            chunks,
            buffers,
            ended: false,
        })
    }

    /// The next chunk, or `None` at the end; hands one of `spare`'s buffers to the thread.
    pub(crate) fn next_chunk(
        &mut self,
        problems: &mut Vec<Problem>,
        spare: &mut Vec<Vec<u8>>,
    ) -> Option<Body> {
        if self.ended {
            return None;
        }
        if let Some(buffer) = spare.pop()
            && let Err(TrySendError::Full(buffer) | TrySendError::Disconnected(buffer)) =
                self.buffers.try_send(buffer)
        {
            spare.push(buffer);
        }
        let Ok((body, mut found)) = self.chunks.recv() else {
            self.ended = true;
            problems.push(Problem {
                id: FindingId::UnreadableInput,
                place: Place {
                    input: self.input,
                    line: 0,
                    record: None,
                },
                column: None,
                message: "reading stopped before the end of the input (its reader thread ended early); the rest of the input is not checked".into(),
            });
            return None;
        };
        problems.append(&mut found);
        self.ended = body.is_none();
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::buffered;
    use flate2::bufread::MultiGzDecoder;
    use std::io::Write;

    /// A gzip stream of `lines` JSON Lines, cut off `cut` bytes before its end.
    fn gzip_lines(lines: usize, cut: usize) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for line in 0..lines {
            writeln!(
                encoder,
                r#"{{"line":{line},"pad":"{}"}}"#,
                "x".repeat(line % 700)
            )
            .expect("writes to a Vec");
        }
        let mut bytes = encoder.finish().expect("writes to a Vec");
        bytes.truncate(bytes.len() - cut);
        bytes
    }

    fn reader(gzip: &[u8]) -> LineReader {
        let stream = buffered(MultiGzDecoder::new(std::io::Cursor::new(gzip.to_vec())));
        LineReader::new(buffered(stream), 7, 1)
    }

    /// Every chunk and problem of `next`, in order, until it says the input ended.
    fn drain(
        mut next: impl FnMut(&mut Vec<Problem>, &mut Vec<Vec<u8>>) -> Option<Body>,
    ) -> Vec<(Option<Body>, Vec<Problem>)> {
        let mut read = Vec::new();
        let mut spare = Vec::new();
        loop {
            let mut problems = Vec::new();
            let body = next(&mut problems, &mut spare);
            let end = body.is_none();
            // Emptied buffers come back as the pipeline's do, so the thread reuses them.
            if let Some(Body::Lines { bytes, .. }) = &body {
                let mut buffer = bytes.clone();
                buffer.clear();
                spare.push(buffer);
            }
            read.push((body, problems));
            if end {
                return read;
            }
        }
    }

    #[test]
    fn chunks_read_ahead_are_the_chunks_read_in_place_with_the_same_problems() {
        // Several chunks' worth, whole and broken off mid-stream (a damaged download).
        for cut in [0, 1000] {
            let gzip = gzip_lines(20_000, cut);
            let mut in_place = reader(&gzip);
            let expected = drain(|problems, spare| in_place.next_chunk(problems, spare));
            let Ok(mut ahead) = ReadAhead::start(reader(&gzip), 7) else {
                panic!("a thread starts");
            };
            let read = drain(|problems, spare| ahead.next_chunk(problems, spare));
            assert!(expected.len() > 3, "{} chunks", expected.len());
            assert_eq!(read, expected);
            let problems: Vec<_> = read.iter().flat_map(|(_, problems)| problems).collect();
            assert_eq!(
                cut > 0,
                problems
                    .iter()
                    .any(|problem| problem.id == FindingId::UnreadableInput)
            );
            // After the end, the end again: never a second reading.
            assert_eq!(ahead.next_chunk(&mut Vec::new(), &mut Vec::new()), None);
        }
    }

    #[test]
    fn a_reader_thread_that_ends_early_is_reported_not_taken_for_the_end() {
        let (sender, chunks) = sync_channel::<Sent>(1);
        let (buffers, _returned) = sync_channel(1);
        drop(sender);
        let mut ahead = ReadAhead {
            input: 3,
            chunks,
            buffers,
            ended: false,
        };
        let mut problems = Vec::new();
        assert_eq!(ahead.next_chunk(&mut problems, &mut Vec::new()), None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].id, FindingId::UnreadableInput);
        assert_eq!(problems[0].place.input, 3);
    }
}
