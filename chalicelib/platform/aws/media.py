"""Media in S3: presigned POST uploads limited by type and size, and object housekeeping."""

from __future__ import annotations

from typing import Any

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
UPLOAD_TTL = 15 * 60


def presigned_upload(key: str, content_type: str, max_bytes: int) -> dict[str, Any]:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    post = client("s3").generate_presigned_post(
        Bucket=settings().bucket, Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=UPLOAD_TTL,
    )
    return {"url": post["url"], "fields": post["fields"], "key": key,
            "expires_in": UPLOAD_TTL, "max_bytes": max_bytes}


ABSENT = {"404", "NoSuchKey", "NotFound"}


def head(key: str) -> dict[str, Any] | None:
    """The object's metadata; None only when S3 says it does not exist (404). Any other
    error (a 503, access denied, a timeout) raises: never taken for "absent"."""
    from botocore.exceptions import ClientError

    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    try:
        return dict(client("s3").head_object(Bucket=settings().bucket, Key=key))
    except ClientError as err:
        if str(err.response.get("Error", {}).get("Code")) in ABSENT:
            return None
        raise


def read_prefix(key: str, nbytes: int = 64) -> bytes:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    answer = client("s3").get_object(Bucket=settings().bucket, Key=key,
                                     Range=f"bytes=0-{nbytes - 1}")
    return bytes(answer["Body"].read())


def delete(keys: list[str]) -> None:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        if chunk:
            answer = client("s3").delete_objects(Bucket=settings().bucket, Delete={
                "Objects": [{"Key": k} for k in chunk], "Quiet": True})
            errors = answer.get("Errors") or []
            if errors:  # quiet mode reports only failures: none may pass unnoticed
                raise RuntimeError(f"S3 kept {len(errors)} objects: "
                                   f"{sorted({e.get('Code') for e in errors})}")


def delete_prefixes(prefixes: list[str], cursor: str | None, limit: int) -> str | None:
    """One bounded batch of deleting every object under `prefixes`: one listing page of one
    prefix. Answers the cursor of the next batch (the prefix's index), None when done."""
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    index = int(cursor or 0)
    if index >= len(prefixes):
        return None
    listing = client("s3").list_objects_v2(Bucket=settings().bucket, Prefix=prefixes[index],
                                           MaxKeys=max(limit, 1))
    delete([o["Key"] for o in listing.get("Contents", [])])
    if listing.get("IsTruncated"):
        return str(index)  # the same prefix again: deleted keys are gone from the next page
    return str(index + 1) if index + 1 < len(prefixes) else None


def delete_prefix(prefix: str) -> int:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    paginator = client("s3").get_paginator("list_objects_v2")
    count = 0
    for page in paginator.paginate(Bucket=settings().bucket, Prefix=prefix):
        keys = [o["Key"] for o in page.get("Contents", [])]
        delete(keys)
        count += len(keys)
    return count


def put(key: str, data: bytes, content_type: str) -> None:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    client("s3").put_object(Bucket=settings().bucket, Key=key, Body=data,
                            ContentType=content_type, ServerSideEncryption="AES256")


def download_url(key: str, expires_in: int) -> str:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

    return str(client("s3").generate_presigned_url(
        "get_object", Params={"Bucket": settings().bucket, "Key": key}, ExpiresIn=expires_in))
