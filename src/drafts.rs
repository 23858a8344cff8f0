//! Drafts that are never lost (issue 4): the stored envelope, its migrations, the draft store
//! over any key-value storage, quarantine of what cannot be read, conflict detection between
//! tabs, and import validation. Pure Rust: the browser's localStorage is one [`Storage`]
//! implementation (in `app::storage`, the only module that touches it); tests use
//! [`MemoryStorage`], which can also play a full quota or an unavailable storage.
//!
//! Rules (from what Excalidraw and tldraw users lost):
//! - every key starts with [`PREFIX`], unique to ziping, since the origin may be a shared portal;
//! - nothing is written before the initial load has finished ([`DraftStore::open`] is the
//!   only way to get a store), and a value that could not be read is never overwritten: it is
//!   moved to a quarantine key, or left where it is when even that fails;
//! - every save carries a revision; a save whose base revision is older than what is stored
//!   (another tab saved meanwhile) is refused with [`SaveError::Conflict`], never applied
//!   silently;
//! - a full quota or an unavailable storage is reported as such, so the app can keep the
//!   form in memory, say so, and retry.

use crate::engine;
use crate::model::{Form, ReadError};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Every key ziping writes starts with this.
pub const PREFIX: &str = "ziping:";
/// Key prefix of a draft: `ziping:draft:<id>`.
pub const DRAFT_PREFIX: &str = "ziping:draft:";
/// Key prefix of a quarantined value: `ziping:quarantine:<original key>@<time>`.
pub const QUARANTINE_PREFIX: &str = "ziping:quarantine:";
/// Key of the id of the draft opened last.
pub const LAST_KEY: &str = "ziping:last";

/// The current envelope schema.
pub const ENVELOPE_SCHEMA: &str = "ziping.draft/1";

/// The largest file that import accepts (a 300-row form is about 100 KB).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Storage

/// Why a storage operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The quota is full (QuotaExceededError, NS_ERROR_DOM_QUOTA_REACHED, code 22 or 1014).
    Quota,
    /// No storage at all: a sandboxed iframe, privacy mode, storage disabled.
    Unavailable(String),
    /// Anything else the browser said.
    Other(String),
}

impl StoreError {
    /// Classifies a browser storage exception by its name, legacy code and message, as every
    /// browser words it: Chrome/Safari `QuotaExceededError` (code 22), Firefox
    /// `NS_ERROR_DOM_QUOTA_REACHED` (code 1014), old Safari private mode (code 22, empty quota),
    /// and `SecurityError` for storage that is not allowed at all.
    pub fn from_js(name: &str, code: Option<u32>, message: &str) -> StoreError {
        let lower = message.to_ascii_lowercase();
        if name == "QuotaExceededError"
            || name == "NS_ERROR_DOM_QUOTA_REACHED"
            || matches!(code, Some(22) | Some(1014))
            || lower.contains("quota")
        {
            StoreError::Quota
        } else if name == "SecurityError"
            || code == Some(18)
            || lower.contains("access is denied")
            || lower.contains("not available")
        {
            StoreError::Unavailable(format!("{}: {}", name, message))
        } else {
            StoreError::Other(format!("{}: {}", name, message))
        }
    }

    /// What the banner says, in Chinese.
    pub fn message(&self) -> String {
        match self {
            StoreError::Quota => {
                "浏览器存储空间已满，最近的修改只保存在当前页面中。请先“导出 JSON”备份，再删除不需要的草稿。".into()
            }
            StoreError::Unavailable(_) => {
                "此浏览器（或嵌入的页面）不允许本地保存，修改只保存在当前页面中。请用“导出 JSON”保存。".into()
            }
            StoreError::Other(e) => format!("保存失败（{}），修改只保存在当前页面中。请用“导出 JSON”备份。", e),
        }
    }
}

/// A key-value storage such as the browser's localStorage.
pub trait Storage {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// An in-memory storage for tests: an optional quota in bytes (UTF-16 code units × 2, as
/// browsers count), and a switch that makes it unavailable.
#[derive(Debug, Clone, Default)]
pub struct MemoryStorage {
    pub items: BTreeMap<String, String>,
    pub quota_bytes: Option<usize>,
    pub unavailable: bool,
}

impl MemoryStorage {
    fn used_bytes(&self) -> usize {
        self.items.iter().map(|(k, v)| (k.encode_utf16().count() + v.encode_utf16().count()) * 2).sum()
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable("test".into()));
        }
        Ok(self.items.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable("test".into()));
        }
        if let Some(q) = self.quota_bytes {
            let old =
                self.items.get(key).map(|v| (key.encode_utf16().count() + v.encode_utf16().count()) * 2).unwrap_or(0);
            let new = (key.encode_utf16().count() + value.encode_utf16().count()) * 2;
            if self.used_bytes() - old + new > q {
                return Err(StoreError::Quota);
            }
        }
        self.items.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable("test".into()));
        }
        self.items.remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        if self.unavailable {
            return Err(StoreError::Unavailable("test".into()));
        }
        Ok(self.items.keys().cloned().collect())
    }
}

// ---------------------------------------------------------------------------------------------
// The envelope

/// A stored draft: the form plus what is needed to never lose it. Stored as one JSON object,
/// `{"schema":"ziping.draft/1","app_version":…,"id":…,"name":…,"revision":…,"saved_at":…,"form":{…}}`
/// (the `schema` tag is the struct's serde name: [`ENVELOPE_SCHEMA`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "schema", rename = "ziping.draft/1")]
pub struct Envelope {
    /// The app version that wrote it.
    #[serde(default, deserialize_with = "lenient_text")]
    pub app_version: String,
    pub id: String,
    /// The draft's name in the list (defaults to the project name).
    #[serde(default, deserialize_with = "lenient_text")]
    pub name: String,
    /// Incremented on every save; tells a newer save from another tab.
    pub revision: u64,
    /// ISO 8601 time of the save, as given by the caller (the browser's clock).
    #[serde(default, deserialize_with = "lenient_text")]
    pub saved_at: String,
    #[serde(deserialize_with = "stored_form")]
    pub form: Form,
}

/// A text field of the envelope that is only informative: anything but a string reads as empty.
fn lenient_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => s,
        _ => String::new(),
    })
}

/// The form inside an envelope, read (and migrated) as an imported form is.
fn stored_form<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Form, D::Error> {
    Form::from_json_value(Value::deserialize(d)?).map_err(|e| serde::de::Error::custom(format!("表格无法读取：{}", e)))
}

/// Why a stored value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredError {
    pub message: String,
}

/// Stored envelope schemas and how to bring them forward, one step each; reading applies them
/// in a chain. Only one schema so far: `ziping.draft/2` adds `("ziping.draft/1", f)` here and a
/// golden fixture of the old shape in `tests/fixtures/drafts/`.
type EnvelopeMigration = fn(&mut Map<String, Value>) -> Result<(), String>;
const ENVELOPE_MIGRATIONS: &[(&str, &str, EnvelopeMigration)] = &[];

impl Envelope {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an envelope is plain data")
    }

    /// Reads a stored envelope, migrating older envelope and form schemas.
    pub fn from_json(text: &str) -> Result<Envelope, StoredError> {
        let bad = |m: String| StoredError { message: m };
        let v: Value = serde_json::from_str(text)
            .map_err(|e| bad(format!("不是有效的 JSON（第 {} 行第 {} 列）", e.line(), e.column())))?;
        let Value::Object(mut o) = v else { return Err(bad("不是草稿对象".into())) };
        let mut schema = o.get("schema").and_then(Value::as_str).unwrap_or("").to_string();
        let mut steps = 0;
        while schema != ENVELOPE_SCHEMA {
            let Some((_, to, f)) = ENVELOPE_MIGRATIONS.iter().find(|(from, _, _)| *from == schema) else {
                return Err(bad(format!("不认识的草稿格式“{}”", schema)));
            };
            f(&mut o).map_err(bad)?;
            schema = to.to_string();
            steps += 1;
            if steps > 64 {
                return Err(bad("草稿格式迁移未能完成".into()));
            }
        }
        // What a draft cannot do without, each with its own message.
        if !o.contains_key("form") {
            return Err(bad("草稿中没有表格".into()));
        }
        if o.get("id").and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(bad("草稿缺少编号".into()));
        }
        if o.get("revision").and_then(Value::as_u64).is_none() {
            return Err(bad("草稿缺少版本号".into()));
        }
        let unnamed = !o.get("name").is_some_and(Value::is_string);
        o.insert("schema".into(), ENVELOPE_SCHEMA.into());
        let mut env = Envelope::deserialize(Value::Object(o)).map_err(|e| bad(e.to_string()))?;
        if unnamed {
            env.name = env.form.project.clone();
        }
        Ok(env)
    }

    pub fn key(&self) -> String {
        draft_key(&self.id)
    }
}

pub fn draft_key(id: &str) -> String {
    format!("{}{}", DRAFT_PREFIX, id)
}

/// What the drafts list shows of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSummary {
    pub id: String,
    pub name: String,
    pub project: String,
    pub year: String,
    pub implementer: String,
    pub total: Option<String>,
    pub grade: Option<String>,
    pub complete: bool,
    pub saved_at: String,
    pub revision: u64,
}

impl DraftSummary {
    pub fn of(e: &Envelope) -> DraftSummary {
        let r = engine::score(&e.form);
        DraftSummary {
            id: e.id.clone(),
            name: e.name.clone(),
            project: e.form.project.clone(),
            year: e.form.year.clone(),
            implementer: e.form.implementer.clone(),
            total: r.total,
            grade: r.grade,
            complete: r.complete,
            saved_at: e.saved_at.clone(),
            revision: e.revision,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The store

/// A value that could not be read, kept aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    /// Where it was found.
    pub original_key: String,
    /// Where it is kept now (equal to `original_key` when it could not be moved).
    pub key: String,
    /// Why it could not be read.
    pub reason: String,
    /// The value exactly as stored, for the user to download.
    pub raw: String,
}

/// What opening the store found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoadReport {
    pub quarantined: Vec<Quarantined>,
    /// The storage could not be used at all (the app works in memory).
    pub unavailable: Option<StoreError>,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// Another tab saved a newer revision; nothing was written. The caller lets the user
    /// choose: keep theirs (reload) or keep mine ([`DraftStore::save_over`]).
    Conflict { theirs: Box<Envelope> },
    /// The stored value is unreadable and was not overwritten; it is in quarantine now.
    Unreadable(Quarantined),
    /// The storage refused: quota or unavailable. The form is still in memory.
    Storage(StoreError),
}

/// The drafts in a [`Storage`].
pub struct DraftStore<S: Storage> {
    storage: S,
    /// Revision of each draft as this store last read or wrote it.
    known: ById<u64>,
    /// The exact text this store last wrote for each draft, with its revision: when the stored
    /// value is still that text, a save need not parse it again (autosave of a 300-row form
    /// stays well under 5 ms). Any other text is parsed and checked in full.
    written: ById<(u64, String)>,
}

/// A value per draft id. A browser holds a few dozen drafts at most, so a list is enough (and
/// keeps `BTreeMap`'s code, about 3 KB compressed, out of the browser bundle).
struct ById<V>(Vec<(String, V)>);

impl<V> ById<V> {
    fn get(&self, id: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }

    fn insert(&mut self, id: String, value: V) {
        self.remove(&id);
        self.0.push((id, value));
    }

    fn remove(&mut self, id: &str) {
        self.0.retain(|(k, _)| k != id);
    }
}

impl<S: Storage> DraftStore<S> {
    /// Opens the store: reads every draft once, quarantining what cannot be read. Only after
    /// this is anything written.
    pub fn open(storage: S, now: &str) -> (DraftStore<S>, Vec<Envelope>, LoadReport) {
        let mut store = DraftStore { storage, known: ById(Vec::new()), written: ById(Vec::new()) };
        let mut report = LoadReport::default();
        let keys = match store.storage.keys() {
            Ok(k) => k,
            Err(e) => {
                report.unavailable = Some(e);
                return (store, Vec::new(), report);
            }
        };
        let mut drafts = Vec::new();
        for key in keys.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
            let raw = match store.storage.get(key) {
                Ok(Some(raw)) => raw,
                Ok(None) => continue,
                Err(e) => {
                    report.unavailable = Some(e);
                    continue;
                }
            };
            match Envelope::from_json(&raw) {
                Ok(env) if env.key() == *key => {
                    store.known.insert(env.id.clone(), env.revision);
                    drafts.push(env);
                }
                Ok(_) => report.quarantined.push(store.quarantine(key, raw, "草稿编号与存储位置不一致".into(), now)),
                Err(e) => report.quarantined.push(store.quarantine(key, raw, e.message, now)),
            }
        }
        for key in keys.iter().filter(|k| k.starts_with(QUARANTINE_PREFIX)) {
            if let Ok(Some(raw)) = store.storage.get(key) {
                if !report.quarantined.iter().any(|q| q.key == *key) {
                    let original =
                        key[QUARANTINE_PREFIX.len()..].rsplit_once('@').map(|(k, _)| k.to_string()).unwrap_or_default();
                    report.quarantined.push(Quarantined {
                        original_key: original,
                        key: key.clone(),
                        reason: "此前无法读取".into(),
                        raw,
                    });
                }
            }
        }
        drafts.sort_by(|a, b| b.saved_at.cmp(&a.saved_at));
        (store, drafts, report)
    }

    /// Moves an unreadable value aside. When the copy cannot be written (quota), the value is
    /// left where it is, untouched.
    fn quarantine(&mut self, key: &str, raw: String, reason: String, now: &str) -> Quarantined {
        let qkey = format!("{}{}@{}", QUARANTINE_PREFIX, key, now);
        let moved = self.storage.set(&qkey, &raw).is_ok() && self.storage.remove(key).is_ok();
        Quarantined { original_key: key.to_string(), key: if moved { qkey } else { key.to_string() }, reason, raw }
    }

    /// Saves `form` as draft `id` on top of `base_revision` (the revision the editor started
    /// from; 0 for a new draft). Returns the stored envelope.
    pub fn save(
        &mut self,
        id: &str,
        name: &str,
        form: &Form,
        base_revision: u64,
        now: &str,
    ) -> Result<Envelope, SaveError> {
        let key = draft_key(id);
        let stored = self.storage.get(&key).map_err(SaveError::Storage)?;
        let stored_revision =
            match stored {
                None => 0,
                Some(raw) if self.written.get(id).is_some_and(|(_, w)| *w == raw) => {
                    let rev = self.written.get(id).map_or(0, |(r, _)| *r);
                    if rev > base_revision {
                        // Our own later save, which the caller does not know of: still a conflict.
                        return Err(SaveError::Conflict {
                            theirs: Box::new(Envelope::from_json(&raw).map_err(|e| {
                                SaveError::Unreadable(self.quarantine(&key, raw.clone(), e.message, now))
                            })?),
                        });
                    }
                    rev
                }
                Some(raw) => match Envelope::from_json(&raw) {
                    Ok(theirs) => {
                        if theirs.revision > base_revision {
                            return Err(SaveError::Conflict { theirs: Box::new(theirs) });
                        }
                        theirs.revision
                    }
                    Err(e) => return Err(SaveError::Unreadable(self.quarantine(&key, raw, e.message, now))),
                },
            };
        self.write(id, name, form, stored_revision.max(base_revision) + 1, now)
    }

    /// Saves over whatever is stored (the user chose "keep mine" after a conflict).
    pub fn save_over(&mut self, id: &str, name: &str, form: &Form, now: &str) -> Result<Envelope, SaveError> {
        let key = draft_key(id);
        let stored_revision = match self.storage.get(&key).map_err(SaveError::Storage)? {
            Some(raw) => match Envelope::from_json(&raw) {
                Ok(e) => e.revision,
                Err(e) => return Err(SaveError::Unreadable(self.quarantine(&key, raw, e.message, now))),
            },
            None => 0,
        };
        let base = self.known.get(id).copied().unwrap_or(0).max(stored_revision);
        self.write(id, name, form, base + 1, now)
    }

    fn write(&mut self, id: &str, name: &str, form: &Form, revision: u64, now: &str) -> Result<Envelope, SaveError> {
        let env = Envelope {
            id: id.to_string(),
            name: name.to_string(),
            revision,
            saved_at: now.to_string(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            form: form.clone(),
        };
        let text = env.to_json();
        self.storage.set(&env.key(), &text).map_err(SaveError::Storage)?;
        self.known.insert(id.to_string(), revision);
        self.written.insert(id.to_string(), (revision, text));
        Ok(env)
    }

    /// Reads one draft as stored now (after a storage event from another tab).
    pub fn read(&self, id: &str) -> Result<Option<Envelope>, StoredError> {
        match self.storage.get(&draft_key(id)) {
            Ok(Some(raw)) => Envelope::from_json(&raw).map(Some),
            Ok(None) => Ok(None),
            Err(e) => Err(StoredError { message: e.message() }),
        }
    }

    /// Deletes a draft; returns it so that the caller can offer undo ([`DraftStore::restore`]).
    pub fn delete(&mut self, id: &str) -> Result<Option<Envelope>, StoreError> {
        let key = draft_key(id);
        let existing = self.storage.get(&key)?.and_then(|raw| Envelope::from_json(&raw).ok());
        self.storage.remove(&key)?;
        self.known.remove(id);
        self.written.remove(id);
        Ok(existing)
    }

    /// Puts a deleted draft back exactly as it was.
    pub fn restore(&mut self, env: &Envelope) -> Result<(), StoreError> {
        let text = env.to_json();
        self.storage.set(&env.key(), &text)?;
        self.known.insert(env.id.clone(), env.revision);
        self.written.insert(env.id.clone(), (env.revision, text));
        Ok(())
    }

    /// Every readable draft as stored now, newest first (for the drafts list). Unreadable values
    /// are skipped here; the next [`DraftStore::open`] quarantines them.
    pub fn all(&self) -> Result<Vec<Envelope>, StoreError> {
        let mut out = Vec::new();
        for key in self.storage.keys()?.iter().filter(|k| k.starts_with(DRAFT_PREFIX)) {
            if let Some(env) = self.storage.get(key)?.and_then(|raw| Envelope::from_json(&raw).ok()) {
                if env.key() == *key {
                    out.push(env);
                }
            }
        }
        out.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// Removes a quarantined value (after the user downloaded or dismissed it).
    pub fn discard_quarantined(&mut self, key: &str) -> Result<(), StoreError> {
        if key.starts_with(QUARANTINE_PREFIX) {
            self.storage.remove(key)?;
        }
        Ok(())
    }

    pub fn last_opened(&self) -> Option<String> {
        self.storage.get(LAST_KEY).ok().flatten()
    }

    pub fn set_last_opened(&mut self, id: &str) -> Result<(), StoreError> {
        self.storage.set(LAST_KEY, id)
    }

    pub fn storage(&self) -> &S {
        &self.storage
    }

    pub fn storage_mut(&mut self) -> &mut S {
        &mut self.storage
    }
}

// ---------------------------------------------------------------------------------------------
// The editing session: which draft this tab edits, and whether it is safely stored

/// A new draft id: the time in base 36 and a random suffix (`random` in `[0, 1)`), so that two
/// tabs creating a draft in the same millisecond still differ.
pub fn new_draft_id(millis: f64, random: f64) -> String {
    fn base36(mut n: u64, min: usize) -> String {
        let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
        let mut out = Vec::new();
        while n > 0 || out.len() < min {
            out.push(digits[(n % 36) as usize]);
            n /= 36;
        }
        out.reverse();
        String::from_utf8(out).expect("ascii")
    }
    let t = if millis.is_finite() && millis > 0.0 { millis as u64 } else { 0 };
    let r = (random.clamp(0.0, 1.0) * 2_176_782_336.0) as u64; // 36^6
    format!("{}-{}", base36(t, 1), base36(r.min(2_176_782_335), 6))
}

/// What the save status says (`data-testid="save-status"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A new draft nobody has typed into yet: nothing to store.
    New,
    /// Edits wait for the pause in typing, or are being written.
    Pending,
    /// Everything is stored; the ISO time of the last save (or load).
    Saved(String),
    /// Not stored, and why (in Chinese).
    Unsaved(String),
}

/// What a storage event from another tab meant for this tab.
#[derive(Debug, Clone, PartialEq)]
pub enum External {
    /// Nothing this tab has to act on.
    Nothing,
    /// This tab had no unsaved edits and took the other tab's newer version: show it.
    Reloaded(Box<Form>),
    /// This tab has unsaved edits and the other tab saved a newer version: the user chooses.
    Conflict,
}

/// The draft a tab edits, over a [`DraftStore`] (or none, when storage is unavailable: the
/// form then lives in memory only, and [`Session::attach`] retries later).
pub struct Session<S: Storage> {
    store: Option<DraftStore<S>>,
    /// The current draft.
    pub id: String,
    /// Its name in the list (empty: the project name is shown).
    pub name: String,
    /// The stored revision this tab's form is based on (0: never stored).
    pub base: u64,
    /// The form as last stored or loaded: the form differs from it when there are unsaved edits.
    saved: Form,
    /// The name changed and is not stored yet.
    name_dirty: bool,
    /// When the current draft was last stored (ISO).
    pub saved_at: Option<String>,
    /// Why the last write failed; cleared by the next write that succeeds.
    pub problem: Option<StoreError>,
    /// Another tab's newer version, while the user has not chosen.
    pub conflict: Option<Box<Envelope>>,
    /// Values that could not be read, kept aside.
    pub quarantined: Vec<Quarantined>,
}

impl<S: Storage> Session<S> {
    /// Starts: loads every draft (nothing is written before this), then reopens the last draft
    /// opened, else the newest; with none (or with `fresh_first`, e.g. `?demo=N`) the `fresh`
    /// form becomes a new draft `new_id`, stored at its first edit. Returns the form to edit.
    pub fn start(
        storage: Result<S, StoreError>,
        now: &str,
        new_id: String,
        fresh: Form,
        fresh_first: bool,
    ) -> (Session<S>, Form) {
        let mut s = Session {
            store: None,
            id: new_id,
            name: String::new(),
            base: 0,
            saved: fresh.clone(),
            name_dirty: false,
            saved_at: None,
            problem: None,
            conflict: None,
            quarantined: Vec::new(),
        };
        let storage = match storage {
            Ok(st) => st,
            Err(e) => {
                s.problem = Some(e);
                return (s, fresh);
            }
        };
        let (store, drafts, report) = DraftStore::open(storage, now);
        s.quarantined = report.quarantined;
        if let Some(e) = report.unavailable {
            s.problem = Some(e);
        }
        let last = store.last_opened();
        s.store = Some(store);
        if fresh_first {
            return (s, fresh);
        }
        let pick = last.and_then(|id| drafts.iter().position(|d| d.id == id)).or(if drafts.is_empty() {
            None
        } else {
            Some(0)
        });
        match pick {
            Some(i) => {
                let env = drafts.into_iter().nth(i).expect("picked from the list");
                let form = env.form.clone();
                s.take(env);
                (s, form)
            }
            None => (s, fresh),
        }
    }

    /// Makes `env` the current draft, as stored.
    fn take(&mut self, env: Envelope) {
        self.id = env.id;
        self.name = env.name;
        self.base = env.revision;
        self.saved = env.form;
        self.saved_at = Some(env.saved_at);
        self.name_dirty = false;
        self.conflict = None;
    }

    /// Retries a storage that was unavailable at start: loads it (quarantining what it cannot
    /// read) without touching the current draft, which is saved at the next [`Session::save`].
    pub fn attach(&mut self, storage: Result<S, StoreError>, now: &str) {
        if self.store.is_some() {
            return;
        }
        match storage {
            Ok(st) => {
                let (store, _, report) = DraftStore::open(st, now);
                self.quarantined.extend(report.quarantined);
                if report.unavailable.is_none() {
                    self.store = Some(store);
                }
            }
            Err(e) => self.problem = Some(e),
        }
    }

    pub fn has_store(&self) -> bool {
        self.store.is_some()
    }

    pub fn store(&self) -> Option<&DraftStore<S>> {
        self.store.as_ref()
    }

    pub fn store_mut(&mut self) -> Option<&mut DraftStore<S>> {
        self.store.as_mut()
    }

    /// `form` has edits that are not stored.
    pub fn is_dirty(&self, form: &Form) -> bool {
        self.name_dirty || *form != self.saved
    }

    /// The status to show for `form`.
    pub fn status(&self, form: &Form) -> Status {
        if self.conflict.is_some() || self.is_dirty(form) {
            return self.status_when_edited();
        }
        match &self.saved_at {
            Some(t) if self.base > 0 => Status::Saved(t.clone()),
            _ => Status::New,
        }
    }

    /// The status right after an edit, before it is stored (no form comparison: cheap enough
    /// for every keystroke).
    pub fn status_when_edited(&self) -> Status {
        if self.conflict.is_some() {
            return Status::Unsaved("另一个标签页保存了此草稿的较新版本，请选择保留哪一份".into());
        }
        match &self.problem {
            Some(StoreError::Quota) => Status::Unsaved("浏览器存储空间已满".into()),
            Some(StoreError::Unavailable(_)) => Status::Unsaved("浏览器不允许本地保存".into()),
            Some(StoreError::Other(e)) => Status::Unsaved(format!("保存失败：{}", e)),
            None => Status::Pending,
        }
    }

    /// Stores `form` as the current draft when it has unsaved edits. Never overwrites another
    /// tab's newer save (that becomes [`Session::conflict`]) nor an unreadable value (moved to
    /// quarantine first); a storage failure is kept in [`Session::problem`] and retried by the
    /// next call. Returns the status after the attempt.
    pub fn save(&mut self, form: &Form, now: &str) -> Status {
        if self.conflict.is_none() && self.is_dirty(form) {
            self.write(form, now);
        }
        self.status(form)
    }

    fn write(&mut self, form: &Form, now: &str) {
        let Some(store) = self.store.as_mut() else {
            if self.problem.is_none() {
                self.problem = Some(StoreError::Unavailable("无法使用本地存储".into()));
            }
            return;
        };
        for _ in 0..2 {
            match store.save(&self.id, &self.name, form, self.base, now) {
                Ok(env) => {
                    self.base = env.revision;
                    self.saved = form.clone();
                    self.saved_at = Some(env.saved_at);
                    self.name_dirty = false;
                    self.problem = None;
                    let _ = store.set_last_opened(&self.id);
                    return;
                }
                Err(SaveError::Conflict { theirs }) => {
                    self.conflict = Some(theirs);
                    return;
                }
                Err(SaveError::Unreadable(q)) => {
                    let moved = q.key != q.original_key;
                    self.quarantined.push(q);
                    if !moved {
                        self.problem = Some(StoreError::Other("已存储的草稿无法读取，为免覆盖未写入".into()));
                        return;
                    }
                    // Moved aside: the key is free now, try once more.
                }
                Err(SaveError::Storage(e)) => {
                    self.problem = Some(e);
                    return;
                }
            }
        }
    }

    /// Another tab changed the storage (a `storage` event for the current draft's key).
    pub fn external_change(&mut self, form: &Form) -> External {
        let Some(store) = self.store.as_ref() else { return External::Nothing };
        let theirs = match store.read(&self.id) {
            Ok(Some(env)) if env.revision > self.base => env,
            _ => return External::Nothing,
        };
        if self.is_dirty(form) {
            self.conflict = Some(Box::new(theirs));
            External::Conflict
        } else {
            let form = theirs.form.clone();
            self.take(theirs);
            External::Reloaded(Box::new(form))
        }
    }

    /// After a conflict, the user keeps the other tab's version: returns the form to show.
    pub fn keep_theirs(&mut self) -> Option<Form> {
        let theirs = *self.conflict.take()?;
        let form = theirs.form.clone();
        self.take(theirs);
        Some(form)
    }

    /// After a conflict, the user keeps this tab's version: it is stored over the other one.
    pub fn keep_mine(&mut self, form: &Form, now: &str) -> Status {
        if self.conflict.is_none() {
            return self.save(form, now);
        }
        let Some(store) = self.store.as_mut() else { return self.status(form) };
        match store.save_over(&self.id, &self.name, form, now) {
            Ok(env) => {
                self.conflict = None;
                self.base = env.revision;
                self.saved = form.clone();
                self.saved_at = Some(env.saved_at);
                self.name_dirty = false;
                self.problem = None;
            }
            Err(SaveError::Storage(e)) => self.problem = Some(e),
            Err(SaveError::Unreadable(q)) => self.quarantined.push(q),
            Err(SaveError::Conflict { theirs }) => self.conflict = Some(theirs),
        }
        self.status(form)
    }

    /// After a conflict, the user keeps both: this tab's version becomes a new draft `new_id`
    /// (stored at once), and the other tab's version is shown. Returns that form.
    pub fn keep_both(&mut self, form: &Form, new_id: &str, now: &str) -> Result<Form, String> {
        let store = self.store.as_mut().ok_or_else(|| "无法使用本地存储".to_string())?;
        let name = format!("{}（本页的修改）", crate::view_model::draft_name(&self.name, &form.project));
        store.save(new_id, &name, form, 0, now).map_err(|e| save_error_text(&e))?;
        self.keep_theirs().ok_or_else(|| "没有需要处理的冲突".to_string())
    }

    /// Every stored draft for the list, newest first, with the current draft's unsaved name.
    pub fn list(&self) -> Vec<DraftSummary> {
        let Some(store) = self.store.as_ref() else { return Vec::new() };
        store.all().unwrap_or_default().iter().map(DraftSummary::of).collect()
    }

    /// Switches to a new draft `id` holding `form` (a blank form, the example, an import).
    /// With `store_now` it is written at once (an import), otherwise at its first edit.
    /// The caller saves the current draft first.
    pub fn new_draft(&mut self, id: String, name: String, form: &Form, store_now: bool, now: &str) -> Status {
        self.id = id;
        self.name = name;
        self.base = 0;
        self.saved = form.clone();
        self.saved_at = None;
        self.name_dirty = store_now;
        self.conflict = None;
        self.save(form, now)
    }

    /// Opens a stored draft: returns its form, or why it cannot be opened. The caller saves
    /// the current draft first.
    pub fn open(&mut self, id: &str) -> Result<Form, String> {
        let store = self.store.as_mut().ok_or_else(|| "无法使用本地存储".to_string())?;
        match store.read(id) {
            Ok(Some(env)) => {
                let _ = store.set_last_opened(id);
                let form = env.form.clone();
                self.take(env);
                Ok(form)
            }
            Ok(None) => Err("此草稿已不存在（可能已在另一个标签页中删除）".into()),
            Err(e) => Err(format!("此草稿无法读取：{}", e.message)),
        }
    }

    /// Copies a stored draft as a new one named “…（副本）”; returns the copy.
    pub fn duplicate(&mut self, id: &str, new_id: &str, now: &str) -> Result<Envelope, String> {
        let store = self.store.as_mut().ok_or_else(|| "无法使用本地存储".to_string())?;
        let env = store.read(id).map_err(|e| e.message)?.ok_or_else(|| "此草稿已不存在".to_string())?;
        let name = format!("{}（副本）", crate::view_model::draft_name(&env.name, &env.form.project));
        store.save(new_id, &name, &env.form, 0, now).map_err(|e| save_error_text(&e))
    }

    /// Renames a draft. The current draft keeps its unsaved form and is stored with the new
    /// name by the next save (so its revision stays this tab's).
    pub fn rename(&mut self, id: &str, name: &str, form: &Form, now: &str) -> Result<(), String> {
        if id == self.id {
            self.name = name.to_string();
            self.name_dirty = true;
            self.save(form, now);
            return match &self.problem {
                Some(e) if self.name_dirty => Err(e.message()),
                _ => Ok(()),
            };
        }
        let store = self.store.as_mut().ok_or_else(|| "无法使用本地存储".to_string())?;
        let env = store.read(id).map_err(|e| e.message)?.ok_or_else(|| "此草稿已不存在".to_string())?;
        store.save(id, name, &env.form, env.revision, now).map(|_| ()).map_err(|e| save_error_text(&e))
    }

    /// Deletes a stored draft; returns it for undo ([`Session::restore`]). Deleting the current
    /// draft leaves the caller to open another one.
    pub fn delete(&mut self, id: &str) -> Result<Option<Envelope>, String> {
        let store = self.store.as_mut().ok_or_else(|| "无法使用本地存储".to_string())?;
        store.delete(id).map_err(|e| e.message())
    }

    pub fn restore(&mut self, env: &Envelope) -> Result<(), String> {
        let store = self.store.as_mut().ok_or_else(|| "无法使用本地存储".to_string())?;
        store.restore(env).map_err(|e| e.message())
    }

    /// Removes a quarantined value from storage and from the notice.
    pub fn discard_quarantined(&mut self, key: &str) {
        if let Some(store) = self.store.as_mut() {
            let _ = store.discard_quarantined(key);
        }
        self.quarantined.retain(|q| q.key != key);
    }
}

/// A failed save in one Chinese sentence.
pub fn save_error_text(e: &SaveError) -> String {
    match e {
        SaveError::Conflict { .. } => "另一个标签页保存了较新的版本".into(),
        SaveError::Unreadable(q) => format!("已存储的草稿无法读取（{}），已移到隔离区", q.reason),
        SaveError::Storage(e) => e.message(),
    }
}

// ---------------------------------------------------------------------------------------------
// Import and export

/// What an import will bring in, shown before it is opened as a new draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    pub project: String,
    pub year: String,
    pub total: Option<String>,
    pub grade: Option<String>,
    pub indicators: usize,
    pub form: Form,
}

/// Validates an imported file (picked, dropped or pasted). Nothing is stored here: the caller
/// opens the form as a new draft once the user confirms.
pub fn preview_import(text: &str) -> Result<ImportPreview, ReadError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ReadError {
            code: crate::result::IssueCode::InvalidForm,
            path: String::new(),
            message: format!(
                "文件过大（{} MB），自评表 JSON 不会超过 {} MB",
                fixed_decimals(text.len() as f64 / 1048576.0, 1),
                MAX_IMPORT_BYTES / 1048576
            ),
        });
    }
    let form = Form::from_json_str(text)?;
    let r = engine::score(&form);
    Ok(ImportPreview {
        project: form.project.clone(),
        year: form.year.clone(),
        total: r.total,
        grade: r.grade,
        indicators: form.indicators.iter().filter(|i| !i.is_placeholder()).count(),
        form,
    })
}

/// `x` with `decimals` (at most 9) digits after the point, exactly as `format!("{:.N}", x)`
/// writes it (the exact binary value, rounded half to even), without Rust's float formatter:
/// that formatter and its tables are about 5 KB of the compressed browser bundle, and the app
/// only ever prints a file size and a duration.
pub fn fixed_decimals(x: f64, decimals: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let mut out = String::from(if x.is_sign_negative() { "-" } else { "" });
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    // |x| = m · 2^e exactly.
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    // Below 2^83: m < 2^53 and 10^9 < 2^30.
    let scaled = u128::from(m) * 10u128.pow(decimals.min(9));
    // The decimal digits of round(|x| · 10^decimals), least significant first.
    let mut digits: Vec<u8> = Vec::new();
    fn push_digits(mut n: u128, digits: &mut Vec<u8>) {
        while n > 0 {
            digits.push((n % 10) as u8);
            n /= 10;
        }
    }
    if e >= 0 {
        push_digits(scaled, &mut digits);
        for _ in 0..e {
            let mut carry = 0;
            for d in digits.iter_mut() {
                let v = *d * 2 + carry;
                *d = v % 10;
                carry = v / 10;
            }
            if carry > 0 {
                digits.push(carry);
            }
        }
    } else {
        let k = (-e) as u32;
        // Beyond 2^-127 the scaled value is below one half (and never exactly a half).
        let rounded = if k >= 127 {
            0
        } else {
            let q = scaled >> k;
            let rest = scaled - (q << k);
            let half = 1u128 << (k - 1);
            if rest > half || (rest == half && q % 2 == 1) {
                q + 1
            } else {
                q
            }
        };
        push_digits(rounded, &mut digits);
    }
    let decimals = decimals.min(9) as usize;
    while digits.len() <= decimals {
        digits.push(0);
    }
    for (i, d) in digits.iter().enumerate().rev() {
        out.push(char::from(b'0' + d));
        if i == decimals && decimals > 0 {
            out.push('.');
        }
    }
    out
}

/// The file name of an exported form: `项目名称-2021-绩效自评表.json`, without characters that
/// file systems refuse.
pub fn export_file_name(form: &Form) -> String {
    file_name(form, "绩效自评表.json")
}

/// The file name of a document made from a form: `项目名称-2021-<what>` (`绩效自评表.html`,
/// `绩效自评报告.html`), without characters that file systems refuse.
pub fn file_name(form: &Form, what: &str) -> String {
    let clean = |s: &str| -> String {
        s.trim()
            .chars()
            .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control())
            .collect()
    };
    let project = clean(&form.project);
    let project = if project.is_empty() { "未命名项目".to_string() } else { project.chars().take(60).collect() };
    let year = clean(&form.year);
    if year.is_empty() {
        format!("{}-{}", project, what)
    } else {
        format!("{}-{}-{}", project, year, what)
    }
}
