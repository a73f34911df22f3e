"""The boto3 side of bench/uploads.mjs: the same files to the same emulator, with boto3's default TransferConfig.

  python3 uploads_boto3.py ENDPOINT BUCKET DIR loop|manager

loop:    one S3.Client.upload_file per file, in turn (the issue's stand-in when the AWS CLI is missing);
manager: one s3transfer TransferManager with every file queued at once, as `aws s3 cp --recursive` does.
Prints {"ms", "files", "bytes"} on stdout; only the uploads are timed (not the client or the bucket).
"""
import json
import os
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from s3transfer.manager import TransferManager

endpoint, bucket, root, mode = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
s3.create_bucket(Bucket=bucket)
files = []
for folder, _, names in os.walk(root):
    for name in sorted(names):
        path = os.path.join(folder, name)
        files.append((path, "data/" + os.path.relpath(path, root).replace(os.sep, "/")))
files.sort()
size = sum(os.path.getsize(p) for p, _ in files)
started = time.perf_counter()
if mode == "loop":
    for path, key in files:
        s3.upload_file(path, bucket, key)
else:
    with TransferManager(s3, TransferConfig()) as manager:
        futures = [manager.upload(path, bucket, key) for path, key in files]
        for future in futures:
            future.result()
ms = (time.perf_counter() - started) * 1000
print(json.dumps({"ms": round(ms), "files": len(files), "bytes": size}))
