#!/usr/bin/python3
"""Real AWS clients against a running idmatch: Debian's boto3/botocore (the
Rekognition JSON API with Signature V4) and a copy of the original sample
client's code path (requests, the double-encoded body, x-api-key).

Usage: aws_clients.py ENDPOINT IMAGES_DIR   with AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and IDMATCH_KEY in the environment. Prints one line per
check; exits 1 if any failed.
"""
import base64
import datetime
import json
import os
import sys
from unittest import mock

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import requests
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, images = sys.argv[1], sys.argv[2]
failures = 0


def check(name, good, detail=""):
    global failures
    print(("ok   " if good else "FAIL ") + name + ("" if good else f": {detail}"))
    failures += 0 if good else 1


def read(name):
    with open(os.path.join(images, name), "rb") as f:
        return f.read()


def client(**kwargs):
    config = Config(retries={"max_attempts": 2, "mode": "standard"})
    return boto3.client("rekognition", endpoint_url=endpoint, region_name="us-east-1", config=config, **kwargs)


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response
    return None, None


rek = client()
img1, img2, img3 = read("img1.jpg"), read("img2.jpg"), read("img3.jpg")

# Match and non-match, the answer's shape as botocore parses it.
r = rek.compare_faces(SourceImage={"Bytes": img1}, TargetImage={"Bytes": img2})
check("match: one FaceMatch", len(r["FaceMatches"]) == 1 and r["UnmatchedFaces"] == [], r)
sim = r["FaceMatches"][0]["Similarity"] if r["FaceMatches"] else 0
check("match: Similarity >= 80", sim >= 80, sim)
face = r["FaceMatches"][0]["Face"] if r["FaceMatches"] else {}
box = face.get("BoundingBox", {})
check("BoundingBox is fractions", all(0 <= box.get(k, -1) <= 1 for k in ("Width", "Height", "Left", "Top")), box)
check("SourceImageFace has a box and confidence",
      "BoundingBox" in r["SourceImageFace"] and r["SourceImageFace"]["Confidence"] > 90, r["SourceImageFace"])
types = [l["Type"] for l in face.get("Landmarks", [])]
check("landmarks named as AWS does", types == ["eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"], types)
lm = {l["Type"]: l for l in face.get("Landmarks", [])}
check("eyeLeft is on the image's left", lm.get("eyeLeft", {}).get("X", 1) < lm.get("eyeRight", {}).get("X", 0), lm)
check("Pose and Quality present", {"Roll", "Yaw", "Pitch"} <= set(face.get("Pose", {})) and
      {"Brightness", "Sharpness"} <= set(face.get("Quality", {})), face)
check("x-amzn-RequestId on the answer", r["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-requestid", "")
      .startswith("req_"), r["ResponseMetadata"])

r = rek.compare_faces(SourceImage={"Bytes": img1}, TargetImage={"Bytes": img3})
check("non-match: no FaceMatches, one UnmatchedFace", r["FaceMatches"] == [] and len(r["UnmatchedFaces"]) == 1, r)

# SimilarityThreshold splits the faces: a threshold above the score moves the face to UnmatchedFaces.
r = rek.compare_faces(SourceImage={"Bytes": img1}, TargetImage={"Bytes": img3}, SimilarityThreshold=0)
check("threshold 0: every face matches", len(r["FaceMatches"]) == 1 and r["UnmatchedFaces"] == [], r)
low = r["FaceMatches"][0]["Similarity"] if r["FaceMatches"] else -1
r = rek.compare_faces(SourceImage={"Bytes": img1}, TargetImage={"Bytes": img3},
                      SimilarityThreshold=min(100.0, low + 0.5))
check("threshold just above the score: unmatched", r["FaceMatches"] == [] and len(r["UnmatchedFaces"]) == 1, r)

# DetectFaces, DEFAULT and ALL.
d = rek.detect_faces(Image={"Bytes": img1})
check("DetectFaces finds the face", len(d["FaceDetails"]) >= 1 and d["FaceDetails"][0]["Confidence"] > 90, d)
check("DetectFaces DEFAULT has no EyesOpen", "EyesOpen" not in d["FaceDetails"][0], d["FaceDetails"][0])
d = rek.detect_faces(Image={"Bytes": img1}, Attributes=["ALL"])
check("DetectFaces ALL adds EyesOpen", "EyesOpen" in d["FaceDetails"][0], d["FaceDetails"][0])

# Errors as AWS names them, through botocore's ClientError.
code, _ = error_code(lambda: rek.compare_faces(SourceImage={"Bytes": b"not an image at all"},
                                               TargetImage={"Bytes": img2}))
check("not an image: InvalidImageFormatException", code == "InvalidImageFormatException", code)
code, _ = error_code(lambda: rek.compare_faces(SourceImage={"Bytes": img1[:3000]}, TargetImage={"Bytes": img2}))
check("truncated image: InvalidImageFormatException", code == "InvalidImageFormatException", code)
code, _ = error_code(lambda: rek.compare_faces(SourceImage={"Bytes": img1 + b"\0" * (5 * 1024 * 1024)},
                                               TargetImage={"Bytes": img2}))
check("over 5 MiB: ImageTooLargeException", code == "ImageTooLargeException", code)
code, _ = error_code(lambda: rek.compare_faces(SourceImage={"S3Object": {"Bucket": "bucket", "Name": "k.jpg"}},
                                               TargetImage={"Bytes": img2}))
check("S3Object: InvalidParameterException", code == "InvalidParameterException", code)
code, resp = error_code(lambda: rek.list_collections())
check("other operation: UnknownOperationException", code == "UnknownOperationException", code)
check("x-amzn-ErrorType on errors",
      resp is not None and resp["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-errortype") == code, resp)

# Authentication.
creds = (os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"])
wrong = client(aws_access_key_id=creds[0], aws_secret_access_key=creds[1][:-1] + ("A" if creds[1][-1] != "A" else "B"))
code, _ = error_code(lambda: wrong.detect_faces(Image={"Bytes": img1}))
check("wrong secret: InvalidSignatureException", code == "InvalidSignatureException", code)
unknown = client(aws_access_key_id="IDMA0000000000000000", aws_secret_access_key=creds[1])
code, _ = error_code(lambda: unknown.detect_faces(Image={"Bytes": img1}))
check("unknown key: UnrecognizedClientException", code == "UnrecognizedClientException", code)
unsigned = boto3.client("rekognition", endpoint_url=endpoint, region_name="us-east-1",
                        config=Config(signature_version=UNSIGNED))
code, _ = error_code(lambda: unsigned.detect_faces(Image={"Bytes": img1}))
check("no credentials: MissingAuthenticationTokenException", code == "MissingAuthenticationTokenException", code)

# A request signed 20 minutes ago (botocore's own signer, clock moved back).
body = json.dumps({"Image": {"Bytes": base64.b64encode(img1).decode()}})
req = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + "/", data=body.encode(), headers={
    "X-Amz-Target": "RekognitionService.DetectFaces", "Content-Type": "application/x-amz-json-1.1"})
stale = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
with mock.patch("botocore.auth.datetime") as dt:
    dt.datetime.utcnow.return_value = stale
    dt.datetime.now.return_value = stale
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*creds), "rekognition", "us-east-1").add_auth(req)
answer = requests.post(endpoint + "/", data=body.encode(), headers=dict(req.headers.items()))
check("stale date: 403 InvalidSignatureException, Signature expired",
      answer.status_code == 403 and answer.json().get("__type") == "InvalidSignatureException"
      and "Signature expired" in answer.json().get("message", ""), answer.text)

# A signed body that is not JSON: SerializationException. A body over the
# server's limit: an AWS-style error, never a bare 413.
def signed_post(payload, target="RekognitionService.DetectFaces"):
    req = botocore.awsrequest.AWSRequest(method="POST", url=endpoint + "/", data=payload, headers={
        "X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*creds), "rekognition", "us-east-1").add_auth(req)
    return requests.post(endpoint + "/", data=payload, headers=dict(req.headers.items()))


answer = signed_post(b"{not json")
check("signed bad JSON: SerializationException", answer.status_code == 400 and
      answer.json().get("__type") == "SerializationException", answer.text)
answer = signed_post(b"{}", target="RekognitionService.IndexFaces")
check("IndexFaces: UnknownOperationException", answer.json().get("__type") == "UnknownOperationException", answer.text)
answer = requests.post(endpoint + "/", data=b"x" * (17 * 1024 * 1024), headers={
    "X-Amz-Target": "RekognitionService.DetectFaces", "Content-Type": "application/x-amz-json-1.1"})
check("17 MiB body: 400 ImageTooLargeException, not a bare 413",
      answer.status_code == 400 and answer.headers.get("x-amzn-ErrorType") == "ImageTooLargeException", answer.text)

# The original sample client's code path (main.py): base64 both images, json.dumps
# with indent=2, then requests' json= (so the body is a JSON string holding the
# object), the key in x-api-key; it prints response.json().
raw_data = {"selfie": base64.b64encode(img1).decode("utf-8"), "dl": base64.b64encode(img2).decode("utf-8")}
json_data = json.dumps(raw_data, indent=2)
response = requests.post(url=endpoint + "/prod/ips", json=json_data, headers={"x-api-key": os.environ["IDMATCH_KEY"]})
value = response.json()
check("original client: 200 and a bare number >= 80",
      response.status_code == 200 and isinstance(value, (int, float)) and value >= 80, response.text[:200])
raw_data["dl"] = base64.b64encode(img3).decode("utf-8")
response = requests.post(url=endpoint + "/prod/ips", json=json.dumps(raw_data, indent=2),
                         headers={"x-api-key": os.environ["IDMATCH_KEY"]})
check("original client, another person: 200 and a number below 80",
      response.status_code == 200 and isinstance(response.json(), (int, float)) and response.json() < 80,
      response.text[:200])
response = requests.post(url=endpoint + "/prod/ips", json=json.dumps({"selfie": "@@@", "dl": "AAAA"}),
                         headers={"x-api-key": os.environ["IDMATCH_KEY"]})
check("original client, bad base64: a JSON error", response.status_code == 400 and
      response.json().get("error", {}).get("code") == "BAD_BASE64", response.text[:200])

print(f"aws_clients: {failures} failed")
sys.exit(1 if failures else 0)
