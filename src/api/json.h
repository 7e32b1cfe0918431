// JSON forms of the public result types (CLI --json and, later, the HTTP API).
// Field names are part of the API: see docs/api.md.
#pragma once

#include <nlohmann/json.hpp>

#include "idmatch/liveness.h"
#include "idmatch/status.h"
#include "idmatch/types.h"

namespace idmatch::api {

nlohmann::json ToJson(const FaceQuality& quality);
nlohmann::json ToJson(const Liveness& liveness);
nlohmann::json ToJson(const Face& face);
nlohmann::json ToJson(const ImageInfo& info);
nlohmann::json ToJson(const ImageTimings& timings);
nlohmann::json ToJson(const DetectResult& result);
nlohmann::json ToJson(const CompareResult& result);
// The v1 HTTP form (Rekognition-like): face_matches are the target faces at
// or above the threshold, unmatched_faces the rest; target_face is the
// primary target face that decides `match`.
nlohmann::json ToV1CompareJson(const CompareResult& result);
// The quality facts an audit row keeps (no pixels, no landmarks): per image
// the deciding face's level, pass/fail and measure scores.
nlohmann::json AuditQualityJson(const CompareResult& result);
// A document read: fields, checks and where the barcode was.
nlohmann::json ToJson(const DocumentRead& read);
// The audit row's document facts: read or not, source, type, issuing country,
// jurisdiction and the checks (no names, dates or numbers).
nlohmann::json AuditDocumentJson(const CompareResult& r);
// A liveness capture's decision: live, score, reasons, the checks and what
// each frame showed (src/api/liveness_json.cpp).
nlohmann::json ToJson(const CaptureResult& result);
// {"error":{"code":"IMAGE_TRUNCATED","message":"..."}}
// GET /v1/vocabulary: {"reasons": {code: words}, "errors": {...}, "checks": {...}},
// every code an answer can carry with the words the web page shows.
nlohmann::json VocabularyJson();

nlohmann::json ErrorJson(const Status& status);
// Serialised JSON for a client, a log or a file: a string that is not valid
// UTF-8 is written with U+FFFD in place of the bad bytes instead of throwing
// (nlohmann's default would turn one bad byte into an HTTP 500). `indent` as
// nlohmann::json::dump (-1 = compact).
std::string Dump(const nlohmann::json& j, int indent = -1);

}  // namespace idmatch::api
