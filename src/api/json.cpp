#include "api/json.h"

#include <cmath>

namespace idmatch::api {
namespace {

// Two decimals are plenty for pixels, scores and milliseconds.
double R2(double v) { return std::round(v * 100.0) / 100.0; }
// A rate to three significant digits (1.23e-05): R2 would round it to 0.
double FalseMatchRate(double v) {
  if (v <= 0) return 0;
  const double scale = std::pow(10.0, 2 - std::floor(std::log10(v)));
  return std::round(v * scale) / scale;
}

nlohmann::json ChecksJson(const std::vector<DocumentCheck>& checks) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& k : checks) {
    nlohmann::json j = {{"name", DocumentCheckName(k.kind)}, {"assessed", k.assessed}, {"passed", k.passed}};
    if (k.reason) j["reason"] = ReasonCode(*k.reason);
    out.push_back(j);
  }
  return out;
}

}  // namespace

nlohmann::json ToJson(const FaceQuality& q) {
  nlohmann::json measures = nlohmann::json::array();
  for (const auto& m : q.measures) {
    nlohmann::json j = {{"name", m.name}, {"assessed", m.assessed}, {"unit", m.unit}};
    if (m.assessed) {
      j["value"] = std::round(m.value * 1000.0) / 1000.0;
      j["score"] = R2(m.score);
    }
    j["passed"] = m.passed;
    if (!m.reason.empty()) j["reason"] = m.reason;
    measures.push_back(j);
  }
  return {{"assessed", q.assessed},
          {"level", q.level},
          {"passed", q.passed},
          {"reasons", q.reasons},
          {"measures", measures}};
}

nlohmann::json ToJson(const Liveness& l) {
  nlohmann::json j = {{"assessed", l.assessed}, {"reason", ReasonCode(l.reason)}};
  if (l.assessed) {
    j["live"] = l.live;
    j["score"] = R2(l.score);
    j["threshold"] = R2(l.threshold);
    j["recapture_probability"] = std::round(l.recapture_probability * 10000.0) / 10000.0;
    j["other_attack_probability"] = std::round(l.other_attack_probability * 10000.0) / 10000.0;
  }
  return j;
}

nlohmann::json ToJson(const Face& f) {
  static constexpr const char* kNames[5] = {"left_eye", "right_eye", "nose_tip", "mouth_left", "mouth_right"};
  nlohmann::json landmarks = nlohmann::json::array();
  for (size_t i = 0; i < f.landmarks.size(); ++i) {
    landmarks.push_back({{"type", kNames[i]}, {"x", R2(f.landmarks[i].x)}, {"y", R2(f.landmarks[i].y)}});
  }
  return {{"box", {{"x", R2(f.box.x)}, {"y", R2(f.box.y)}, {"width", R2(f.box.width)}, {"height", R2(f.box.height)}}},
          {"landmarks", landmarks},
          {"detection_confidence", R2(100.0 * f.detection_score)},
          {"alignment_residual", R2(f.alignment_residual)},
          {"greyscale", f.greyscale},
          {"quality", ToJson(f.quality)}};
}

nlohmann::json ToJson(const ImageInfo& i) {
  return {{"format", i.format},
          {"width", i.width},
          {"height", i.height},
          {"exif_orientation", i.exif_orientation},
          {"upright_rotation", i.upright_rotation}};
}

nlohmann::json ToJson(const ImageTimings& t) {
  return {{"decode", R2(t.decode_ms)},    {"detect", R2(t.detect_ms)},   {"landmarks", R2(t.landmarks_ms)},
          {"embed", R2(t.embed_ms)},      {"quality", R2(t.quality_ms)}, {"liveness", R2(t.liveness_ms)},
          {"document", R2(t.document_ms)}};
}

nlohmann::json ToJson(const DetectResult& r) {
  nlohmann::json faces = nlohmann::json::array();
  for (const auto& f : r.faces) faces.push_back(ToJson(f));
  return {{"image", ToJson(r.image)},
          {"faces", faces},
          {"timings_ms", ToJson(r.timings)},
          {"model_profile", r.model_profile}};
}

nlohmann::json ToJson(const CompareResult& r) {
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& m : r.target_faces) {
    auto j = ToJson(m.face);
    j["similarity"] = R2(m.similarity);
    j["excluded_by_quality"] = m.excluded;
    j["role"] = TargetFaceRoleName(m.role);
    targets.push_back(j);
  }
  nlohmann::json others = nlohmann::json::array();
  for (const auto& f : r.source_other_faces) others.push_back(ToJson(f));
  nlohmann::json out = {{"match", r.match},
                        {"retake", r.retake},
                        {"similarity", R2(r.similarity)},
                        {"threshold", R2(r.threshold)},
                        {"model_profile", r.model_profile},
                        {"cosine", std::round(r.cosine * 10000.0) / 10000.0},
                        {"false_match_rate", FalseMatchRate(r.false_match_rate)},
                        {"false_non_match_rate", r.false_non_match_rate
                                                     ? nlohmann::json(std::round(*r.false_non_match_rate * 1000) / 1000)
                                                     : nlohmann::json(nullptr)},
                        {"similarity_scale", r.similarity_scale},
                        {"source_image", ToJson(r.source_image)},
                        {"target_image", ToJson(r.target_image)},
                        {"source_face", ToJson(r.source_face)},
                        {"source_other_faces", others},
                        {"target_faces", targets},
                        {"reasons", r.reasons},
                        {"quality_filter", r.quality_filter},
                        {"liveness", ToJson(r.liveness)},
                        {"timings_ms",
                         {{"source", ToJson(r.timings.source)},
                          {"target", ToJson(r.timings.target)},
                          {"total", R2(r.timings.total_ms)}}}};
  if (r.document) {
    out["document"] = ToJson(*r.document);
  } else if (r.document_requested) {
    out["document"] = {{"read", false}, {"reason", ReasonCode(Reason::kDocumentNotRead)}};
  }
  return out;
}

nlohmann::json ToV1CompareJson(const CompareResult& r) {
  nlohmann::json j = ToJson(r);
  nlohmann::json matches = nlohmann::json::array(), unmatched = nlohmann::json::array(),
                 ghosts = nlohmann::json::array();
  for (size_t i = 0; i < r.target_faces.size(); ++i) {
    // The verdict decided each face's role and whether it matches.
    if (r.target_faces[i].role == TargetFaceRole::kGhost) {
      ghosts.push_back(j["target_faces"][i]);
      continue;
    }
    (r.target_faces[i].matches ? matches : unmatched).push_back(j["target_faces"][i]);
  }
  j["target_face"] = j["target_faces"][0];
  j["face_matches"] = matches;
  j["unmatched_faces"] = unmatched;
  j["ghost_faces"] = ghosts;
  j.erase("target_faces");
  return j;
}

nlohmann::json AuditQualityJson(const CompareResult& r) {
  auto side = [](const Face& f) {
    nlohmann::json scores = nlohmann::json::object();
    for (const auto& m : f.quality.measures) scores[m.name] = m.assessed ? nlohmann::json(R2(m.score)) : nullptr;
    return nlohmann::json{
        {"assessed", f.quality.assessed}, {"level", f.quality.level}, {"passed", f.quality.passed}, {"scores", scores}};
  };
  return {{"source", side(r.source_face)},
          {"target", r.target_faces.empty() ? nlohmann::json() : side(r.target_faces[0].face)}};
}

nlohmann::json AuditDocumentJson(const CompareResult& r) {
  if (!r.document) return {{"read", false}, {"reason", ReasonCode(Reason::kDocumentNotRead)}};
  const auto& f = r.document->fields;
  return {{"read", true},
          {"source", DocumentSourceName(f.source)},
          {"type", f.type},
          {"issuing_country", f.issuing_country},
          {"jurisdiction", f.jurisdiction},
          {"checks", ChecksJson(r.document->checks)}};
}

nlohmann::json ToJson(const DocumentRead& read) {
  auto fields = [](const DocumentFields& f) {
    nlohmann::json j{{"source", DocumentSourceName(f.source)},
                     {"type", f.type},
                     {"issuing_country", f.issuing_country},
                     {"jurisdiction", f.jurisdiction},
                     {"family_name", f.family_name},
                     {"given_names", f.given_names},
                     {"name_suffix", f.name_suffix},
                     {"birth_date", f.birth_date},
                     {"expiry_date", f.expiry_date},
                     {"issue_date", f.issue_date},
                     {"document_number", f.document_number},
                     {"sex", f.sex},
                     {"address", {{"street", f.street}, {"city", f.city}, {"postal_code", f.postal_code}}},
                     {"truncated_fields", f.truncated_fields},
                     {"uncertain_fields", f.uncertain_fields},
                     {"raw", f.raw},
                     {"warnings", f.warnings}};
    if (!f.field_confidence.empty()) {
      nlohmann::json confidence = nlohmann::json::object();
      for (const auto& [name, c] : f.field_confidence) confidence[name] = std::round(c * 1000.0) / 1000.0;
      j["field_confidence"] = confidence;
    }
    return j;
  };
  nlohmann::json out = fields(read.fields);
  out["read"] = true;
  out["checks"] = ChecksJson(read.checks);
  nlohmann::json others = nlohmann::json::array();
  for (const auto& r : read.other_reads) others.push_back(fields(r));
  out["other_reads"] = others;
  out["barcode_orientation"] = read.barcode_orientation;
  out["mrz_orientation"] = read.mrz_orientation;
  return out;
}

std::string Dump(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json VocabularyJson() {
  auto table = [](const std::vector<VocabularyEntry>& entries) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& e : entries) out[e.code] = e.words;
    return out;
  };
  const auto& words = AllWords();
  return {{"reasons", table(words.reasons)}, {"errors", table(words.errors)}, {"checks", table(words.checks)}};
}

nlohmann::json ErrorJson(const Status& s) {
  nlohmann::json e = {{"code", std::string(ErrorCodeName(s.code()))}, {"message", s.message()}};
  if (!s.details().empty()) e["reasons"] = s.details();
  return {{"error", e}};
}

}  // namespace idmatch::api
