#include "server/rekognition.h"

#include <algorithm>
#include <cmath>

#include "core/base64.h"

namespace idmatch::server::rekognition {
namespace {

using nlohmann::json;

Status Invalid(const std::string& message) { return Status(ErrorCode::kInvalidArgument, message); }

Result<json> ParseObject(const std::string& body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status(ErrorCode::kMalformedJson, "the request body is not valid JSON");
  if (!j.is_object()) return Status(ErrorCode::kMalformedJson, "the request body must be a JSON object");
  return j;
}

// An Image structure: {"Bytes": "<base64>"}. S3Object is Rekognition's other
// form; idmatch runs offline and refuses it by name.
Result<std::string> ImageBytes(const json& request, const char* member) {
  auto it = request.find(member);
  if (it == request.end() || !it->is_object()) {
    return Invalid(std::string("1 validation error detected: Value null at '") + member +
                   "' failed to satisfy constraint: Member must not be null");
  }
  if (it->contains("S3Object")) {
    return Invalid(std::string(member) + ".S3Object is not supported: idmatch runs without AWS; send the image as " +
                   member + ".Bytes");
  }
  auto bytes = it->find("Bytes");
  if (bytes == it->end() || !bytes->is_string()) {
    return Invalid(std::string("Requested image should either contain bytes or s3 object (") + member + ".Bytes)");
  }
  auto decoded = base64::DecodeField(bytes->get_ref<const std::string&>(), std::string(member) + ".Bytes");
  if (!decoded.ok()) return decoded.status();
  if (decoded->empty()) return Status(ErrorCode::kImageEmpty, std::string(member) + ".Bytes is empty");
  if (decoded->size() > kMaxImageBytes) {
    return Status(ErrorCode::kImageTooLarge, std::string(member) + " is " + std::to_string(decoded->size()) +
                                                 " bytes; the limit for image bytes is 5242880");
  }
  return std::move(decoded).value();
}

double Fraction(double v, int size) { return size > 0 ? v / size : 0.0; }

json BoundingBox(const Box& b, const ImageInfo& image) {
  return {{"Width", Fraction(b.width, image.width)},
          {"Height", Fraction(b.height, image.height)},
          {"Left", Fraction(b.x, image.width)},
          {"Top", Fraction(b.y, image.height)}};
}

const QualityMeasure* MeasureNamed(const Face& f, std::string_view name) {
  for (const auto& m : f.quality.measures) {
    if (m.name == name && m.assessed) return &m;
  }
  return nullptr;
}

double Value(const Face& f, std::string_view name, double otherwise = 0) {
  const auto* m = MeasureNamed(f, name);
  return m ? m->value : otherwise;
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

// The members every face of both operations carries.
json FaceDetail(const Face& f, const ImageInfo& image) {
  // AWS landmark names; "Left" is the image's left, as idmatch's order is.
  static constexpr const char* kTypes[5] = {"eyeLeft", "eyeRight", "nose", "mouthLeft", "mouthRight"};
  json landmarks = json::array();
  for (size_t i = 0; i < f.landmarks.size(); ++i) {
    landmarks.push_back({{"Type", kTypes[i]},
                         {"X", Fraction(f.landmarks[i].x, image.width)},
                         {"Y", Fraction(f.landmarks[i].y, image.height)}});
  }
  // Brightness: the face's mean luma on 0-100; Sharpness: the sharpness
  // measure's 0-100 score (docs/quality.md).
  const auto* sharpness = MeasureNamed(f, "sharpness");
  return {{"BoundingBox", BoundingBox(f.box, image)},
          {"Landmarks", landmarks},
          {"Pose",
           {{"Roll", Round(Value(f, "head_roll"), 100)},
            {"Yaw", Round(Value(f, "head_yaw"), 100)},
            {"Pitch", Round(Value(f, "head_pitch"), 100)}}},
          {"Quality",
           {{"Brightness", Round(Value(f, "exposure", 127.5) / 255.0 * 100.0, 100)},
            {"Sharpness", Round(sharpness ? sharpness->score : 50.0, 100)}}},
          {"Confidence", Round(100.0 * f.detection_score, 1000)}};
}

// SourceImageFace: the box and confidence only, as Rekognition gives it.
json SourceImageFace(const Face& f, const ImageInfo& image) {
  return {{"BoundingBox", BoundingBox(f.box, image)}, {"Confidence", Round(100.0 * f.detection_score, 1000)}};
}

}  // namespace

Result<CompareFacesRequest> ParseCompareFaces(const std::string& body) {
  auto j = ParseObject(body);
  if (!j.ok()) return j.status();
  CompareFacesRequest r;
  auto source = ImageBytes(*j, "SourceImage");
  if (!source.ok()) return source.status();
  auto target = ImageBytes(*j, "TargetImage");
  if (!target.ok()) return target.status();
  r.source = std::move(source).value();
  r.target = std::move(target).value();
  if (auto t = j->find("SimilarityThreshold"); t != j->end() && !t->is_null()) {
    if (!t->is_number() || t->get<double>() < 0 || t->get<double>() > 100) {
      return Invalid("SimilarityThreshold must be a number from 0 to 100");
    }
    r.similarity_threshold = t->get<float>();
  }
  if (auto q = j->find("QualityFilter"); q != j->end() && !q->is_null()) {
    auto filter = q->is_string() ? ParseQualityFilter(q->get<std::string>()) : std::nullopt;
    if (!filter) return Invalid("QualityFilter must be one of NONE, AUTO, LOW, MEDIUM, HIGH");
    r.quality_filter = *filter;
  }
  return r;
}

Result<DetectFacesRequest> ParseDetectFaces(const std::string& body) {
  auto j = ParseObject(body);
  if (!j.ok()) return j.status();
  DetectFacesRequest r;
  auto image = ImageBytes(*j, "Image");
  if (!image.ok()) return image.status();
  r.image = std::move(image).value();
  if (auto a = j->find("Attributes"); a != j->end() && !a->is_null()) {
    if (!a->is_array()) return Invalid("Attributes must be a list of DEFAULT or ALL");
    for (const auto& v : *a) {
      if (!v.is_string() || (v != "DEFAULT" && v != "ALL")) {
        return Invalid("Attributes may hold DEFAULT or ALL; idmatch computes no other face attributes");
      }
      r.all_attributes = r.all_attributes || v == "ALL";
    }
  }
  return r;
}

json CompareFacesJson(const CompareResult& r) {
  struct Scored {
    float similarity;
    json face;
  };
  std::vector<Scored> matches, unmatched;
  for (const auto& m : r.target_faces) {
    if (m.excluded) continue;  // the quality filter removed it, as Rekognition's does
    (m.similarity >= r.threshold ? matches : unmatched).push_back({m.similarity, FaceDetail(m.face, r.target_image)});
  }
  std::stable_sort(matches.begin(), matches.end(),
                   [](const Scored& a, const Scored& b) { return a.similarity > b.similarity; });
  json face_matches = json::array(), unmatched_faces = json::array();
  for (const auto& m : matches) face_matches.push_back({{"Similarity", Round(m.similarity, 1000)}, {"Face", m.face}});
  for (const auto& u : unmatched) unmatched_faces.push_back(u.face);
  return {{"SourceImageFace", SourceImageFace(r.source_face, r.source_image)},
          {"FaceMatches", face_matches},
          {"UnmatchedFaces", unmatched_faces}};
}

json CompareFacesNoTargetFaceJson(const DetectResult& source) {
  const json source_face = source.faces.empty() ? json::object() : SourceImageFace(source.faces[0], source.image);
  return {{"SourceImageFace", source_face}, {"FaceMatches", json::array()}, {"UnmatchedFaces", json::array()}};
}

json DetectFacesJson(const DetectResult& result, bool all_attributes) {
  json details = json::array();
  for (const auto& f : result.faces) {
    json d = FaceDetail(f, result.image);
    if (all_attributes) {
      if (const auto* eyes = MeasureNamed(f, "eyes_open")) {
        // eyes_open is P(open) in 0..1 (docs/quality.md).
        const bool open = eyes->value >= 0.5;
        d["EyesOpen"] = {{"Value", open}, {"Confidence", Round(100.0 * (open ? eyes->value : 1 - eyes->value), 1000)}};
      }
    }
    details.push_back(d);
  }
  return {{"FaceDetails", details}};
}

json ErrorJson(const Status& status) {
  return {{"__type", AwsErrorFor(status.code()).type}, {"message", status.message()}, {"Message", status.message()}};
}

}  // namespace idmatch::server::rekognition
