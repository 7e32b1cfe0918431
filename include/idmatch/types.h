// Plain result types of the idmatch public API. Pixel coordinates are in the
// decoded, EXIF-oriented image; (0,0) is its top-left corner.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "idmatch/vocabulary.h"

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

// One quality measure of one face (the OFIQ pattern: raw value -> 0..100
// score -> pass/fail at the quality level in use). Names, units, score curves
// and level cut-offs are listed in docs/quality.md.
struct QualityMeasure {
  std::string name;       // "sharpness", "exposure", "contrast", "face_size", "head_yaw", ...
  bool assessed = false;  // false: the measure could not be computed (reason = "NOT_ASSESSED")
  float value = 0;        // raw value in `unit`
  std::string unit;       // e.g. "px", "deg", "ratio", "luma"
  float score = 0;        // 0..100, higher is better
  bool passed = true;     // at the level in use; a measure that was not assessed passes
  std::string reason;     // failure code, e.g. "SELFIE_TOO_BLURRY"; empty when passed
};

struct FaceQuality {
  bool assessed = false;                 // false when quality assessment is disabled
  std::string level;                     // "LOW", "MEDIUM" or "HIGH": the bar `passed` was judged at
  std::vector<QualityMeasure> measures;  // fixed order, see docs/quality.md
  bool passed = true;                    // every assessed measure passed
  // Failure codes of the failed measures, in measure order.
  std::vector<std::string> reasons;
};

struct Face {
  Box box;
  std::array<Point, 5> landmarks;  // see LandmarkIndex; "left" = image left
  float detection_score = 0;       // detector confidence, 0..1
  // Mean distance (pixels in the 112x112 aligned crop) between the five
  // landmarks mapped by the alignment transform and the template; small means
  // a clean similarity fit. A large value flags an implausible landmark set.
  float alignment_residual = 0;
  // The face shows no colour: the median chroma of the middle of its box is
  // under kGreyscaleFaceChroma (a greyscale or laser-engraved ID portrait, a
  // black-and-white photo). Compare then embeds the selfie in greyscale too
  // (EngineConfig::greyscale_matching).
  bool greyscale = false;
  FaceQuality quality;
};

// Distance between the face's eye centres, pixels: how much detail it has
// (the quality measure face_size, the retake rule's measure).
inline float EyeDistance(const Face& face) {
  return std::hypot(face.landmarks[kRightEye].x - face.landmarks[kLeftEye].x,
                    face.landmarks[kRightEye].y - face.landmarks[kLeftEye].y);
}

// Passive presentation-attack detection on the selfie (fr_liveness).
struct Liveness {
  bool assessed = false;  // false: disabled, or the check could not run
  float score = 0;        // 0..100: 100 * P(live)
  float threshold = 0;    // live when score >= threshold
  bool live = false;
  // kLive, kSpoofSuspectedRecapture (a photo of a screen or print),
  // kSpoofSuspected (the model's other attack class, meaning unknown),
  // kLivenessDisabled or kLivenessNotAssessed. See docs/quality.md.
  Reason reason = Reason::kLivenessDisabled;
  float recapture_probability = 0;     // model class 1
  float other_attack_probability = 0;  // model class 2
};

// What a document reader found on an ID document: the PDF417/AAMVA barcode
// of a US/Canadian licence or the ICAO 9303 MRZ. Dates are YYYY-MM-DD.
struct DocumentFields {
  DocumentSource source = DocumentSource::kPdf417;
  std::string type;             // "DL", "ID" (AAMVA); "P", "I", "V"... (MRZ document code)
  std::string issuing_country;  // "USA", "CAN", or the MRZ's ICAO code
  std::string jurisdiction;     // state/province (AAMVA DAJ)
  std::string family_name;
  std::string given_names;  // space separated, middle names included
  std::string name_suffix;  // "JR", "3RD"... (AAMVA) or ""
  std::string birth_date;   // YYYY-MM-DD or ""
  std::string expiry_date;  // YYYY-MM-DD or ""
  std::string issue_date;   // YYYY-MM-DD or ""
  std::string document_number;
  std::string sex;          // "M", "F", "X" or ""
  std::string street;       // AAMVA DAG; "" for an MRZ
  std::string city;         // AAMVA DAI
  std::string postal_code;  // AAMVA DAK as printed (ZIP+4 without the dash)
  // Fields the document itself marks as truncated (AAMVA DDE/DDF/DDG).
  std::vector<std::string> truncated_fields;
  // MRZ: how sure the OCR is of each field, 0..1 (the smallest margin of any
  // of its characters over the next-best character the position allows,
  // docs/document.md); empty for a barcode, whose error correction makes
  // every field certain.
  std::map<std::string, float> field_confidence;
  // Fields whose reading is not clearly ahead of another reading (reason
  // MRZ_FIELD_UNCERTAIN): their value is the best guess, not a fact.
  std::vector<std::string> uncertain_fields;
  std::map<std::string, std::string> raw;  // every element / field as read
  std::vector<std::string> warnings;
  bool mrz_checks_valid = true;  // MRZ only: every check digit and the composite
};

// One check on a read document (docs/document.md lists them).
struct DocumentCheck {
  DocumentCheckKind kind = DocumentCheckKind::kNotExpired;
  bool assessed = false;  // false when the needed field is missing
  bool passed = true;
  // On failure: kDocumentExpired, kUnderMinimumAge, kMrzCheckDigitFailed, ...
  std::optional<Reason> reason;
};

struct DocumentRead {
  // The primary read: the MRZ when its check digits validate, else the
  // barcode, else an MRZ with failed checks.
  DocumentFields fields;
  std::vector<DocumentFields> other_reads;  // further reads of the document (another source or side)
  std::vector<DocumentCheck> checks;        // of the primary read, plus barcode-vs-MRZ consistency
  int barcode_orientation = 0;              // degrees the barcode was turned from upright
  int mrz_orientation = 0;                  // degrees the MRZ was turned from upright (0..359)
};

// Wall-clock milliseconds spent per pipeline stage for one image.
struct ImageTimings {
  double decode_ms = 0;
  double detect_ms = 0;
  double landmarks_ms = 0;
  double embed_ms = 0;     // alignment warp + embedding network
  double quality_ms = 0;   // every quality measure of every face
  double liveness_ms = 0;  // source only
  double document_ms = 0;  // target only: reading the barcode / MRZ
};

struct ImageInfo {
  std::string format;  // "jpeg", "png", "webp", "bmp", "tiff", "heif"
  int width = 0;       // after EXIF orientation
  int height = 0;
  int exif_orientation = 1;  // 1..8 as stored in the file, 1 when absent
  // Degrees clockwise the (EXIF-oriented) image had to be turned for its
  // faces to stand upright: 0, or 90/180/270 for a document photographed
  // sideways or upside down (target images only; coordinates stay in the
  // unturned image).
  int upright_rotation = 0;
};

// All faces of one image, the primary one first.
struct DetectResult {
  ImageInfo image;
  std::vector<Face> faces;  // faces[0] is the primary face when not empty
  ImageTimings timings;
  std::string model_profile;  // "default", "open" or "fusion"
};

// The primary face of one image with its embedding (for enrolment/eval).
struct FaceTemplate {
  ImageInfo image;
  Face face;
  // L2-normalised per model and concatenated in the profile's order
  // (pipeline/profile.h): only comparable with templates of the same profile.
  std::vector<float> embedding;
  int faces_found = 0;
  ImageTimings timings;
  std::string model_profile;
};

struct FaceMatch {
  Face face;
  float similarity = 0;   // 0..100 calibrated, see CompareResult::similarity
  bool excluded = false;  // failed the quality filter: never the deciding face
  TargetFaceRole role = TargetFaceRole::kOther;
  // Counts as a match for the response's face_matches list: not excluded, not
  // a ghost, similarity at or above the decision's threshold (the verdict sets it).
  bool matches = false;
};

struct CompareTimings {
  ImageTimings source;
  ImageTimings target;
  double total_ms = 0;  // end to end, both images (they run in parallel)
};

struct CompareResult {
  // Similarity of the source's primary face to the target's primary face on
  // the calibrated 0..100 scale (the same in every profile): 80 means an
  // estimated false-match rate of 1e-4, each 10 points above it 10x fewer.
  // Documented in docs/accuracy.md, "The similarity scale".
  float similarity = 0;
  // The estimated false-match rate at `similarity`: the fraction of
  // strangers' comparisons that score at least this high (lfw-dev fit;
  // 1e-6 at 100 means 1e-6 or less).
  double false_match_rate = 1;
  int similarity_scale = 0;  // version of the scale (pipeline/calibration.h)
  // Raw cosine of the two embeddings, -1..1 (fusion: of the concatenated
  // per-model vectors, i.e. the mean of the two models' cosines).
  float cosine = 0;
  std::string model_profile;  // the profile that produced the scores
  float threshold = 0;        // the similarity threshold the decision used
  bool match = false;         // similarity >= threshold
  // The estimated share of genuine holders a decision like this one rejects:
  // card-vs-selfie FNMR at the threshold for a photographed ID card whose
  // portrait's eyes are as far apart as this one's (measured on printed
  // cards, docs/accuracy.md "When to retake"); 0..1. Unset when there is no
  // measurement for the decision: a profile other than `default`, or a
  // threshold outside the measured 70-95. A target that is an ordinary photo,
  // not a card, fares better (lfw-dev photo-vs-photo: 1.3% at 80).
  std::optional<double> false_non_match_rate;
  // Not a match, and not a reliable non-match either: the document portrait
  // was too small in the photo to tell faces apart (reason
  // DOCUMENT_PORTRAIT_TOO_SMALL). Ask the user to photograph the ID again,
  // closer; do not treat the answer as evidence against them.
  bool retake = false;
  ImageInfo source_image;
  ImageInfo target_image;
  Face source_face;  // primary face of the source (selfie)
  // Every target face; the deciding face (best-placed face that passed the
  // quality filter) first, excluded faces after the usable ones.
  std::vector<FaceMatch> target_faces;
  std::vector<Face> source_other_faces;  // further faces found in the source
  std::vector<std::string> reasons;      // machine-readable notes, e.g. MULTIPLE_FACES_IN_SOURCE
  std::string quality_filter;            // the filter applied: NONE, AUTO, LOW, MEDIUM, HIGH
  Liveness liveness;                     // of the source's primary face
  // The target read as an ID document, when the compare asked for it
  // (CompareOptions::read_document): empty when nothing was readable.
  bool document_requested = false;
  std::optional<DocumentRead> document;
  // L2-normalised embeddings of the source's primary face and of the deciding
  // target face (not part of the JSON output; kept for audit when enabled).
  std::vector<float> source_embedding;
  std::vector<float> target_embedding;
  CompareTimings timings;
};

}  // namespace idmatch
