//! An Azurite blob service for tests and benchmarks: started on a free loopback port (or
//! attached to one already running), with the two things `object_store` does not do: creating a
//! container (a Shared Key signed request) and uploading a local tree as blobs.
//!
//! Used by `tests/blob_storage.rs` (`mod azurite;`), and through `#[path]` by
//! `examples/azurite_load.rs` and the library's own tests (`src/tests/mod.rs`), so there is one
//! copy.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use object_store::azure::MicrosoftAzureBuilder;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Azurite's well-known development account and key (public, documented by Microsoft).
pub const ACCOUNT: &str = "devstoreaccount1";
pub const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn azurite_executable() -> PathBuf {
    if let Some(path) = std::env::var_os("AZURITE_BLOB") {
        return PathBuf::from(path);
    }
    let installed = workspace_root().join(".tools/node_modules/.bin/azurite-blob");
    if installed.exists() {
        return installed;
    }
    if let Some(found) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("azurite-blob"))
            .find(|candidate| candidate.exists())
    }) {
        return found;
    }
    panic!(
        "Azurite is not installed: run `bash .ci/setup` (it runs `npm install --prefix .tools azurite`), or set AZURITE_BLOB"
    );
}

/// A running Azurite blob service on a loopback port, stopped when dropped.
pub struct Azurite {
    child: Option<Child>,
    pub port: u16,
    _data: Option<tempfile::TempDir>,
}

impl Azurite {
    pub fn start() -> Azurite {
        let data = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(azurite_executable())
            .args(["--blobHost", "127.0.0.1", "--blobPort"])
            .arg(port.to_string())
            .arg("--location")
            .arg(data.path())
            .args([
                "--silent",
                "--skipApiVersionCheck",
                "--disableProductStyleUrl",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start azurite-blob");
        let azurite = Azurite {
            child: Some(child),
            port,
            _data: Some(data),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "Azurite did not start on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        azurite
    }

    /// An Azurite already listening on `port` (started by a benchmark script).
    pub fn attach(port: u16) -> Azurite {
        Azurite {
            child: None,
            port,
            _data: None,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/{ACCOUNT}", self.port)
    }

    pub fn connection_string(&self, key: &str) -> String {
        format!(
            "DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={key};BlobEndpoint={};",
            self.endpoint()
        )
    }

    /// Creates a container with a Shared Key signed request (`object_store` has no container API).
    pub fn create_container(&self, name: &str) {
        let date = httpdate(std::time::SystemTime::now());
        let version = "2021-08-06";
        let string_to_sign = format!(
            "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:{version}\n/{ACCOUNT}/{ACCOUNT}/{name}\nrestype:container"
        );
        let signature = sign(&string_to_sign);
        let request = format!(
            "PUT /{ACCOUNT}/{name}?restype=container HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nx-ms-date: {date}\r\nx-ms-version: {version}\r\nAuthorization: SharedKey {ACCOUNT}:{signature}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        );
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 201"),
            "create container {name}: {response}"
        );
    }

    pub fn store(&self, container: &str) -> impl ObjectStore {
        MicrosoftAzureBuilder::new()
            .with_account(ACCOUNT)
            .with_access_key(KEY)
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_container_name(container)
            .build()
            .unwrap()
    }

    /// Uploads every file under `tree/<container>/…` as blob `…` of container `<container>`,
    /// creating the containers.
    pub fn upload_tree(&self, tree: &Path) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        for container in std::fs::read_dir(tree).unwrap() {
            let container = container.unwrap();
            let name = container.file_name().to_string_lossy().into_owned();
            self.create_container(&name);
            let store = self.store(&name);
            for file in files_under(&container.path()) {
                let blob = file
                    .strip_prefix(container.path())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&file).unwrap();
                runtime
                    .block_on(store.put(&StorePath::from(blob.as_str()), PutPayload::from(bytes)))
                    .unwrap();
            }
        }
    }

    pub fn delete(&self, container: &str, blob: &str) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime
            .block_on(self.store(container).delete(&StorePath::from(blob)))
            .unwrap();
    }
}

impl Drop for Azurite {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn sign(string_to_sign: &str) -> String {
    use base64::Engine as _;
    use hmac::Mac as _;
    let key = base64::engine::general_purpose::STANDARD
        .decode(KEY)
        .unwrap();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// An RFC 7231 date (`Sun, 06 Nov 1994 08:49:37 GMT`), as x-ms-date wants.
fn httpdate(time: std::time::SystemTime) -> String {
    let seconds = time
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let instant =
        chrono::DateTime::<chrono::Utc>::from_timestamp(i64::try_from(seconds).unwrap(), 0)
            .unwrap();
    instant.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
