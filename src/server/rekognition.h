// The Amazon Rekognition JSON 1.1 API's two face operations, as plain
// functions: parse a CompareFaces / DetectFaces request body into images and
// options, and render idmatch's one verdict (or a detection) with the
// service model's exact member names, which botocore's parser needs (it
// drops unknown members). No HTTP here: server/aws_http.cpp does transport,
// signatures, audit and errors.
//
// What is rendered (docs/migrating-from-rekognition.md):
//   BoundingBox {Width, Height, Left, Top}: fractions of the (upright) image;
//   Landmarks [{Type, X, Y}]: eyeLeft, eyeRight, nose, mouthLeft, mouthRight,
//     "left" on the image's left as AWS names it, X/Y fractions;
//   Pose {Roll, Yaw, Pitch} degrees and Quality {Brightness, Sharpness}
//     0-100 from idmatch's quality measures; Confidence 0-100 = detection;
//   Similarity on idmatch's calibrated scale (80 = FMR 1e-4).
//
// Thread contract: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "idmatch/engine.h"
#include "idmatch/status.h"

namespace idmatch::server::rekognition {

// Rekognition's limit on an image passed as bytes: 5 MiB after base64 decoding.
inline constexpr size_t kMaxImageBytes = 5u * 1024 * 1024;

struct CompareFacesRequest {
  std::string source;  // decoded SourceImage.Bytes
  std::string target;  // decoded TargetImage.Bytes
  float similarity_threshold = 80;
  QualityFilter quality_filter = QualityFilter::kNone;  // Rekognition's CompareFaces default
};

struct DetectFacesRequest {
  std::string image;
  bool all_attributes = false;  // Attributes contains "ALL"
};

// kMalformedJson (SerializationException) for a body that is not a JSON
// object; kInvalidArgument naming the member for a missing or wrong one (an
// S3Object image is refused: only Bytes); kBadBase64; kImageTooLarge over 5 MiB.
Result<CompareFacesRequest> ParseCompareFaces(const std::string& body);
Result<DetectFacesRequest> ParseDetectFaces(const std::string& body);

// The CompareFaces answer. `faces_in_source` is the verdict's source face;
// target faces the quality filter excluded are left out (as Rekognition
// filters them); the others are split by Similarity >= the request's
// threshold, FaceMatches sorted by Similarity, highest first.
nlohmann::json CompareFacesJson(const CompareResult& result);

// The answer when the target has no face: the source face, no matches.
nlohmann::json CompareFacesNoTargetFaceJson(const DetectResult& source);

// The DetectFaces answer (Attributes ALL adds EyesOpen, the one further
// attribute idmatch measures; nothing is invented).
nlohmann::json DetectFacesJson(const DetectResult& result, bool all_attributes);

// {"__type": "<AWS exception name>", "message": "..."} for a status.
nlohmann::json ErrorJson(const Status& status);

}  // namespace idmatch::server::rekognition
