#include "server/request.h"

#include <nlohmann/json.hpp>

#include "api/base64.h"
#include "api/json_scan.h"

namespace idmatch::server {
namespace {

Status Missing(const std::string& field) {
  return Status(ErrorCode::kMissingField, "the required field '" + field + "' is missing");
}

Result<QualityFilter> ParseQualityFilter(const std::string& v) {
  if (v == "NONE") return QualityFilter::kNone;
  if (v == "AUTO") return QualityFilter::kAuto;
  if (v == "LOW") return QualityFilter::kLow;
  if (v == "MEDIUM") return QualityFilter::kMedium;
  if (v == "HIGH") return QualityFilter::kHigh;
  return Status(ErrorCode::kInvalidArgument, "quality_filter must be one of NONE, AUTO, LOW, MEDIUM, HIGH");
}

Result<float> ParseThreshold(const nlohmann::json& v) {
  double t = -1;
  if (v.is_number()) {
    t = v.get<double>();
  } else if (v.is_string()) {
    try {
      size_t used = 0;
      const std::string s = v.get<std::string>();
      t = std::stod(s, &used);
      if (used != s.size()) t = -1;
    } catch (const std::exception&) {
      t = -1;
    }
  }
  if (!(t >= 0 && t <= 100)) {
    return Status(ErrorCode::kInvalidArgument, "similarity_threshold must be a number between 0 and 100");
  }
  return static_cast<float>(t);
}

Status ApplyOptions(const nlohmann::json& threshold, const nlohmann::json& filter, ImageRequest& r) {
  if (!threshold.is_null()) {
    auto t = ParseThreshold(threshold);
    if (!t.ok()) return t.status();
    r.similarity_threshold = *t;
  }
  if (!filter.is_null()) {
    if (!filter.is_string()) return Status(ErrorCode::kInvalidArgument, "quality_filter must be a string");
    auto f = ParseQualityFilter(filter.get<std::string>());
    if (!f.ok()) return f.status();
    r.quality_filter = *f;
  }
  return Status::Ok();
}

}  // namespace

std::string QualityFilterName(QualityFilter f) {
  switch (f) {
    case QualityFilter::kNone: return "NONE";
    case QualityFilter::kAuto: return "AUTO";
    case QualityFilter::kLow: return "LOW";
    case QualityFilter::kMedium: return "MEDIUM";
    case QualityFilter::kHigh: return "HIGH";
  }
  return "AUTO";
}

Result<ImageRequest> ParseImageRequest(const Body& body, bool want_target) {
  ImageRequest r;
  const std::string first = want_target ? "source" : "image";
  const std::string ct = body.content_type.substr(0, body.content_type.find(';'));
  if (ct == "multipart/form-data") {
    auto a = body.part(first);
    if (!a || a->empty()) return Missing(first);
    r.source = std::move(*a);
    if (want_target) {
      auto b = body.part("target");
      if (!b || b->empty()) return Missing("target");
      r.target = std::move(*b);
    }
    auto t = body.part("similarity_threshold");
    auto f = body.part("quality_filter");
    if (Status s =
            ApplyOptions(t ? nlohmann::json(*t) : nlohmann::json(), f ? nlohmann::json(*f) : nlohmann::json(), r);
        !s.ok()) {
      return s;
    }
    return r;
  }
  if (ct != "application/json" && !ct.empty()) {
    return Status(ErrorCode::kUnsupportedMediaType,
                  "Content-Type must be application/json or multipart/form-data, got '" + ct + "'");
  }
  if (body.json == nullptr || body.json->empty()) return Status(ErrorCode::kMalformedJson, "the request body is empty");
  // Megabytes of base64 make a general JSON parser the bottleneck, so the
  // top level is scanned (api/json_scan.h) and only small values are parsed.
  auto fields = api::ScanTopLevelObject(*body.json);
  if (!fields.ok()) return fields.status();
  auto small_value = [&](const std::string& key) -> Result<nlohmann::json> {
    auto it = fields->find(key);
    if (it == fields->end()) return nlohmann::json();
    std::string text;
    if (it->second.is_string) text.append(1, '"');
    text.append(it->second.raw);
    if (it->second.is_string) text.append(1, '"');
    nlohmann::json v = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (v.is_discarded()) return Status(ErrorCode::kMalformedJson, "the value of '" + key + "' is not valid JSON");
    return v;
  };
  for (const auto& [key, field] : *fields) {
    if (key == first || key == "target" || field.is_string) continue;
    if (!nlohmann::json::accept(field.raw)) {
      return Status(ErrorCode::kMalformedJson, "the value of '" + key + "' is not valid JSON");
    }
  }
  auto image = [&](const std::string& field) -> Result<std::string> {
    auto it = fields->find(field);
    if (it == fields->end() || (!it->second.is_string && it->second.raw == "null")) return Missing(field);
    if (!it->second.is_string)
      return Status(ErrorCode::kInvalidArgument, "field '" + field + "' must be a base64 string");
    return api::DecodeBase64Field(it->second.raw, field);
  };
  auto a = image(first);
  if (!a.ok()) return a.status();
  r.source = std::move(a).value();
  if (want_target) {
    auto b = image("target");
    if (!b.ok()) return b.status();
    r.target = std::move(b).value();
  }
  auto threshold = small_value("similarity_threshold");
  if (!threshold.ok()) return threshold.status();
  auto filter = small_value("quality_filter");
  if (!filter.ok()) return filter.status();
  if (Status s = ApplyOptions(*threshold, *filter, r); !s.ok()) return s;
  return r;
}

}  // namespace idmatch::server
