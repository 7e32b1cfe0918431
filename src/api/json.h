// JSON forms of the public result types (CLI --json and, later, the HTTP API).
// Field names are part of the API: see docs/api.md.
#pragma once

#include <nlohmann/json.hpp>

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
// {"error":{"code":"IMAGE_TRUNCATED","message":"..."}}
nlohmann::json ErrorJson(const Status& status);

}  // namespace idmatch::api
