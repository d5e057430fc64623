"""A real S3-compatible server for the tests: moto's standalone server (PyPI's moto[server]),
a process of its own on 127.0.0.1 speaking S3 over HTTP, as MinIO does in docker-compose.

`ObjectStore` starts it, stops it (to test a store that went away) and starts it again on the
same port; `bucket()` makes a fresh bucket and returns the STORAGES entry that uses it.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from urllib.error import URLError
from urllib.request import urlopen

from core.storage import s3_storage
from tests.processes import free_port, stop_process

ACCESS_KEY = "test-access"
SECRET_KEY = "test-secret"


class ObjectStore:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> ObjectStore:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.process.returncode}")
            try:
                urlopen(f"{self.url}/moto-api/", timeout=1).close()
                return self
            except (URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"moto_server did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        stop_process(self.process, timeout=10)
        self.process = None

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def bucket(self, name: str | None = None) -> tuple[str, dict]:
        """A new empty bucket, and the STORAGES["default"] entry that writes to it."""
        name = name or f"cchc-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name, self.storage(name)

    def storage(self, name: str, timeout_seconds: int = 2) -> dict:
        return s3_storage(
            bucket=name,
            endpoint_url=self.url,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            timeout_seconds=timeout_seconds,
        )

    def env(self, bucket: str) -> dict[str, str]:
        """The environment of a process of its own (a web node, a worker) whose files are in
        `bucket`, as config/settings.py reads it."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.url,
            "S3_ACCESS_KEY": ACCESS_KEY,
            "S3_SECRET_KEY": SECRET_KEY,
        }

    def keys(self, bucket: str) -> list[str]:
        answer = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in answer.get("Contents", []))

    def read(self, bucket: str, key: str) -> bytes:
        return self.client().get_object(Bucket=bucket, Key=key)["Body"].read()
