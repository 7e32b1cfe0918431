// Plain result types of the idmatch public API. Pixel coordinates are in the
// decoded, EXIF-oriented image; (0,0) is its top-left corner.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace idmatch {

struct Point {
  float x = 0;
  float y = 0;
};

struct Box {
  float x = 0;  // left edge, pixels
  float y = 0;  // top edge, pixels
  float width = 0;
  float height = 0;
};

// The five alignment landmarks, in the order of the ArcFace template.
enum LandmarkIndex { kLeftEye = 0, kRightEye, kNoseTip, kMouthLeft, kMouthRight };

struct Face {
  Box box;
  std::array<Point, 5> landmarks;  // see LandmarkIndex; "left" = image left
  float detection_score = 0;       // detector confidence, 0..1
  // Mean distance (pixels in the 112x112 aligned crop) between the five
  // landmarks mapped by the alignment transform and the template; small means
  // a clean similarity fit. A large value flags an implausible landmark set.
  float alignment_residual = 0;
};

// Wall-clock milliseconds spent per pipeline stage for one image.
struct ImageTimings {
  double decode_ms = 0;
  double detect_ms = 0;
  double landmarks_ms = 0;
  double embed_ms = 0;  // alignment warp + embedding network
};

struct ImageInfo {
  std::string format;  // "jpeg", "png", "webp", "bmp", "tiff", "heif"
  int width = 0;       // after EXIF orientation
  int height = 0;
  int exif_orientation = 1;  // 1..8 as stored in the file, 1 when absent
};

// All faces of one image, the primary one first.
struct DetectResult {
  ImageInfo image;
  std::vector<Face> faces;  // faces[0] is the primary face when not empty
  ImageTimings timings;
};

// The primary face of one image with its embedding (for enrolment/eval).
struct FaceTemplate {
  ImageInfo image;
  Face face;
  std::vector<float> embedding;  // L2-normalised
  int faces_found = 0;
  ImageTimings timings;
};

struct FaceMatch {
  Face face;
  float similarity = 0;  // 0..100, see CompareResult::similarity
};

struct CompareTimings {
  ImageTimings source;
  ImageTimings target;
  double total_ms = 0;  // end to end, both images (they run in parallel)
};

struct CompareResult {
  // Similarity of the source's primary face to the target's primary face on a
  // 0..100 scale: 100 * clamp(cosine, 0, 1). Documented in docs/accuracy.md.
  float similarity = 0;
  float cosine = 0;     // raw cosine of the two embeddings, -1..1
  float threshold = 0;  // the similarity threshold the decision used
  bool match = false;   // similarity >= threshold
  ImageInfo source_image;
  ImageInfo target_image;
  Face source_face;                      // primary face of the source (selfie)
  std::vector<FaceMatch> target_faces;   // every target face, primary first
  std::vector<Face> source_other_faces;  // further faces found in the source
  std::vector<std::string> reasons;      // machine-readable notes, e.g. MULTIPLE_FACES_IN_SOURCE
  CompareTimings timings;
};

}  // namespace idmatch
