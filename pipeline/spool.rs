//! The counting pass's documents, cleaned, spooled to a file for the
//! applying pass, which then neither reads nor cleans them a second time
//! (cleaning is most of a pass). The file holds the input problems too, in
//! reading order, so that the applying pass replays exactly what reading
//! gave. It lives in the run's temporary folder and goes with it.
//!
//! The format is private to one run: batches of length-prefixed records in
//! the field order of the structs, each written by destructuring its struct
//! whole, so that a field added to a document fails to compile here rather
//! than vanish between the passes.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::document::{Block, Document, Removal, Role, Section};
use crate::error::{Result, ScourError};
use crate::read::InputError;
use crate::run::Flow;

/// Spooled batches and input problems, written in order, then read back
/// once in the same order.
pub(crate) struct Spool {
    path: PathBuf,
    writer: BufWriter<File>,
}

impl Spool {
    /// A new spool file at `path`.
    pub(crate) fn create(path: &Path) -> Result<Spool> {
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(io_err(path))?;
        Ok(Spool {
            path: path.to_path_buf(),
            writer: BufWriter::with_capacity(1 << 20, file),
        })
    }

    /// Appends one item.
    pub(crate) fn write(&mut self, flow: &Flow<Vec<Document>>) -> Result<()> {
        let mut e = Enc(Vec::new());
        match flow {
            Flow::Docs(batch) => {
                e.u8(0);
                e.usize(batch.len());
                batch.iter().for_each(|doc| e.doc(doc));
            }
            Flow::Error(error, is_record) => {
                e.u8(1);
                e.input_error(error);
                e.bool(*is_record);
            }
        }
        let len = (e.0.len() as u64).to_le_bytes();
        self.writer
            .write_all(&len)
            .and_then(|()| self.writer.write_all(&e.0))
            .map_err(io_err(&self.path))
    }

    /// The items written, in order, each handed to `each`, which returns
    /// `false` to stop early. The file is removed afterwards.
    pub(crate) fn replay(self, mut each: impl FnMut(Flow<Vec<Document>>) -> bool) -> Result<()> {
        let path = self.path;
        let mut file = self
            .writer
            .into_inner()
            .map_err(|e| io_err(&path)(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io_err(&path))?;
        let mut reader = BufReader::with_capacity(1 << 20, file);
        let mut item = Vec::new();
        loop {
            let mut len = [0u8; 8];
            match reader.read_exact(&mut len) {
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                other => other.map_err(io_err(&path))?,
            }
            item.resize(u64::from_le_bytes(len) as usize, 0);
            reader.read_exact(&mut item).map_err(io_err(&path))?;
            let flow = Dec { buf: &item, at: 0 }
                .flow()
                .ok_or_else(|| io_err(&path)(std::io::Error::other("spool file is corrupt")))?;
            if !each(flow) {
                break;
            }
        }
        drop(reader);
        std::fs::remove_file(&path).map_err(io_err(&path))
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ScourError + '_ {
    move |source| ScourError::Output {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes values little-endian, strings and lists with their length first.
struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }

    fn bool(&mut self, v: bool) {
        self.u8(v.into());
    }

    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }

    fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A presence byte, then the value when there is one.
    fn opt<T>(&mut self, v: Option<&T>, put: impl FnOnce(&mut Enc, &T))
    where
        T: ?Sized,
    {
        self.bool(v.is_some());
        if let Some(v) = v {
            put(self, v);
        }
    }

    fn opt_str(&mut self, s: Option<&str>) {
        self.opt(s, Enc::str);
    }

    fn list<T>(&mut self, items: &[T], put: impl Fn(&mut Enc, &T)) {
        self.usize(items.len());
        items.iter().for_each(|item| put(self, item));
    }

    fn removal(&mut self, r: &Removal) {
        let Removal {
            reason,
            kind,
            detail,
            similarity,
        } = r;
        self.str(reason);
        self.str(kind);
        self.opt_str(detail.as_deref());
        self.opt(similarity.as_ref(), |e, x| e.u64(x.to_bits()));
    }

    fn block(&mut self, b: &Block) {
        let Block {
            text,
            raw_start,
            raw_end,
            removed,
            role,
            lang,
            key_hash,
        } = b;
        self.str(text);
        self.usize(*raw_start);
        self.usize(*raw_end);
        self.opt(removed.as_ref(), Enc::removal);
        match role {
            Role::Body => self.u8(0),
            Role::Heading(level) => {
                self.u8(1);
                self.u8(*level);
            }
            Role::HeadingNumber => self.u8(2),
        }
        self.opt_str(lang.as_deref());
        self.opt(key_hash.get(), |e, h| {
            e.0.extend_from_slice(&h.to_le_bytes());
        });
    }

    fn section(&mut self, s: &Section) {
        let Section {
            heading,
            level,
            heading_blocks,
            body_blocks,
        } = s;
        self.opt_str(heading.as_deref());
        self.u8(*level);
        self.list(heading_blocks, |e, n| e.usize(*n));
        self.list(body_blocks, |e, n| e.usize(*n));
    }

    fn doc(&mut self, doc: &Document) {
        let Document {
            doc_id,
            source,
            record,
            record_id,
            url,
            title,
            title_from_record,
            lang,
            encoding,
            decode_errors,
            metadata,
            raw,
            raw_chars,
            blocks,
            attributions,
            date,
            fields,
            sections,
            dropped,
            cluster_size,
            signature,
        } = doc;
        self.str(doc_id);
        self.str(source);
        self.u64(*record);
        self.opt_str(record_id.as_deref());
        self.opt_str(url.as_deref());
        self.opt_str(title.as_deref());
        self.bool(*title_from_record);
        self.opt_str(lang.as_deref());
        self.str(encoding);
        self.usize(*decode_errors);
        self.opt_str(metadata.as_deref());
        self.str(raw);
        self.usize(*raw_chars);
        self.list(blocks, Enc::block);
        self.list(attributions, |e, s| e.str(s));
        self.opt_str(date.as_deref());
        self.list(fields, |e, (label, value)| {
            e.str(label);
            e.opt_str(value.as_deref());
        });
        self.list(sections, Enc::section);
        self.opt(dropped.as_ref(), Enc::removal);
        self.u64(*cluster_size);
        self.opt(signature.get(), |e, (kept, values)| {
            e.usize(*kept);
            e.opt(values.as_ref(), |e, v: &Vec<u32>| {
                e.list(v, |e, x| e.u64(u64::from(*x)));
            });
        });
    }

    fn input_error(&mut self, error: &InputError) {
        let InputError {
            source,
            record,
            kind,
            message,
        } = error;
        self.str(source);
        self.opt(record.as_ref(), |e, n| e.u64(*n));
        self.str(kind);
        self.str(message);
    }
}

/// Reads what `Enc` wrote; `None` when the bytes end early or are not
/// what was written.
struct Dec<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Dec<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let bytes = self.buf.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        let len = self.usize()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }

    fn opt<T>(&mut self, get: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.bool()? {
            get(self).map(Some)
        } else {
            Some(None)
        }
    }

    fn opt_string(&mut self) -> Option<Option<String>> {
        self.opt(Dec::string)
    }

    fn list<T>(&mut self, get: impl Fn(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let len = self.usize()?;
        // Every item takes at least a byte: a corrupt length cannot make a
        // huge allocation.
        let mut items = Vec::with_capacity(len.min(self.buf.len() - self.at));
        for _ in 0..len {
            items.push(get(self)?);
        }
        Some(items)
    }

    fn removal(&mut self) -> Option<Removal> {
        Some(Removal {
            reason: self.string()?,
            kind: self.string()?,
            detail: self.opt_string()?,
            similarity: self.opt(|d| d.u64().map(f64::from_bits))?,
        })
    }

    fn block(&mut self) -> Option<Block> {
        let text = self.string()?;
        let (raw_start, raw_end) = (self.usize()?, self.usize()?);
        let removed = self.opt(Dec::removal)?;
        let role = match self.u8()? {
            0 => Role::Body,
            1 => Role::Heading(self.u8()?),
            2 => Role::HeadingNumber,
            _ => return None,
        };
        let lang = self.opt_string()?;
        let key_hash = OnceLock::new();
        if let Some(h) = self.opt(|d| Some(u128::from_le_bytes(d.take(16)?.try_into().ok()?)))? {
            key_hash.set(h).expect("a new cell is empty");
        }
        Some(Block {
            text,
            raw_start,
            raw_end,
            removed,
            role,
            lang,
            key_hash,
        })
    }

    fn section(&mut self) -> Option<Section> {
        Some(Section {
            heading: self.opt_string()?,
            level: self.u8()?,
            heading_blocks: self.list(Dec::usize)?,
            body_blocks: self.list(Dec::usize)?,
        })
    }

    fn doc(&mut self) -> Option<Document> {
        Some(Document {
            doc_id: self.string()?,
            source: self.string()?,
            record: self.u64()?,
            record_id: self.opt_string()?,
            url: self.opt_string()?,
            title: self.opt_string()?,
            title_from_record: self.bool()?,
            lang: self.opt_string()?,
            encoding: self.string()?,
            decode_errors: self.usize()?,
            metadata: self.opt_string()?,
            raw: self.string()?,
            raw_chars: self.usize()?,
            blocks: self.list(Dec::block)?,
            attributions: self.list(Dec::string)?,
            date: self.opt_string()?,
            fields: self.list(|d| Some((d.string()?, d.opt_string()?)))?,
            sections: self.list(Dec::section)?,
            dropped: self.opt(Dec::removal)?,
            cluster_size: self.u64()?,
            signature: {
                let cell = OnceLock::new();
                let u32_of = |d: &mut Self| u32::try_from(d.u64()?).ok();
                if let Some(cached) =
                    self.opt(|d| Some((d.usize()?, d.opt(|d| d.list(u32_of))?)))?
                {
                    cell.set(cached).expect("a new cell is empty");
                }
                cell
            },
        })
    }

    fn input_error(&mut self) -> Option<InputError> {
        Some(InputError {
            source: self.string()?,
            record: self.opt(Dec::u64)?,
            kind: self.string()?,
            message: self.string()?,
        })
    }

    /// One item, which must take the whole buffer.
    fn flow(mut self) -> Option<Flow<Vec<Document>>> {
        let flow = match self.u8()? {
            0 => Flow::Docs(self.list(Dec::doc)?),
            1 => Flow::Error(self.input_error()?, self.bool()?),
            _ => return None,
        };
        (self.at == self.buf.len()).then_some(flow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with every field set to something other than its default.
    fn full_doc() -> Document {
        let mut doc = Document::new("a/b.jsonl", 7, "Title\n\nBody text.".into(), "gbk");
        doc.record_id = Some("r7".into());
        doc.url = Some("https://example.org/x".into());
        doc.title = Some("Title".into());
        doc.title_from_record = true;
        doc.lang = Some("en".into());
        doc.decode_errors = 2;
        doc.metadata = Some("{\"k\":1}".into());
        let mut heading = Block::new("Title".into(), 0, 5);
        heading.role = Role::Heading(2);
        heading.removed = Some(
            Removal::new("dedup.near_document", "near_duplicate")
                .with_detail("x#1")
                .with_similarity(0.1 + 0.2),
        );
        heading.lang = Some("de".into());
        let mut number = Block::new("01".into(), 5, 7);
        number.role = Role::HeadingNumber;
        let body = Block::new("Body text.".into(), 7, 17);
        body.key_hash.set(u128::MAX - 3).unwrap();
        doc.blocks = vec![heading, number, body];
        doc.attributions = vec!["Source: Ferry Times".into()];
        doc.date = Some("2024-05-02".into());
        doc.fields = vec![("Type".into(), Some("Policy".into())), ("Web".into(), None)];
        doc.sections = vec![Section {
            heading: Some("Title".into()),
            level: 2,
            heading_blocks: vec![0, 1],
            body_blocks: vec![2],
        }];
        doc.dropped = Some(Removal::new("doc.empty", "empty"));
        doc.cluster_size = 3;
        doc.signature.set((2, Some(vec![7, u32::MAX]))).unwrap();
        doc
    }

    #[test]
    fn items_come_back_as_written_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::create(&dir.path().join("spool")).unwrap();
        let error = InputError::new("c.csv", Some(4), "bad_row", "row 4 has 3 fields");
        let plain = Document::new("c.txt", 1, String::new(), "utf-8");
        spool.write(&Flow::Docs(vec![full_doc(), plain])).unwrap();
        spool.write(&Flow::Error(error.clone(), true)).unwrap();
        spool.write(&Flow::Docs(Vec::new())).unwrap();
        let mut back = Vec::new();
        spool
            .replay(|flow| {
                back.push(flow);
                true
            })
            .unwrap();
        assert_eq!(back.len(), 3);
        let Flow::Docs(docs) = &back[0] else {
            panic!("a batch first")
        };
        // Debug shows every field, the key hash cell's content included.
        assert_eq!(format!("{:?}", docs[0]), format!("{:?}", full_doc()));
        assert_eq!(docs[1].source, "c.txt");
        assert!(matches!(&back[1], Flow::Error(e, true) if *e == error));
        assert!(matches!(&back[2], Flow::Docs(d) if d.is_empty()));
        assert!(
            !dir.path().join("spool").exists(),
            "the file goes after replay"
        );
    }

    #[test]
    fn a_truncated_item_is_an_error_not_a_panic() {
        let mut e = Enc(Vec::new());
        e.u8(0);
        e.usize(1);
        e.doc(&full_doc());
        for cut in [1, 9, e.0.len() / 2, e.0.len() - 1] {
            assert!(
                Dec {
                    buf: &e.0[..cut],
                    at: 0
                }
                .flow()
                .is_none(),
                "cut at {cut}"
            );
        }
        assert!(Dec { buf: &e.0, at: 0 }.flow().is_some());
    }
}
