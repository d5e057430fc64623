"""Where uploaded and generated files live: this machine's MEDIA_ROOT (the embedded default)
or an S3-compatible bucket (MinIO, AWS S3, a data centre's object store) once S3_BUCKET is set,
so that every web node and worker sees the same files.

The bucket stays private. Downloads are streamed by the app after its permission check
(`core.files.download_response`, `documents.views.job_file_response`) rather than redirected
to a signed URL: the bucket's address (`minio:9000` in docker-compose) need not be reachable by
browsers, a link cannot be passed on while it lasts, and the files are small (evidence at most
EVIDENCE_MAX_MB, a dossier a few MB), so holding a web worker while one streams is cheap.
"""

from __future__ import annotations


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str = "us-east-1",
    access_key: str | None = None,
    secret_key: str | None = None,
    prefix: str = "",
    addressing_style: str = "path",
    timeout_seconds: int = 5,
) -> dict:
    """The STORAGES entry of django-storages' S3 backend for `bucket`."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": prefix,
            "default_acl": None,
            "file_overwrite": False,
            # A store that does not answer fails an upload in seconds, with a message, rather
            # than holding the request (and the user) for botocore's minute of retries.
            "client_config": Config(
                s3={"addressing_style": addressing_style},
                signature_version="s3v4",
                connect_timeout=timeout_seconds,
                read_timeout=timeout_seconds * 4,
                retries={"total_max_attempts": 2, "mode": "standard"},
            ),
        },
    }
