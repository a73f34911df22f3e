"""The AWS CLI, run as its own `aws` script runs it (awscli.clidriver.main() with this process's argv), in the CLI's
own interpreter, timing its transfer apart from its start-up: from the first file it hands to s3transfer to the end.
Nothing about the transfer changes: a wrapper around TransferManager.upload only notes the time of its first call.

  <the CLI's python> uploads_awscli.py s3 cp --recursive DIR s3://BUCKET/PREFIX --endpoint-url URL ...

Prints {"rc", "startupMs", "transferMs"} as the last line on stderr.
"""
import json
import sys
import time

started = time.perf_counter()
import awscli.clidriver  # noqa: E402
import s3transfer.manager  # noqa: E402

first_upload = []
original_upload = s3transfer.manager.TransferManager.upload


def noting_upload(self, *args, **kwargs):
    if not first_upload:
        first_upload.append(time.perf_counter())
    return original_upload(self, *args, **kwargs)


s3transfer.manager.TransferManager.upload = noting_upload
rc = awscli.clidriver.main()
ended = time.perf_counter()
transfer_started = first_upload[0] if first_upload else ended
print(json.dumps({"rc": rc, "startupMs": round((transfer_started - started) * 1000),
                  "transferMs": round((ended - transfer_started) * 1000)}), file=sys.stderr)
sys.exit(rc)
