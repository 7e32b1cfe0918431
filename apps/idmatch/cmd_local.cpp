// `idmatch compare` and `idmatch detect` on local files.
#include <cstdio>
#include <iostream>

#include "api/json.h"
#include "cli.h"

namespace idmatch::cli {
namespace {

void PrintFace(const Face& f, const char* indent) {
  std::printf("%sbox x=%.0f y=%.0f w=%.0f h=%.0f  score=%.3f  residual=%.2f\n", indent, f.box.x, f.box.y, f.box.width,
              f.box.height, f.detection_score, f.alignment_residual);
}

void PrintTimings(const char* name, const ImageTimings& t) {
  std::printf(
      "  %-7s decode %.1f ms, detect %.1f ms, landmarks %.1f ms, embed %.1f ms, quality %.1f ms, liveness %.1f ms\n",
      name, t.decode_ms, t.detect_ms, t.landmarks_ms, t.embed_ms, t.quality_ms, t.liveness_ms);
}

void PrintQuality(const FaceQuality& q, const char* indent) {
  if (!q.assessed) return;
  std::printf("%squality (%s): %s", indent, q.level.c_str(), q.passed ? "passed" : "FAILED");
  for (const auto& m : q.measures) {
    if (m.assessed) {
      std::printf("  %s=%.3g", m.name.c_str(), m.value);
    } else {
      std::printf("  %s=n/a", m.name.c_str());
    }
  }
  std::printf("\n");
}

// --quality-filter NONE|AUTO|LOW|MEDIUM|HIGH
Result<QualityFilter> FilterFlag(const Args& args) {
  const auto v = args.Get("--quality-filter");
  if (!v) return QualityFilter::kAuto;
  if (auto f = ParseQualityFilter(*v)) return *f;
  return Status(ErrorCode::kInvalidArgument, "--quality-filter must be one of NONE, AUTO, LOW, MEDIUM, HIGH");
}

}  // namespace

int RunCompare(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 2, WithSettingFlags({"--url", "--api-key", "--quality-filter"}),
                        {"--json", "--no-liveness"});
  if (!args.ok()) return Fail(args.status(), false);
  const bool json = args->Has("--json");
  if (args->positional.size() != 2) {
    return Fail(Status(ErrorCode::kInvalidArgument,
                       "usage: idmatch compare SOURCE TARGET [--json] [--threshold T] [--quality-filter F] "
                       "[--no-liveness] [--url URL --api-key KEY]"),
                json);
  }
  auto filter = FilterFlag(*args);
  if (!filter.ok()) return Fail(filter.status(), json);
  auto source = ReadFile(args->positional[0]);
  if (!source.ok()) return Fail(source.status(), json);
  auto target = ReadFile(args->positional[1]);
  if (!target.ok()) return Fail(target.status(), json);
  if (args->Has("--url")) return RunRemoteCompare(*args, *source, *target);
  auto engine = MakeEngine(*args, false);
  if (!engine.ok()) return Fail(engine.status(), json);
  CompareOptions options;
  options.quality_filter = *filter;
  if (args->Has("--no-liveness")) options.liveness = false;
  auto result = (*engine)->Compare(*source, *target, options);
  if (!result.ok()) return Fail(result.status(), json);
  const CompareResult& r = *result;
  if (json) {
    auto j = api::ToJson(r);
    j["model_versions"] = (*engine)->model_versions();
    std::cout << api::Dump(j, 2) << "\n";
    return 0;
  }
  std::printf("%s  similarity %.1f (threshold %.1f, estimated false-match rate %.2g%s, model profile %s)\n",
              r.match    ? "MATCH"
              : r.retake ? "RETAKE (portrait too small)"
                         : "NO MATCH",
              r.similarity, r.threshold, r.false_match_rate, r.similarity >= 100.0f ? " or less" : "",
              r.model_profile.c_str());
  std::printf("source %s %dx%d, primary face:\n", r.source_image.format.c_str(), r.source_image.width,
              r.source_image.height);
  PrintFace(r.source_face, "  ");
  PrintQuality(r.source_face.quality, "    ");
  if (r.liveness.assessed) {
    std::printf("  liveness %.1f (threshold %.1f): %s\n", r.liveness.score, r.liveness.threshold,
                std::string(ReasonCode(r.liveness.reason)).c_str());
  } else {
    std::printf("  liveness: %s\n", std::string(ReasonCode(r.liveness.reason)).c_str());
  }
  std::printf("target %s %dx%d, %zu face(s):\n", r.target_image.format.c_str(), r.target_image.width,
              r.target_image.height, r.target_faces.size());
  for (const auto& m : r.target_faces) {
    std::printf("  similarity %.1f%s  ", m.similarity, m.excluded ? " (excluded by quality)" : "");
    PrintFace(m.face, "");
    PrintQuality(m.face.quality, "    ");
  }
  for (const auto& reason : r.reasons) std::printf("reason: %s\n", reason.c_str());
  std::printf("timings (total %.1f ms):\n", r.timings.total_ms);
  PrintTimings("source", r.timings.source);
  PrintTimings("target", r.timings.target);
  return 0;
}

int RunDetect(int argc, char** argv) {
  auto args = ParseArgs(argc, argv, 2, WithSettingFlags({"--quality-filter"}), {"--json"});
  if (!args.ok()) return Fail(args.status(), false);
  const bool json = args->Has("--json");
  if (args->positional.size() != 1) {
    return Fail(Status(ErrorCode::kInvalidArgument, "usage: idmatch detect IMAGE [--json] [--quality-filter F]"), json);
  }
  auto filter = FilterFlag(*args);
  if (!filter.ok()) return Fail(filter.status(), json);
  auto bytes = ReadFile(args->positional[0]);
  if (!bytes.ok()) return Fail(bytes.status(), json);
  auto engine = MakeEngine(*args, /*exhaustive_detection=*/true);
  if (!engine.ok()) return Fail(engine.status(), json);
  auto result = (*engine)->Detect(*bytes, DetectOptions{*filter});
  if (!result.ok()) return Fail(result.status(), json);
  if (json) {
    std::cout << api::Dump(api::ToJson(*result), 2) << "\n";
    return 0;
  }
  std::printf("%s %dx%d (EXIF orientation %d): %zu face(s)\n", result->image.format.c_str(), result->image.width,
              result->image.height, result->image.exif_orientation, result->faces.size());
  for (size_t i = 0; i < result->faces.size(); ++i) {
    std::printf("  %s ", i == 0 ? "primary" : "other  ");
    PrintFace(result->faces[i], "");
    PrintQuality(result->faces[i].quality, "    ");
  }
  PrintTimings("image", result->timings);
  return 0;
}

}  // namespace idmatch::cli
