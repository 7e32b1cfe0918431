// The OpenAPI 3.0 description of every route, body and error, served at
// /openapi.json. Keep in step with docs/api.md and src/core/status.cpp.
#include <nlohmann/json.hpp>

#include "server/http_server.h"

namespace idmatch::server {
namespace {

nlohmann::json ErrorResponse(const std::string& description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

nlohmann::json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

nlohmann::json ImageBody(bool compare) {
  nlohmann::json json_props =
      compare
          ? nlohmann::json{{"source",
                            {{"type", "string"},
                             {"format", "byte"},
                             {"description", "selfie, base64 (data URL and whitespace accepted)"}}},
                           {"target",
                            {{"type", "string"}, {"format", "byte"}, {"description", "ID document photo, base64"}}},
                           {"similarity_threshold", {{"type", "number"}, {"minimum", 0}, {"maximum", 100}}},
                           {"quality_filter",
                            {{"type", "string"},
                             {"enum", {"NONE", "AUTO", "LOW", "MEDIUM", "HIGH"}},
                             {"description", "faces below this bar are excluded (AUTO: MEDIUM selfie, LOW ID)"}}},
                           {"liveness",
                            {{"type", "boolean"}, {"description", "passive liveness on the selfie (default true)"}}},
                           {"document",
                            {{"type", "boolean"}, {"description", "read the target as an ID document (default true)"}}}}
          : nlohmann::json{
                {"image", {{"type", "string"}, {"format", "byte"}}},
                {"quality_filter", {{"type", "string"}, {"enum", {"NONE", "AUTO", "LOW", "MEDIUM", "HIGH"}}}}};
  nlohmann::json required = compare ? nlohmann::json{"source", "target"} : nlohmann::json{"image"};
  nlohmann::json multipart_props = json_props;
  for (auto& [k, v] : multipart_props.items()) {
    if (v.value("format", "") == "byte") v = {{"type", "string"}, {"format", "binary"}};
  }
  return {
      {"required", true},
      {"content",
       {{"application/json", {{"schema", {{"type", "object"}, {"required", required}, {"properties", json_props}}}}},
        {"multipart/form-data",
         {{"schema", {{"type", "object"}, {"required", required}, {"properties", multipart_props}}}}}}}};
}

nlohmann::json ImageOperation(const std::string& summary, bool compare, const std::string& result_schema) {
  return {{"summary", summary},
          {"security", {{{"ApiKey", nlohmann::json::array()}}, {{"Bearer", nlohmann::json::array()}}}},
          {"requestBody", ImageBody(compare)},
          {"responses",
           {{"200", {{"description", "result"}, {"content", {{"application/json", {{"schema", Ref(result_schema)}}}}}}},
            {"400", ErrorResponse("MALFORMED_JSON, BAD_BASE64, MISSING_FIELD, INVALID_ARGUMENT, IMAGE_CORRUPT, "
                                  "IMAGE_TRUNCATED, IMAGE_EMPTY, IMAGE_TOO_SMALL")},
            {"401", ErrorResponse("UNAUTHENTICATED: missing or unknown API key")},
            {"403", ErrorResponse("PERMISSION_DENIED: revoked API key")},
            {"413", ErrorResponse("PAYLOAD_TOO_LARGE, IMAGE_TOO_LARGE, IMAGE_DIMENSIONS_TOO_LARGE")},
            {"415", ErrorResponse("UNSUPPORTED_MEDIA_TYPE, UNSUPPORTED_IMAGE_FORMAT")},
            {"422", ErrorResponse("NO_FACE_IN_SOURCE, NO_FACE_IN_TARGET, SOURCE_QUALITY_TOO_LOW, "
                                  "TARGET_QUALITY_TOO_LOW (error.reasons lists the failed measures)")},
            {"429", ErrorResponse("RATE_LIMITED (Retry-After header)")},
            {"503", ErrorResponse("OVERLOADED (Retry-After header), UNAVAILABLE (incl. audit write failed: no "
                                  "decision), DEADLINE_EXCEEDED (request_timeout_s)")},
            {"500", ErrorResponse("INTERNAL")}}}};
}

// POST /v1/document: one photo ("image") or the two sides ("front", "back").
nlohmann::json DocumentOperation() {
  nlohmann::json op = ImageOperation(
      "PDF417/AAMVA and ICAO MRZ fields and checks of one ID document from one photo (`image`) or its sides "
      "(`front`, `back`; at least one); 422 DOCUMENT_NOT_READ when nothing is readable",
      false, "DocumentResult");
  const nlohmann::json side = {{"type", "string"}, {"format", "byte"}};
  const nlohmann::json file = {{"type", "string"}, {"format", "binary"}};
  auto& content = op["requestBody"]["content"];
  content["application/json"]["schema"] = {{"type", "object"},
                                           {"properties", {{"image", side}, {"front", side}, {"back", side}}}};
  content["multipart/form-data"]["schema"] = {{"type", "object"},
                                              {"properties", {{"image", file}, {"front", file}, {"back", file}}}};
  op["responses"]["422"] = ErrorResponse("DOCUMENT_NOT_READ: no barcode or MRZ could be read");
  return op;
}

// The liveness challenge routes (docs/api.md, "Liveness challenges").
nlohmann::json LivenessPaths() {
  const nlohmann::json id = {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
  const nlohmann::json file = {{"type", "string"}, {"format", "binary"}};
  const nlohmann::json b64 = {{"type", "string"}, {"format", "byte"}};
  nlohmann::json answer = {
      {"summary",
       "Judge the capture of a challenge, once: live, score, reasons, checks, frames, and with id_photo "
       "the best frame matched against it"},
      {"parameters", {id}},
      {"requestBody",
       {{"required", true},
        {"content",
         {{"multipart/form-data",
           {{"schema",
             {{"type", "object"},
              {"required", {"frame", "timestamps_ms"}},
              {"properties",
               {{"frame", {{"type", "array"}, {"items", file}}},
                {"timestamps_ms", {{"type", "string"}, {"description", "comma-separated capture times, ms"}}},
                {"id_photo", file}}}}}}},
          {"application/json",
           {{"schema",
             {{"type", "object"},
              {"required", {"frames", "timestamps_ms"}},
              {"properties",
               {{"frames", {{"type", "array"}, {"items", b64}}},
                {"timestamps_ms", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                {"id_photo", b64}}}}}}}}}}},
      {"responses",
       {{"200",
         {{"description",
           "{id, actions, live, score, reasons, checks, frames, reference_frame, best_frame, "
           "match?, timings, request_id}"}}},
        {"400",
         ErrorResponse("MISSING_FIELD, INVALID_ARGUMENT, BAD_BASE64, MALFORMED_JSON, IMAGE_* (\"frame N: ...\")")},
        {"401", ErrorResponse("UNAUTHENTICATED")},
        {"404", ErrorResponse("NOT_FOUND (also another key's challenge)")},
        {"409", ErrorResponse("CHALLENGE_REUSED")},
        {"410", ErrorResponse("CHALLENGE_EXPIRED")},
        {"503", ErrorResponse("OVERLOADED, UNAVAILABLE, DEADLINE_EXCEEDED")}}}};
  return {{"/v1/liveness/challenges",
           {{"post",
             {{"summary", "A one-time liveness challenge: id, 2-3 actions and their words, expiry, capture rules"},
              {"responses",
               {{"201", {{"description", "{id, actions, instructions, expires_at, expires_in_s, capture, submit}"}}},
                {"401", ErrorResponse("UNAUTHENTICATED")}}}}}}},
          {"/v1/liveness/challenges/{id}",
           {{"post", answer},
            {"get",
             {{"summary", "A challenge's state (pending, judged, expired) and decision"},
              {"parameters", {id}},
              {"responses",
               {{"200", {{"description", "{id, actions, state, live?, score?, reasons, similarity?, match?}"}}},
                {"404", ErrorResponse("NOT_FOUND")}}}}}}}};
}

nlohmann::json BuildDocument() {
  const nlohmann::json box = {{"type", "object"},
                              {"properties",
                               {{"x", {{"type", "number"}}},
                                {"y", {{"type", "number"}}},
                                {"width", {{"type", "number"}}},
                                {"height", {{"type", "number"}}}}}};
  nlohmann::json point = {{"type", "object"}};
  point["properties"] = {{"type", {{"type", "string"}}}, {"x", {{"type", "number"}}}, {"y", {{"type", "number"}}}};
  nlohmann::json face = {{"type", "object"}};
  face["properties"]["box"] = box;
  face["properties"]["landmarks"] = {{"type", "array"}, {"items", point}};
  face["properties"]["detection_confidence"] = {{"type", "number"}};
  face["properties"]["alignment_residual"] = {{"type", "number"}};
  face["properties"]["greyscale"] = {{"type", "boolean"},
                                     {"description",
                                      "no colour in the face (a greyscale ID portrait); compare then "
                                      "embeds the selfie in greyscale too"}};
  face["properties"]["similarity"] = {{"type", "number"}};
  face["properties"]["excluded_by_quality"] = {{"type", "boolean"}};
  nlohmann::json measure = {{"type", "object"}};
  measure["properties"] = {{"name", {{"type", "string"}}},  {"assessed", {{"type", "boolean"}}},
                           {"value", {{"type", "number"}}}, {"unit", {{"type", "string"}}},
                           {"score", {{"type", "number"}}}, {"passed", {{"type", "boolean"}}},
                           {"reason", {{"type", "string"}}}};
  nlohmann::json quality = {{"type", "object"}};
  quality["properties"] = {{"assessed", {{"type", "boolean"}}},
                           {"level", {{"type", "string"}}},
                           {"passed", {{"type", "boolean"}}},
                           {"reasons", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                           {"measures", {{"type", "array"}, {"items", measure}}}};
  face["properties"]["quality"] = quality;
  nlohmann::json liveness = {{"type", "object"}};
  liveness["properties"] = {{"assessed", {{"type", "boolean"}}},
                            {"live", {{"type", "boolean"}}},
                            {"score", {{"type", "number"}}},
                            {"threshold", {{"type", "number"}}},
                            {"reason", {{"type", "string"}}},
                            {"recapture_probability", {{"type", "number"}}},
                            {"other_attack_probability", {{"type", "number"}}}};
  nlohmann::json doc = {
      {"openapi", "3.0.3"},
      {"info", {{"title", "idmatch"}, {"version", "1"}, {"description", "Selfie vs ID document face verification."}}},
      {"paths",
       {{"/v1/compare",
         {{"post", ImageOperation("Compare a selfie (source) with an ID photo (target)", true, "CompareResult")}}},
        {"/prod/ips",
         {{"post", ImageOperation("Original route: compare, plus `confidence` (0-100); the original sample "
                                  "client's double-encoded {selfie, dl} request is answered with the bare "
                                  "similarity number",
                                  true, "CompareResult")}}},
        {"/",
         {{"post",
           {{"summary",
             "Amazon Rekognition JSON 1.1 API (X-Amz-Target RekognitionService.CompareFaces or DetectFaces, "
             "AWS Signature V4); members as in Rekognition's service model (docs/migrating-from-rekognition.md)"},
            {"responses",
             {{"200", {{"description", "CompareFaces / DetectFaces answer (application/x-amz-json-1.1)"}}},
              {"400", {{"description", "{\"__type\": \"<AWS exception>\", \"message\"}"}}},
              {"403", {{"description", "MissingAuthenticationTokenException, InvalidSignatureException"}}}}}}}}},
        {"/v1/detect", {{"post", ImageOperation("Every face in one image", false, "DetectResult")}}},
        {"/v1/document", {{"post", DocumentOperation()}}},
        {"/v1/liveness/challenges", LivenessPaths()["/v1/liveness/challenges"]},
        {"/v1/liveness/challenges/{id}", LivenessPaths()["/v1/liveness/challenges/{id}"]},
        {"/v1/verifications",
         {{"get",
           {{"summary", "Audit records, keyset-paged (own records; admin keys see all)"},
            {"parameters",
             {{{"name", "since"}, {"in", "query"}, {"schema", {{"type", "string"}, {"format", "date-time"}}}},
              {{"name", "until"}, {"in", "query"}, {"schema", {{"type", "string"}, {"format", "date-time"}}}},
              {{"name", "decision"},
               {"in", "query"},
               {"schema", {{"type", "string"}, {"enum", {kDecisionMatch, kDecisionNoMatch}}}}},
              {{"name", "limit"},
               {"in", "query"},
               {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}}},
              {{"name", "cursor"}, {"in", "query"}, {"schema", {{"type", "string"}}}}}},
            {"responses",
             {{"200", {{"description", "{records: [...], next_cursor: string or null}"}}},
              {"400", ErrorResponse("INVALID_ARGUMENT")},
              {"401", ErrorResponse("UNAUTHENTICATED")}}}}}}},
        {"/v1/verifications/{id}",
         {{"get",
           {{"summary", "The audit record of one compare (own records; admin keys see all)"},
            {"parameters", {{{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}}}},
            {"responses",
             {{"200",
               {{"description",
                 "the record: id, created_at, key_id, route, decision, "
                 "similarity, threshold, reasons, model_versions, model_profile, latency_ms"}}},
              {"401", ErrorResponse("UNAUTHENTICATED")},
              {"404", ErrorResponse("NOT_FOUND (also for another key's record)")}}}}},
          {"delete",
           {{"summary", "Erase an audit record"},
            {"parameters", {{{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}}}},
            {"responses", {{"200", {{"description", "deleted"}}}, {"404", ErrorResponse("NOT_FOUND")}}}}}}},
        {"/healthz", {{"get", {{"summary", "Process is up"}, {"responses", {{"200", {{"description", "ok"}}}}}}}}},
        {"/readyz",
         {{"get",
           {{"summary", "Models loaded and database reachable"},
            {"responses",
             {{"200",
               {{"description",
                 "ready: {status, models (package@version list), model_profile, threshold (80 unless configured), "
                 "database}"}}},
              {"503", {{"description", "not ready"}}}}}}}}},
        {"/metrics",
         {{"get",
           {{"summary", "Prometheus metrics"}, {"responses", {{"200", {{"description", "text format 0.0.4"}}}}}}}}},
        {"/openapi.json",
         {{"get", {{"summary", "This document"}, {"responses", {{"200", {{"description", "OpenAPI 3.0"}}}}}}}}},
        {"/v1/vocabulary",
         {{"get",
           {{"summary", "Every reason, error and check code with its plain words"},
            {"responses",
             {{"200",
               {{"description",
                 "{\"reasons\": {code: words}, \"errors\": {code: words}, \"checks\": {name: words}}"}}}}}}}}}}},
      {"components",
       {{"securitySchemes",
         {{"ApiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "x-api-key"}}},
          {"Bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Face", face},
          {"Error",
           {{"type", "object"},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"reasons", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                  {"request_id", {{"type", "string"}}}}}}}}}}},
          {"CompareResult",
           {{"type", "object"},
            {"properties",
             {{"request_id", {{"type", "string"}}},
              {"match", {{"type", "boolean"}}},
              {"retake",
               {{"type", "boolean"},
                {"description",
                 "not a match and not a reliable non-match: the ID portrait was too small in the photo "
                 "(DOCUMENT_PORTRAIT_TOO_SMALL); ask for a closer photo of the ID"}}},
              {"similarity",
               {{"type", "number"},
                {"minimum", 0},
                {"maximum", 100},
                {"description",
                 "calibrated 0-100, the same scale in every profile: 80 = estimated false-match rate 1e-4, "
                 "each 10 points above it 10x fewer (docs/accuracy.md)"}}},
              {"confidence", {{"type", "number"}, {"description", "/prod/ips only; equals similarity"}}},
              {"threshold", {{"type", "number"}, {"description", "the similarity threshold applied (default 80)"}}},
              {"cosine", {{"type", "number"}, {"description", "the raw cosine of the two embeddings, -1..1"}}},
              {"false_match_rate",
               {{"type", "number"},
                {"description",
                 "estimated fraction of strangers' comparisons scoring at least this similarity (1e-6 at 100 "
                 "means 1e-6 or less)"}}},
              {"false_non_match_rate",
               {{"type", "number"},
                {"nullable", true},
                {"description",
                 "estimated share of genuine holders rejected at this threshold when the target is a "
                 "photographed ID card whose portrait is this size (measured on printed cards, default "
                 "profile, thresholds 70-95; null otherwise; docs/accuracy.md)"}}},
              {"similarity_scale", {{"type", "integer"}, {"description", "version of the similarity scale (4)"}}},
              {"model_profile",
               {{"type", "string"},
                {"enum", {"default", "open", "fusion"}},
                {"description", "the model profile that produced the scores (docs/models.md)"}}},
              {"source_face", Ref("Face")},
              {"target_face", Ref("Face")},
              {"face_matches", {{"type", "array"}, {"items", Ref("Face")}}},
              {"unmatched_faces", {{"type", "array"}, {"items", Ref("Face")}}},
              {"source_other_faces", {{"type", "array"}, {"items", Ref("Face")}}},
              {"reasons", {{"type", "array"}, {"items", {{"type", "string"}}}}},
              {"quality_filter", {{"type", "string"}}},
              {"liveness", liveness},
              {"document",
               {{"allOf", {Ref("DocumentResult")}},
                {"description",
                 "the target read as a document; {read: false, reason: DOCUMENT_NOT_READ} when "
                 "nothing was readable; absent when document reading was off"}}},
              {"model_versions", {{"type", "string"}}},
              {"timings_ms", {{"type", "object"}}}}}}},
          {"DocumentResult",
           {{"type", "object"},
            {"description",
             "read, source, type, issuing_country, jurisdiction, family_name, given_names, name_suffix, "
             "birth_date, expiry_date, issue_date (YYYY-MM-DD), document_number, sex, address {street, city, "
             "postal_code}, truncated_fields, uncertain_fields and field_confidence (MRZ from a photo), raw, "
             "warnings, checks [{name, assessed, passed, reason}] (not_expired, minimum_age, check_digits, "
             "fields_certain: MRZ_FIELD_UNCERTAIN, barcode_mrz_consistent), other_reads, barcode_orientation, "
             "mrz_orientation, request_id; every string UTF-8"}}},
          {"DetectResult",
           {{"type", "object"},
            {"properties",
             {{"request_id", {{"type", "string"}}},
              {"image", {{"type", "object"}}},
              {"faces", {{"type", "array"}, {"items", Ref("Face")}}},
              {"model_profile", {{"type", "string"}, {"enum", {"default", "open", "fusion"}}}},
              {"timings_ms", {{"type", "object"}}}}}}}}}}}};
  return doc;
}

}  // namespace

const std::string& OpenApiJson() {
  static const std::string text = BuildDocument().dump(2);
  return text;
}

}  // namespace idmatch::server
