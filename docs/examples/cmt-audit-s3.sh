#!/bin/sh
# cmt-audit-s3: one shard of an organization scan, or the merge of all shards, with the reports kept in S3.
# The entrypoint of the image's `s3` target (docs/examples/Dockerfile), for AWS Batch array jobs and Kubernetes
# Indexed Jobs (docs/sharding.md). cmt-audit itself never writes to AWS: the uploads and downloads are this
# script's own, with the AWS CLI (the job's role needs s3:PutObject / s3:GetObject on the prefix).
#
#   cmt-audit-s3 shard s3://bucket/prefix [scan flags...]
#       scans the shard this array child / indexed pod is (--shard auto: AWS_BATCH_JOB_ARRAY_INDEX or
#       JOB_COMPLETION_INDEX, the count from CMT_AUDIT_SHARD_COUNT) and uploads prefix/shard-K.json
#       (K = index + 1). It fails only when the scan could not run (no credentials, a bad flag, AWS not
#       reachable): the gate is the merge's.
#   cmt-audit-s3 merge s3://bucket/prefix [merge flags...]
#       downloads prefix/shard-1.json ... shard-N.json (N: CMT_AUDIT_SHARD_COUNT), merges them, uploads
#       prefix/estate.json, .md and .html, and exits with merge's exit code (0 passed, 3 gate failed,
#       4 incomplete, 2 reports that do not belong together).
# CMT_AUDIT_JS: where cmt-audit is (default: the image's /app/bin/cmt-audit.js).
set -eu
cmt_audit=${CMT_AUDIT_JS:-/app/bin/cmt-audit.js}

usage() {
  echo "usage: cmt-audit-s3 shard|merge s3://bucket/prefix [cmt-audit flags...]" >&2
  exit 2
}
[ "$#" -ge 2 ] || usage
mode=$1
prefix=${2%/}
shift 2
case $prefix in
  s3://?*) ;;
  *) usage ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $mode in
  shard)
    index=${AWS_BATCH_JOB_ARRAY_INDEX:-${JOB_COMPLETION_INDEX:-}}
    if [ -z "$index" ]; then
      echo "cmt-audit-s3: neither AWS_BATCH_JOB_ARRAY_INDEX nor JOB_COMPLETION_INDEX is set: run it as an array child or an indexed pod" >&2
      exit 2
    fi
    file="shard-$((index + 1)).json"
    node "$cmt_audit" scan --org --shard auto --format json --output "$work/$file" \
      --fail-on none --allow-errors "$@"
    aws s3 cp --only-show-errors "$work/$file" "$prefix/$file"
    ;;
  merge)
    # Every shard by name, shard-1.json ... shard-N.json: a missing shard is an error, never an estate
    # quietly short of its accounts.
    count=${CMT_AUDIT_SHARD_COUNT:-}
    case $count in
      '' | *[!0-9]* | 0)
        echo "cmt-audit-s3: set CMT_AUDIT_SHARD_COUNT to the number of shards to merge" >&2
        exit 2
        ;;
    esac
    files=""
    k=1
    while [ "$k" -le "$count" ]; do
      if ! aws s3 cp --only-show-errors "$prefix/shard-$k.json" "$work/shard-$k.json"; then
        echo "cmt-audit-s3: cannot download $prefix/shard-$k.json (did shard $k/$count run?)" >&2
        exit 2
      fi
      files="$files $work/shard-$k.json"
      k=$((k + 1))
    done
    status=0
    # $files unquoted on purpose: it is a list of paths in mktemp's directory, which have no spaces.
    # shellcheck disable=SC2086
    node "$cmt_audit" merge $files --format json,markdown,html --output "$work/estate" "$@" || status=$?
    for file in estate.json estate.md estate.html; do
      if [ -f "$work/$file" ]; then
        aws s3 cp --only-show-errors "$work/$file" "$prefix/$file"
      fi
    done
    exit "$status"
    ;;
  *) usage ;;
esac
