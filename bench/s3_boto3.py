"""The baseline of bench/s3_upload.sh: boto3's upload_file of the same file, same part size and
concurrency (TransferConfig), timed inside the process (import and client setup excluded).

Usage: s3_boto3.py <endpoint> <bucket> <key> <file> [part MiB=16] [concurrency=4] [--create-bucket]
"""
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig

args = [a for a in sys.argv[1:] if a != "--create-bucket"]
endpoint, bucket, key, path = args[:4]
part_mib = int(args[4]) if len(args) > 4 else 16
concurrency = int(args[5]) if len(args) > 5 else 4
s3 = boto3.client(
    "s3", endpoint_url=endpoint, region_name="us-east-1",
    aws_access_key_id="AKIASPOOLBENCHKEY002", aws_secret_access_key="bench-secret",
)
if "--create-bucket" in sys.argv:
    s3.create_bucket(Bucket=bucket)
config = TransferConfig(
    multipart_threshold=64 * 1024 * 1024, multipart_chunksize=part_mib * 1024 * 1024,
    max_concurrency=concurrency, use_threads=True,
)
start = time.perf_counter()
s3.upload_file(path, bucket, key, Config=config)
elapsed = time.perf_counter() - start
size = s3.head_object(Bucket=bucket, Key=key)["ContentLength"]
print(f"S3BENCH boto3 {elapsed:.3f} {size} -")
