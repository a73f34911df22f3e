"""The fallback side of bench/uploads.mjs when the AWS CLI is not on PATH: the same files to the same emulator, one
boto3 S3.Client.upload_file per file in turn, with boto3's default TransferConfig (the issue's stand-in for
`aws s3 cp --recursive`).

  python3 uploads_boto3.py ENDPOINT BUCKET DIR

Prints {"ms", "cpuS", "files", "bytes"} on stdout; only the uploads are timed (not the client or the bucket).
"""
import json
import os
import sys
import time

import boto3

endpoint, bucket, root = sys.argv[1:4]
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
cpu_started = time.process_time()
for path, key in files:
    s3.upload_file(path, bucket, key)
ms = (time.perf_counter() - started) * 1000
cpu = time.process_time() - cpu_started
print(json.dumps({"ms": round(ms), "cpuS": round(cpu, 2), "files": len(files), "bytes": size}))
