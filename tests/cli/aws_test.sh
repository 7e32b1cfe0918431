#!/usr/bin/env bash
# The drop-in routes with real clients: Debian's boto3/botocore and aws CLI,
# and the AWS SDK for JavaScript v3 (npm, tests/aws-js), against the
# Rekognition JSON API (Signature V4 with a key made by `keys create --aws`);
# the original sample client's request on /prod/ips; throttling seen by
# botocore's retry logic.
set -u
bin=$1
# shellcheck source=service_lib.sh
source "$(dirname "$0")/service_lib.sh" aws
py=/usr/bin/python3   # Debian's, with python3-boto3 / python3-requests (scripts/install-deps.sh)
awscli=/usr/bin/aws
if ! "$py" -c 'import boto3, requests' 2>/dev/null || [ ! -x "$awscli" ]; then
  echo "FAIL python3-boto3, python3-requests or awscli missing: run scripts/install-deps.sh"
  exit 1
fi

"$bin" keys create --data-dir "$tmp/data" --name sdk --aws > "$tmp/create.out" || bad "keys create --aws exit"
read -r akid secret < <(tail -n 1 "$tmp/create.out")
[[ "$akid" =~ ^IDMA[0-9A-F]{16}$ ]] && [ ${#secret} -eq 40 ] && ok || bad "last line: '$(tail -n 1 "$tmp/create.out")'"
key=$(grep '^idm_' "$tmp/create.out")
[ "$(stat -c %a "$tmp/data/aws-master.key")" = 600 ] && ok || bad "aws-master.key is not 0600"
# Only the access key id is in the database, never the secret.
grep -q "$akid" "$tmp/data/idmatch.db" && ok || bad "access key id not stored"
grep -q -- "$secret" "$tmp/data/idmatch.db" && bad "the AWS secret is in the database" || ok

serve_on_free_port "$tmp/serve.out" "$tmp/serve.err" --data-dir "$tmp/data" || bad "server did not start: $(tail -3 "$tmp/serve.err")"
endpoint="http://127.0.0.1:$port"

AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret IDMATCH_KEY=$key AWS_EC2_METADATA_DISABLED=true \
  "$py" "$(dirname "$0")/aws_clients.py" "$endpoint" "$data" > "$tmp/py.out" 2>&1
pass_lines=$(grep -c '^ok ' "$tmp/py.out")
if grep -q '^aws_clients: 0 failed' "$tmp/py.out"; then passes=$((passes + pass_lines)); else
  grep -v '^ok ' "$tmp/py.out"; bad "aws_clients.py"; fi

# The AWS SDK for JavaScript v3 (pinned in tests/aws-js/package-lock.json,
# installed from the npm registry when missing).
ensure_aws_js || bad "tests/aws-js packages"
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret NODE_NO_WARNINGS=1 \
  node "$aws_js/clients.mjs" "$endpoint" "$data" > "$tmp/js.out" 2>&1
pass_lines=$(grep -c '^ok ' "$tmp/js.out")
if grep -q '^aws_js_clients: 0 failed' "$tmp/js.out"; then passes=$((passes + pass_lines)); else
  grep -v '^ok ' "$tmp/js.out"; bad "tests/aws-js/clients.mjs"; fi

# The aws CLI (v2, Debian's awscli), fileb:// image bytes.
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=eu-central-1 AWS_EC2_METADATA_DISABLED=true \
  "$awscli" rekognition compare-faces --endpoint-url "$endpoint" --source-image-bytes "fileb://$data/img1.jpg" \
  --target-image-bytes "fileb://$data/img2.jpg" --output json > "$tmp/cli.json" 2> "$tmp/cli.err"
"$py" -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["FaceMatches"] and r["FaceMatches"][0]["Similarity"] >= 80 else 1)' \
  "$tmp/cli.json" && ok || bad "aws rekognition compare-faces: $(cat "$tmp/cli.json" "$tmp/cli.err")"

# Audit rows and access log lines for the AWS route, under the key's id.
id=${key:4:16}
"$bin" audit export --data-dir "$tmp/data" 2>/dev/null | grep '"route":"aws:CompareFaces"' | grep -q "\"key_id\":\"$id\"" \
  && ok || bad "no audit row for aws:CompareFaces under key $id"
grep -q '"route":"aws:DetectFaces"' "$tmp/serve.err" && ok || bad "no access log line for aws:DetectFaces"
grep -q -- "$secret" "$tmp/serve.err" && bad "the secret reached the log" || ok
# A revoked key is refused on the AWS route too.
"$bin" keys revoke "$id" --data-dir "$tmp/data" > /dev/null
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
  "$awscli" rekognition detect-faces --endpoint-url "$endpoint" --image-bytes "fileb://$data/img1.jpg" \
  > /dev/null 2> "$tmp/revoked.err"
grep -q AccessDeniedException "$tmp/revoked.err" && ok || bad "revoked key: $(cat "$tmp/revoked.err")"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""

# Throttling: a key allowed one request per 50 s (longer than botocore's back-off) gets ProvisionedThroughputExceededException,
# which botocore retries (it is a throttling error) with back-off at most max_attempts (3) times, then raises.
"$bin" keys create --data-dir "$tmp/data" --name slow --aws > "$tmp/create2.out"
read -r akid2 secret2 < <(tail -n 1 "$tmp/create2.out")
serve_on_free_port "$tmp/serve2.out" "$tmp/serve2.err" --data-dir "$tmp/data" --rate-limit-per-second 0.02 \
  --rate-limit-burst 1 || bad "throttled server did not start: $(tail -3 "$tmp/serve2.err")"
AWS_ACCESS_KEY_ID=$akid2 AWS_SECRET_ACCESS_KEY=$secret2 AWS_EC2_METADATA_DISABLED=true "$py" - "http://127.0.0.1:$port" "$data/img1.jpg" > "$tmp/throttle.out" 2>&1 <<'PY'
import sys, time, boto3
from botocore.config import Config
from botocore.exceptions import ClientError
rek = boto3.client("rekognition", endpoint_url=sys.argv[1], region_name="us-east-1",
                   config=Config(retries={"max_attempts": 3, "mode": "standard"}))
image = open(sys.argv[2], "rb").read()
rek.detect_faces(Image={"Bytes": image})
start = time.time()
try:
    rek.detect_faces(Image={"Bytes": image})
    print("no throttling")
except ClientError as e:
    attempts = e.response["ResponseMetadata"].get("RetryAttempts", 0)
    print(e.response["Error"]["Code"], "retries", attempts, "seconds %.1f" % (time.time() - start))
    sys.exit(0 if e.response["Error"]["Code"] == "ProvisionedThroughputExceededException" and 1 <= attempts <= 3 else 1)
sys.exit(1)
PY
[ $? -eq 0 ] && ok || bad "throttling: $(cat "$tmp/throttle.out")"
echo "throttling seen by botocore: $(cat "$tmp/throttle.out")"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""

# A key made with --aws while the server runs (the master secret file did not
# exist when it started) authenticates without a restart.
serve_on_free_port "$tmp/serve4.out" "$tmp/serve4.err" --data-dir "$tmp/data4" || bad "server 4 did not start: $(tail -3 "$tmp/serve4.err")"
"$bin" keys create --data-dir "$tmp/data4" --name late --aws > "$tmp/create4.out"
read -r akid4 secret4 < <(tail -n 1 "$tmp/create4.out")
AWS_ACCESS_KEY_ID=$akid4 AWS_SECRET_ACCESS_KEY=$secret4 AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true \
  "$awscli" rekognition detect-faces --endpoint-url "http://127.0.0.1:$port" \
  --image-bytes "fileb://$data/img1.jpg" --output json > "$tmp/late.json" 2> "$tmp/late.err"
grep -q '"FaceDetails"' "$tmp/late.json" && ok || bad "a key created while the server ran: $(cat "$tmp/late.err")"

finish aws
