#!/bin/sh
# Submit an organization scan to AWS Batch: the shards as one array job (docs/examples/batch/submit-scan.json:
# size 4, CMT_AUDIT_SHARD_COUNT=4), then the merge, which starts once every shard has succeeded. Each run keeps
# its reports under its own prefix, so shards of an earlier run can never be merged with this one.
#   docs/examples/batch/submit.sh s3://example-cmt-audit-reports/cmt-audit
# Register the job definition first: aws batch register-job-definition --cli-input-json file://docs/examples/batch/job-definition.json
set -eu
here=$(dirname "$0")
base=${1:?usage: submit.sh s3://bucket/prefix}
reports="${base%/}/$(date -u +%Y%m%dT%H%M%SZ)"

scan=$(aws batch submit-job --cli-input-json "file://$here/submit-scan.json" \
  --parameters "mode=shard,reports=$reports" \
  --query jobId --output text)

# A plain dependency on the array job: the merge waits for all of its children (not N_TO_N, which would pair
# child i with child i of another array job; not SEQUENTIAL, which orders the children of one array job).
merge=$(aws batch submit-job --cli-input-json "file://$here/submit-merge.json" \
  --parameters "mode=merge,reports=$reports" \
  --depends-on "jobId=$scan" \
  --query jobId --output text)

echo "scan (array job): $scan"
echo "merge:            $merge"
echo "reports:          $reports/ (shard-1.json ... shard-4.json, then estate.json, estate.md, estate.html)"
