//! Azure Blob Storage as an input: `az://<container>/<prefix>` and
//! `https://<account>.blob.core.windows.net/<container>/<prefix>`, listed and streamed with the
//! Apache Arrow project's `object_store` client.
//!
//! Credentials come from the environment, as Azure tools take them: `object_store`'s own
//! variables (`AZURE_STORAGE_ACCOUNT_NAME`, `AZURE_STORAGE_ACCOUNT_KEY`, `AZURE_STORAGE_SAS_TOKEN`,
//! `AZURE_STORAGE_TOKEN`, `AZURE_CLIENT_ID` + `AZURE_FEDERATED_TOKEN_FILE` for workload identity,
//! the managed identity endpoint, `AZURE_USE_AZURE_CLI=true` for the Azure CLI's login,
//! `AZURE_STORAGE_USE_EMULATOR=true` for Azurite), and the connection string Azure's SDKs and the
//! Azure CLI read, `AZURE_STORAGE_CONNECTION_STRING` (which also reaches an emulator on any port
//! through its `BlobEndpoint`).
//!
//! Listing honours `--since`/`--until` by partition path ([`super::partition`]): with a range set,
//! the tree is listed one folder level at a time and folders out of range are never listed.
//!
//! Reading streams: each blob is fetched by a task on a small Tokio runtime into a queue bounded
//! in bytes ([`QUEUE_BYTES`]), and the next [`PREFETCH_BLOBS`] blobs start while one is read, so
//! several are in flight and memory stays bounded whatever their size. The client retries
//! transient failures and resumes a stream that breaks mid-blob from the byte where it broke,
//! conditional on the blob's `ETag` (taken at listing, so a blob rewritten meanwhile is reported
//! instead of spliced): the bytes of a blob reach the reader exactly once, so no record is
//! counted twice (`tests/blob_storage.rs` cuts a download mid-blob to show it).

use super::partition::TimeRange;
use super::source::{Input, InputSource, is_log_file};
use crate::classify::Classifier;
use bytes::Bytes;
use futures::StreamExt;
use object_store::azure::{MicrosoftAzure, MicrosoftAzureBuilder};
use object_store::path::Path as StorePath;
use object_store::{GetOptions, ObjectMeta, ObjectStore, ObjectStoreExt};
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// How many blobs are fetched ahead of the one being read.
pub(crate) const PREFETCH_BLOBS: usize = 4;

/// How many bytes of one blob may wait, fetched and unread, before its fetch pauses. The HTTP
/// client delivers pieces of any size (an emulator may send megabytes at once), so the queue is
/// bounded in bytes, not pieces: at most this much, or one piece, per blob in flight.
pub(crate) const QUEUE_BYTES: usize = 2 << 20;

/// A fetched piece of a blob, holding its share of the blob's byte budget until it is read.
type Piece = std::io::Result<(Bytes, Option<tokio::sync::OwnedSemaphorePermit>)>;

/// A Blob Storage location given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlobUrl {
    /// The storage account, when the URL names it (`https://<account>.blob.core.windows.net`).
    pub account: Option<String>,
    /// The container.
    pub container: String,
    /// The blob-name prefix (no leading `/`; empty for the whole container).
    pub prefix: String,
}

/// Why Blob Storage could not be listed: each says which account and container, and what to do.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BlobError {
    /// The URL is not one this tool reads.
    #[error(
        "{url}: not a Blob Storage location; give az://<container>/<prefix> or https://<account>.blob.core.windows.net/<container>/<prefix>"
    )]
    Url {
        /// The URL as given.
        url: String,
    },
    /// The client could not be configured from the URL and the environment.
    #[error(
        "{url}: cannot connect to Blob Storage: {message}. Set AZURE_STORAGE_ACCOUNT_NAME (or use an https://<account>.blob.core.windows.net/ URL) and credentials (AZURE_STORAGE_ACCOUNT_KEY, AZURE_STORAGE_SAS_TOKEN, AZURE_USE_AZURE_CLI=true, a managed or workload identity), or AZURE_STORAGE_CONNECTION_STRING"
    )]
    Config {
        /// The URL as given.
        url: String,
        /// What the client said.
        message: String,
    },
    /// The container does not exist.
    #[error(
        "container {container:?} was not found in storage account {account:?}: check the name in the URL (az storage container list --account-name {account})"
    )]
    ContainerNotFound {
        /// The account.
        account: String,
        /// The container.
        container: String,
    },
    /// The credentials were refused.
    #[error(
        "storage account {account:?} refused access to container {container:?}: the credentials from the environment were not accepted (a wrong account key, or a SAS token that has expired or lacks list and read permissions). {detail}"
    )]
    Denied {
        /// The account.
        account: String,
        /// The container.
        container: String,
        /// What the service said.
        detail: String,
    },
    /// Any other failure to list, after the client's retries.
    #[error("listing container {container:?} of storage account {account:?} failed: {message}")]
    List {
        /// The account.
        account: String,
        /// The container.
        container: String,
        /// What the client said.
        message: String,
    },
}

impl BlobUrl {
    /// Whether an argument names Blob Storage rather than a local path.
    pub(crate) fn is_blob_url(text: &str) -> bool {
        text.starts_with("az://")
            || (text.starts_with("https://") && host_of(text).ends_with(".blob.core.windows.net"))
    }

    /// Parses `az://<container>/<prefix>` or
    /// `https://<account>.blob.core.windows.net/<container>/<prefix>`.
    pub(crate) fn parse(text: &str) -> Result<BlobUrl, BlobError> {
        let error = || BlobError::Url {
            url: text.to_owned(),
        };
        let (account, rest) = if let Some(rest) = text.strip_prefix("az://") {
            (None, rest)
        } else if let Some(rest) = text.strip_prefix("https://") {
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            let account = host
                .strip_suffix(".blob.core.windows.net")
                .ok_or_else(error)?;
            (Some(account.to_owned()), path)
        } else {
            return Err(error());
        };
        let (container, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if container.is_empty() {
            return Err(error());
        }
        Ok(BlobUrl {
            account,
            container: container.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        })
    }
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// One blob selected for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlobEntry {
    /// The blob's name in the container.
    pub name: String,
    /// Its size in bytes, from the listing.
    pub size: u64,
    /// Its `ETag` at listing time, so a resumed read never splices two versions.
    pub etag: Option<String>,
}

/// What listing did, for the run's note and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ListingStats {
    /// List requests sent (one per page, per folder when a time range prunes the tree).
    pub requests: u64,
    /// Blobs the listings returned.
    pub listed: u64,
    /// Blobs selected: in range, and named like logs.
    pub selected: u64,
}

/// A connected container: lists blobs and opens them as byte streams.
pub(crate) struct BlobStore {
    url: BlobUrl,
    account: String,
    store: Arc<MicrosoftAzure>,
    runtime: &'static tokio::runtime::Runtime,
    entries: Mutex<Vec<BlobEntry>>,
    in_flight: Mutex<HashMap<usize, mpsc::Receiver<Piece>>>,
}

impl std::fmt::Debug for BlobStore {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("BlobStore")
            .field("account", &self.account)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl BlobStore {
    /// Connects to the container a URL names, with credentials from the environment.
    pub(crate) fn connect(
        given: &str,
        url: BlobUrl,
        settings: &BlobSettings,
    ) -> Result<BlobStore, BlobError> {
        let config_error = |message: String| BlobError::Config {
            url: given.to_owned(),
            message,
        };
        let mut builder = MicrosoftAzureBuilder::from_env();
        if let Some(connection) = &settings.connection_string {
            builder = apply_connection_string(builder, connection).map_err(config_error)?;
        }
        if let Some(account) = &url.account {
            builder = builder.with_account(account);
        }
        let account = builder
            .get_config_value(&object_store::azure::AzureConfigKey::AccountName)
            .unwrap_or_else(|| "devstoreaccount1".into());
        let store = builder
            .with_container_name(&url.container)
            .build()
            .map_err(|error| config_error(error.to_string()))?;
        let runtime = shared_runtime().map_err(|error| config_error(error.to_string()))?;
        Ok(BlobStore {
            url,
            account,
            store: Arc::new(store),
            runtime,
            entries: Mutex::new(Vec::new()),
            in_flight: Mutex::new(HashMap::new()),
        })
    }

    /// The location as the user wrote it, normalised: `az://<container>/<prefix>`.
    pub(crate) fn display_base(&self) -> String {
        format!("az://{}/", self.url.container)
    }

    /// Lists the blobs under the prefix that `keep` accepts by name and `range` admits by
    /// partition path, sorted by name; remembers them for [`BlobStore::open`].
    pub(crate) fn list(
        &self,
        range: &TimeRange,
        keep: impl Fn(&str) -> bool,
    ) -> Result<(Vec<BlobEntry>, ListingStats), BlobError> {
        let mut stats = ListingStats::default();
        let metas = self
            .runtime
            .block_on(self.list_metas(range, &mut stats))
            .map_err(|error| self.list_error(&error))?;
        let mut entries: Vec<BlobEntry> = metas
            .into_iter()
            .filter(|meta| {
                let name = meta.location.as_ref();
                name.starts_with(&self.url.prefix)
                    && keep(name.rsplit('/').next().unwrap_or(name))
                    && range.admits(name.split('/'))
            })
            .map(|meta| BlobEntry {
                name: meta.location.to_string(),
                size: meta.size,
                etag: meta.e_tag,
            })
            .collect();
        entries.sort_by(|left, right| left.name.cmp(&right.name));
        stats.selected = entries.len() as u64;
        if let Ok(mut remembered) = self.entries.lock() {
            remembered.clone_from(&entries);
        }
        Ok((entries, stats))
    }

    async fn list_metas(
        &self,
        range: &TimeRange,
        stats: &mut ListingStats,
    ) -> object_store::Result<Vec<ObjectMeta>> {
        // The prefix may end inside a name (`insights-logs-sms`); listing starts at its folder.
        let folder = match self.url.prefix.rsplit_once('/') {
            Some((folder, _)) => folder.to_owned(),
            None => String::new(),
        };
        let root = (!folder.is_empty()).then(|| StorePath::from(folder.as_str()));
        let mut metas = Vec::new();
        if !range.is_set() {
            self.list_all(root.as_ref(), stats, &mut metas).await?;
            return Ok(metas);
        }
        // Folder by folder, skipping folders out of range; a folder wholly in range is listed
        // in one go (one paged request, not one per hour).
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            let whole = folder
                .as_ref()
                .is_some_and(|folder| range.contains(folder.as_ref().split('/')));
            if whole {
                self.list_all(folder.as_ref(), stats, &mut metas).await?;
                continue;
            }
            let result = self.store.list_with_delimiter(folder.as_ref()).await?;
            stats.requests += 1;
            stats.listed += result.objects.len() as u64;
            metas.extend(result.objects);
            for prefix in result.common_prefixes {
                let name = prefix.as_ref();
                let under_prefix = name.starts_with(&self.url.prefix)
                    || self.url.prefix.starts_with(&format!("{name}/"));
                if under_prefix && range.admits(name.split('/')) {
                    folders.push(Some(prefix));
                }
            }
        }
        Ok(metas)
    }

    /// Every blob under a folder, in one paged listing.
    async fn list_all(
        &self,
        folder: Option<&StorePath>,
        stats: &mut ListingStats,
        metas: &mut Vec<ObjectMeta>,
    ) -> object_store::Result<()> {
        let mut listing = self.store.list(folder);
        stats.requests += 1;
        while let Some(meta) = listing.next().await {
            metas.push(meta?);
            stats.listed += 1;
        }
        Ok(())
    }

    fn list_error(&self, error: &object_store::Error) -> BlobError {
        let account = self.account.clone();
        let container = self.url.container.clone();
        let text = error.to_string();
        let status = |code: &str| text.contains(code);
        if matches!(error, object_store::Error::NotFound { .. })
            || status("ContainerNotFound")
            || status("404 Not Found")
        {
            BlobError::ContainerNotFound { account, container }
        } else if matches!(
            error,
            object_store::Error::PermissionDenied { .. }
                | object_store::Error::Unauthenticated { .. }
        ) || status("403 Forbidden")
            || status("AuthenticationFailed")
            || status("AuthorizationFailure")
        {
            BlobError::Denied {
                account,
                container,
                detail: first_line(&text),
            }
        } else {
            BlobError::List {
                account,
                container,
                message: first_line(&text),
            }
        }
    }

    /// A byte stream of the listed blob at `index`; starts fetching the next few too. Errors
    /// (the blob deleted since listing, a stream that breaks beyond resuming) surface as
    /// `std::io::Error`s from `read`, naming what happened.
    pub(crate) fn open(&self, index: usize) -> Box<dyn Read + Send> {
        let receiver = self.take_or_start(index);
        for ahead in index + 1..=index + PREFETCH_BLOBS {
            self.start(ahead);
        }
        match receiver {
            Some(receiver) => Box::new(BlobReader {
                receiver,
                current: Bytes::new(),
                permit: None,
            }),
            None => Box::new(std::io::Cursor::new(Vec::new())),
        }
    }

    fn take_or_start(&self, index: usize) -> Option<mpsc::Receiver<Piece>> {
        self.start(index);
        self.in_flight.lock().ok()?.remove(&index)
    }

    /// Starts fetching the blob at `index` unless it is in flight already or does not exist.
    fn start(&self, index: usize) {
        let Ok(mut in_flight) = self.in_flight.lock() else {
            return;
        };
        if in_flight.contains_key(&index) {
            return;
        }
        let Some(entry) = self
            .entries
            .lock()
            .ok()
            .and_then(|entries| entries.get(index).cloned())
        else {
            return;
        };
        // The byte budget is what bounds the queue; the channel only needs room for the pieces
        // that fit in it.
        let (sender, receiver) = mpsc::channel(256);
        self.runtime
            .spawn(fetch(Arc::clone(&self.store), entry, sender));
        in_flight.insert(index, receiver);
    }
}

/// Where the client's settings come from: the environment, as Azure tools read it, plus an
/// Azure Storage connection string. Read once by the binary; a library caller can set them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BlobSettings {
    /// An Azure Storage connection string (`AccountName=…;AccountKey=…;BlobEndpoint=…`), as
    /// `AZURE_STORAGE_CONNECTION_STRING` gives it; applied over the `AZURE_*` variables.
    pub connection_string: Option<String>,
}

impl BlobSettings {
    /// The settings the environment gives (`AZURE_STORAGE_CONNECTION_STRING`; the other
    /// `AZURE_*` variables are read by the client itself).
    pub(crate) fn from_env() -> BlobSettings {
        BlobSettings {
            connection_string: std::env::var("AZURE_STORAGE_CONNECTION_STRING").ok(),
        }
    }
}

/// The one Tokio runtime every container's fetches share: two threads, whatever the number of
/// locations given, since they only wait on the network while the workers parse.
fn shared_runtime() -> std::io::Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("acs-logs-blob")
        .enable_all()
        .build()?;
    Ok(RUNTIME.get_or_init(|| runtime))
}

/// One listed blob as an input of the run.
#[derive(Clone)]
pub(crate) struct BlobInput {
    store: Arc<BlobStore>,
    index: usize,
    /// The blob's size in bytes, from the listing.
    pub size: u64,
}

impl BlobInput {
    /// The blob's bytes, streamed (see [`BlobStore::open`]).
    pub(crate) fn open(&self) -> Box<dyn Read + Send> {
        self.store.open(self.index)
    }
}

impl PartialEq for BlobInput {
    fn eq(&self, other: &BlobInput) -> bool {
        Arc::ptr_eq(&self.store, &other.store) && self.index == other.index
    }
}

impl Eq for BlobInput {}

impl std::fmt::Debug for BlobInput {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("BlobInput")
            .field("index", &self.index)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// Connects to the location a command-line argument names and lists its log blobs (names
/// ending like log files, or `.avro`) in `range`: one input per blob, named
/// `az://<container>/<blob>`, with the category its `insights-logs-<category>` container or
/// folder implies.
pub(crate) fn collect(
    given: &str,
    range: &TimeRange,
    settings: &BlobSettings,
    classifier: &Classifier,
) -> Result<(Vec<Input>, ListingStats), BlobError> {
    let url = BlobUrl::parse(given)?;
    let store = Arc::new(BlobStore::connect(given, url, settings)?);
    let (entries, stats) = store.list(range, is_log_file)?;
    let base = store.display_base();
    let inputs = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let display = format!("{base}{}", entry.name);
            Input {
                category_hint: classifier.path_hint(std::path::Path::new(&display)),
                display,
                source: InputSource::Blob(BlobInput {
                    store: Arc::clone(&store),
                    index,
                    size: entry.size,
                }),
            }
        })
        .collect();
    Ok((inputs, stats))
}

/// Fetches one blob into its queue, resuming a broken stream from the byte it broke at.
async fn fetch(store: Arc<MicrosoftAzure>, entry: BlobEntry, sender: mpsc::Sender<Piece>) {
    let budget = Arc::new(tokio::sync::Semaphore::new(QUEUE_BYTES));
    let location = StorePath::from(entry.name.as_str());
    let mut offset: u64 = 0;
    // The client retries the request and resumes a broken body itself (from the byte it broke
    // at, on the same `ETag`); the `ETag` from the listing also makes a blob rewritten since
    // then an error rather than another version's bytes.
    let options = GetOptions {
        if_match: entry.etag.clone(),
        ..GetOptions::default()
    };
    let failure = match store.get_opts(&location, options).await {
        Ok(result) => {
            let mut stream = result.into_stream();
            loop {
                match stream.next().await {
                    None => return,
                    Some(Ok(bytes)) => {
                        offset += bytes.len() as u64;
                        let cost = u32::try_from(bytes.len().min(QUEUE_BYTES)).unwrap_or(u32::MAX);
                        // Closed only if dropped, which this task never does.
                        let permit = Arc::clone(&budget).acquire_many_owned(cost).await.ok();
                        if sender.send(Ok((bytes, permit))).await.is_err() {
                            // The reader is gone (the run stopped reading this blob).
                            return;
                        }
                    }
                    Some(Err(error)) => break error,
                }
            }
        }
        Err(error) => error,
    };
    // A blob deleted since listing fails the `ETag` condition before it is found missing.
    let failure = match failure {
        object_store::Error::Precondition { .. } if offset == 0 => {
            match store.head(&location).await {
                Err(missing @ object_store::Error::NotFound { .. }) => missing,
                _ => failure,
            }
        }
        other => other,
    };
    let (kind, message) = match &failure {
        object_store::Error::NotFound { .. } => (
            std::io::ErrorKind::NotFound,
            "the blob no longer exists (deleted after it was listed)".to_owned(),
        ),
        object_store::Error::Precondition { .. } => (
            std::io::ErrorKind::Other,
            "the blob changed while it was read (its `ETag` no longer matches)".to_owned(),
        ),
        other if offset > 0 => (
            std::io::ErrorKind::Other,
            format!(
                "the blob's stream broke at byte {offset} and did not resume: {}",
                first_line(&other.to_string())
            ),
        ),
        other => (std::io::ErrorKind::Other, first_line(&other.to_string())),
    };
    // Nobody may be listening any more; then there is no one to tell.
    let _ = sender.send(Err(std::io::Error::new(kind, message))).await;
}

/// The blocking side of a blob's queue: worker threads read it like a file.
struct BlobReader {
    receiver: mpsc::Receiver<Piece>,
    current: Bytes,
    /// The budget share of `current`, given back once it is read.
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl Read for BlobReader {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            self.permit = None;
            match self.receiver.blocking_recv() {
                None => return Ok(0),
                Some(piece) => (self.current, self.permit) = piece?,
            }
        }
        let count = buffer.len().min(self.current.len());
        buffer[..count].copy_from_slice(&self.current.split_to(count));
        Ok(count)
    }
}

/// Applies an Azure Storage connection string (`AccountName=…;AccountKey=…;BlobEndpoint=…`, or
/// `UseDevelopmentStorage=true`) to the builder.
fn apply_connection_string(
    mut builder: MicrosoftAzureBuilder,
    connection: &str,
) -> Result<MicrosoftAzureBuilder, String> {
    for part in connection.split(';').filter(|part| !part.trim().is_empty()) {
        let Some((key, value)) = part.split_once('=') else {
            return Err(format!(
                "AZURE_STORAGE_CONNECTION_STRING has a part without '=': {part:?}"
            ));
        };
        let value = value.trim();
        builder = match key.trim() {
            "AccountName" => builder.with_account(value),
            "AccountKey" => builder.with_access_key(value),
            "SharedAccessSignature" => builder.with_config(
                object_store::azure::AzureConfigKey::SasKey,
                value.trim_start_matches('?'),
            ),
            "BlobEndpoint" => builder
                .with_endpoint(value.trim_end_matches('/').to_owned())
                .with_allow_http(value.starts_with("http://")),
            "UseDevelopmentStorage" if value.eq_ignore_ascii_case("true") => {
                builder.with_use_emulator(true)
            }
            // DefaultEndpointsProtocol, EndpointSuffix, QueueEndpoint...: not for blobs, or
            // implied by the account.
            _ => builder,
        };
    }
    Ok(builder)
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or(text)
        .chars()
        .take(400)
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn urls_name_container_and_prefix() {
        let url =
            BlobUrl::parse("az://insights-logs-smsoperational/resourceId=/SUBSCRIPTIONS/").unwrap();
        assert_eq!(url.account, None);
        assert_eq!(url.container, "insights-logs-smsoperational");
        assert_eq!(url.prefix, "resourceId=/SUBSCRIPTIONS");
        let url =
            BlobUrl::parse("https://contoso.blob.core.windows.net/am-acsbillingusage").unwrap();
        assert_eq!(url.account.as_deref(), Some("contoso"));
        assert_eq!(url.container, "am-acsbillingusage");
        assert_eq!(url.prefix, "");
        assert!(BlobUrl::is_blob_url("az://c/p"));
        assert!(!BlobUrl::is_blob_url("https://example.com/c/p"));
        assert!(!BlobUrl::is_blob_url("./az/c"));
        assert!(BlobUrl::parse("az:///p").is_err());
        assert!(BlobUrl::parse("https://example.com/c").is_err());
    }

    #[test]
    fn connection_strings_are_applied_or_refused() {
        use object_store::azure::AzureConfigKey;
        let builder = apply_connection_string(
            MicrosoftAzureBuilder::new(),
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
        )
        .unwrap();
        assert_eq!(
            builder
                .get_config_value(&AzureConfigKey::AccountName)
                .as_deref(),
            Some("devstoreaccount1")
        );
        assert_eq!(
            builder
                .get_config_value(&AzureConfigKey::Endpoint)
                .as_deref(),
            Some("http://127.0.0.1:10000/devstoreaccount1")
        );
        assert!(apply_connection_string(MicrosoftAzureBuilder::new(), "AccountName").is_err());
    }
}
