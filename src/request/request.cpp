#include "request/request.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "api/json_scan.h"
#include "core/base64.h"

namespace idmatch::request {
namespace {

// The media type of a Content-Type header: lower case, parameters and
// spaces dropped (media types are case-insensitive, RFC 9110 8.3.1).
std::string MediaType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t;
}

// Every value that is not a string must be valid JSON on its own (the
// top-level scan checks structure, not the small values).
Status CheckSmallValues(const std::map<std::string, api::RawField>& fields) {
  for (const auto& [key, field] : fields) {
    if (!field.is_string && !nlohmann::json::accept(field.raw)) {
      return Status(ErrorCode::kMalformedJson, "the value of '" + key + "' is not valid JSON");
    }
  }
  return Status::Ok();
}

Status Missing(const std::string& field) {
  return Status(ErrorCode::kMissingField, "the required field '" + field + "' is missing");
}

Result<QualityFilter> ParseFilter(const std::string& v) {
  if (auto f = ParseQualityFilter(v)) return *f;
  return Status(ErrorCode::kInvalidArgument, "quality_filter must be one of NONE, AUTO, LOW, MEDIUM, HIGH");
}

// JSON true/false, or the strings "true"/"false" (multipart form fields).
Result<bool> ParseFlag(const nlohmann::json& v, const char* name) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() && (v.get<std::string>() == "true" || v.get<std::string>() == "false")) {
    return v.get<std::string>() == "true";
  }
  std::string msg(name);
  msg += " must be true or false";
  return Status(ErrorCode::kInvalidArgument, msg);
}

Result<SimilarityThreshold> ParseThreshold(const nlohmann::json& v) {
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
  return SimilarityThreshold::Make(t);
}

Status ApplyOptions(const nlohmann::json& threshold, const nlohmann::json& filter, const nlohmann::json& liveness,
                    const nlohmann::json& document, ImageRequest& r) {
  if (!threshold.is_null()) {
    auto t = ParseThreshold(threshold);
    if (!t.ok()) return t.status();
    r.similarity_threshold = *t;
  }
  if (!filter.is_null()) {
    if (!filter.is_string()) return Status(ErrorCode::kInvalidArgument, "quality_filter must be a string");
    auto f = ParseFilter(filter.get<std::string>());
    if (!f.ok()) return f.status();
    r.quality_filter = *f;
  }
  if (!liveness.is_null()) {
    auto l = ParseFlag(liveness, "liveness");
    if (!l.ok()) return l.status();
    r.liveness = *l;
  }
  if (!document.is_null()) {
    auto d = ParseFlag(document, "document");
    if (!d.ok()) return d.status();
    r.read_document = *d;
  }
  return Status::Ok();
}

// The scanned top level of a compare/detect JSON body: `first` (and
// `second` when non-empty) hold the base64 images. Megabytes of base64 make
// a general JSON parser the bottleneck, so the caller scans the top level
// once (api/json_scan.h) and only the small values are parsed here.
using Fields = std::map<std::string, api::RawField>;
Result<ImageRequest> ParseJsonImages(const Fields& scanned, const std::string& first, const std::string& second) {
  ImageRequest r;
  const Fields* fields = &scanned;
  auto small_value = [&](const std::string& key) -> Result<nlohmann::json> {
    auto it = fields->find(key);
    if (it == fields->end()) return nlohmann::json();
    std::string value;
    if (it->second.is_string) value.append(1, '"');
    value.append(it->second.raw);
    if (it->second.is_string) value.append(1, '"');
    nlohmann::json v = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (v.is_discarded()) return Status(ErrorCode::kMalformedJson, "the value of '" + key + "' is not valid JSON");
    return v;
  };
  if (Status s = CheckSmallValues(*fields); !s.ok()) return s;
  auto image = [&](const std::string& field) -> Result<std::string> {
    auto it = fields->find(field);
    if (it == fields->end() || (!it->second.is_string && it->second.raw == "null")) return Missing(field);
    if (!it->second.is_string)
      return Status(ErrorCode::kInvalidArgument, "field '" + field + "' must be a base64 string");
    return base64::DecodeField(it->second.raw, field);
  };
  auto a = image(first);
  if (!a.ok()) return a.status();
  r.source = std::move(a).value();
  if (!second.empty()) {
    auto b = image(second);
    if (!b.ok()) return b.status();
    r.target = std::move(b).value();
  }
  auto threshold = small_value("similarity_threshold");
  if (!threshold.ok()) return threshold.status();
  auto filter = small_value("quality_filter");
  if (!filter.ok()) return filter.status();
  auto liveness = small_value("liveness");
  if (!liveness.ok()) return liveness.status();
  auto document = small_value("document");
  if (!document.ok()) return document.status();
  if (Status s = ApplyOptions(*threshold, *filter, *liveness, *document, r); !s.ok()) return s;
  return r;
}

Status CheckJsonBody(const Body& body, const std::string& ct) {
  if (ct != "application/json" && !ct.empty()) {
    return Status(ErrorCode::kUnsupportedMediaType,
                  "Content-Type must be application/json or multipart/form-data, got '" + ct + "'");
  }
  if (body.json == nullptr || body.json->empty()) return Status(ErrorCode::kMalformedJson, "the request body is empty");
  return Status::Ok();
}

}  // namespace

Result<ImageRequest> ParseLegacyCompareRequest(const Body& body) {
  const std::string ct = MediaType(body.content_type);
  if (ct == "multipart/form-data") return ParseImageRequest(body, true);
  if (Status s = CheckJsonBody(body, ct); !s.ok()) return s;
  const std::string* text = body.json;
  std::string unwrapped;
  const size_t first = text->find_first_not_of(" \t\r\n");
  const bool double_encoded = first != std::string::npos && (*text)[first] == '"';
  if (double_encoded) {
    // The original client: a JSON string whose content is the JSON object.
    nlohmann::json outer = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (outer.is_discarded() || !outer.is_string()) {
      return Status(ErrorCode::kMalformedJson, "the request body is not valid JSON");
    }
    unwrapped = outer.get<std::string>();
    text = &unwrapped;
  }
  auto fields = api::ScanTopLevelObject(*text);
  if (!fields.ok()) return fields.status();
  // Which names the object uses: the original client's selfie/dl, or source/target.
  const bool original_names =
      !fields->count("source") && !fields->count("target") && (fields->count("selfie") || fields->count("dl"));
  auto r = original_names ? ParseJsonImages(*fields, "selfie", "dl") : ParseJsonImages(*fields, "source", "target");
  if (!r.ok()) return r.status();
  r->original_client = original_names || double_encoded;
  return r;
}

Result<ImageRequest> ParseImageRequest(const Body& body, bool want_target) {
  ImageRequest r;
  const std::string first = want_target ? "source" : "image";
  const std::string ct = MediaType(body.content_type);
  if (ct == "multipart/form-data") {
    auto a = body.part(first);
    if (!a || a->empty()) return Missing(first);
    r.source = std::move(*a);
    if (want_target) {
      auto b = body.part("target");
      if (!b || b->empty()) return Missing("target");
      r.target = std::move(*b);
    }
    auto as_json = [&](const char* name) {
      auto v = body.part(name);
      return v ? nlohmann::json(*v) : nlohmann::json();
    };
    if (Status s = ApplyOptions(as_json("similarity_threshold"), as_json("quality_filter"), as_json("liveness"),
                                as_json("document"), r);
        !s.ok()) {
      return s;
    }
    return r;
  }
  if (Status s = CheckJsonBody(body, ct); !s.ok()) return s;
  auto fields = api::ScanTopLevelObject(*body.json);
  if (!fields.ok()) return fields.status();
  return ParseJsonImages(*fields, first, want_target ? "target" : "");
}

Result<std::vector<std::string>> ParseDocumentRequest(const Body& body) {
  static const char* const kSides[] = {"image", "front", "back"};
  std::vector<std::string> sides;
  const std::string ct = MediaType(body.content_type);
  if (ct == "multipart/form-data") {
    for (const char* name : kSides) {
      auto part = body.part(name);
      if (part && !part->empty()) sides.push_back(std::move(*part));
    }
  } else {
    if (ct != "application/json" && !ct.empty()) {
      return Status(ErrorCode::kUnsupportedMediaType,
                    "Content-Type must be application/json or multipart/form-data, got '" + ct + "'");
    }
    if (body.json == nullptr || body.json->empty()) {
      return Status(ErrorCode::kMalformedJson, "the request body is empty");
    }
    auto fields = api::ScanTopLevelObject(*body.json);
    if (!fields.ok()) return fields.status();
    if (Status s = CheckSmallValues(*fields); !s.ok()) return s;
    for (const char* name : kSides) {
      auto it = fields->find(name);
      if (it == fields->end() || (!it->second.is_string && it->second.raw == "null")) continue;
      if (!it->second.is_string) {
        return Status(ErrorCode::kInvalidArgument, std::string("field '") + name + "' must be a base64 string");
      }
      auto bytes = base64::DecodeField(it->second.raw, name);
      if (!bytes.ok()) return bytes.status();
      sides.push_back(std::move(bytes).value());
    }
  }
  if (sides.empty()) {
    return Status(ErrorCode::kMissingField,
                  "give the document photo as 'image', or its sides as 'front' and/or 'back'");
  }
  return sides;
}

namespace {

Status BadTimestamps() {
  return Status(ErrorCode::kInvalidArgument,
                "timestamps_ms must be the frames' capture times in milliseconds: integers, comma separated");
}

Status TooManyFrames(size_t n, size_t max_frames) {
  return Status(ErrorCode::kInvalidArgument,
                "a capture has at most " + std::to_string(max_frames) + " frames; " + std::to_string(n) + " were sent");
}

}  // namespace

Result<std::vector<int64_t>> ParseTimestamps(std::string_view text) {
  std::vector<int64_t> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = std::min(text.find(',', start), text.size());
    std::string item(text.substr(start, comma - start));
    item.erase(0, item.find_first_not_of(" \t\r\n"));
    item.erase(item.find_last_not_of(" \t\r\n") + 1);
    if (item.empty() || item.size() > 15 || item.find_first_not_of("0123456789") != std::string::npos) {
      return BadTimestamps();
    }
    out.push_back(std::stoll(item));
    start = comma + 1;
  }
  return out;
}

Result<CaptureUpload> ParseCaptureRequest(const Body& body, size_t max_frames) {
  CaptureUpload u;
  const std::string ct = MediaType(body.content_type);
  if (ct == "multipart/form-data") {
    u.frames = body.parts ? body.parts("frame") : std::vector<std::string>{};
    if (u.frames.empty()) return Missing("frame");
    if (u.frames.size() > max_frames) return TooManyFrames(u.frames.size(), max_frames);
    auto times = body.part("timestamps_ms");
    if (!times) return Missing("timestamps_ms");
    // "0,120,250", or the same in brackets (a JSON array sent as a form field).
    std::replace(times->begin(), times->end(), '[', ' ');
    std::replace(times->begin(), times->end(), ']', ' ');
    auto parsed = ParseTimestamps(*times);
    if (!parsed.ok()) return parsed.status();
    u.timestamps_ms = std::move(parsed).value();
    if (auto id = body.part("id_photo"); id && !id->empty()) u.id_photo = std::move(*id);
    return u;
  }
  if (Status s = CheckJsonBody(body, ct); !s.ok()) return s;
  auto fields = api::ScanTopLevelObject(*body.json);
  if (!fields.ok()) return fields.status();
  if (Status s = CheckSmallValues(*fields); !s.ok()) return s;
  auto frames = fields->find("frames");
  if (frames == fields->end()) return Missing("frames");
  const auto list = nlohmann::json::parse(frames->second.raw, nullptr, /*allow_exceptions=*/false);
  if (frames->second.is_string || !list.is_array() || list.empty()) {
    return Status(ErrorCode::kInvalidArgument, "frames must be a non-empty array of base64 strings");
  }
  if (list.size() > max_frames) return TooManyFrames(list.size(), max_frames);
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string name = "frames[" + std::to_string(i) + "]";
    if (!list[i].is_string()) return Status(ErrorCode::kInvalidArgument, name + " must be a base64 string");
    auto bytes = base64::DecodeField(list[i].get_ref<const std::string&>(), name);
    if (!bytes.ok()) return bytes.status();
    u.frames.push_back(std::move(bytes).value());
  }
  auto times = fields->find("timestamps_ms");
  if (times == fields->end()) return Missing("timestamps_ms");
  const auto t = nlohmann::json::parse(times->second.raw, nullptr, /*allow_exceptions=*/false);
  if (times->second.is_string || !t.is_array()) return BadTimestamps();
  for (const auto& v : t) {
    if (!v.is_number_integer() || v.get<int64_t>() < 0) return BadTimestamps();
    u.timestamps_ms.push_back(v.get<int64_t>());
  }
  if (auto id = fields->find("id_photo"); id != fields->end() && id->second.is_string) {
    auto bytes = base64::DecodeField(id->second.raw, "id_photo");
    if (!bytes.ok()) return bytes.status();
    u.id_photo = std::move(bytes).value();
  } else if (id != fields->end() && id->second.raw != "null") {
    return Status(ErrorCode::kInvalidArgument, "id_photo must be a base64 string");
  }
  return u;
}

}  // namespace idmatch::request
