// The words of idmatch's answers: every reason code a compare can give, every
// quality problem, every document check, the roles of faces on a document and
// where document fields were read. Each is an enum with one table (code +
// plain words) in src/core/vocabulary.cpp; answers carry the codes, the web
// page and the CLI take the words from here (GET /v1/vocabulary serves them).
// Error codes have their own table in status.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idmatch {

// Which faces are excluded before matching (as Rekognition CompareFaces'
// QualityFilter). NONE excludes nothing but still reports every measure judged
// at the AUTO bars; AUTO is MEDIUM for the selfie and LOW for the document
// portrait (small, printed, behind a laminate). Bars: docs/quality.md.
enum class QualityFilter { kNone, kAuto, kLow, kMedium, kHigh };
std::string_view QualityFilterName(QualityFilter f);  // "NONE", "AUTO", ...
std::optional<QualityFilter> ParseQualityFilter(std::string_view name);

// A note on a compare's decision, in the order the verdict lists them.
enum class Reason {
  kMultipleFacesInSource,         // the selfie shows several faces; the primary one was used
  kSourceFacesCompete,            // two selfie faces are about equally the subject: the choice is close
  kGhostPortraitFound,            // the document's ghost portrait was found (never matched against)
  kMultipleFacesInTarget,         // another person's face on the document photo
  kTargetTurned,                  // the document photo was turned upright
  kTargetFacesExcludedByQuality,  // some document faces failed the quality filter
  kLive,                          // liveness: the selfie looks live
  kSpoofSuspectedRecapture,       // liveness: a photo of a screen or print
  kSpoofSuspected,                // liveness: the model's other attack class
  kLivenessDisabled,              // liveness was not asked for
  kLivenessNotAssessed,           // liveness was asked for but could not run
  kDocumentNotRead,               // no barcode or MRZ could be read
  kDocumentExpired,               // document check not_expired failed
  kUnderMinimumAge,               // document check minimum_age failed
  kMrzCheckDigitFailed,           // document check check_digits failed
  kMrzFieldUncertain,             // document check fields_certain failed
  kBarcodeMrzMismatch,            // document check barcode_mrz_consistent failed
  kDocumentPortraitTooSmall,      // a non-match on a portrait too small to decide: retake closer
  kSimilarityAboveThreshold,      // the faces are similar enough
  kSimilarityBelowThreshold,      // the faces are not similar enough
  kNotAssessed,                   // a quality measure could not be computed (QualityMeasure::reason)
};
std::string_view ReasonCode(Reason reason);  // "GHOST_PORTRAIT_FOUND"
std::optional<Reason> ParseReason(std::string_view code);

// Why a challenge-response liveness capture is not live (CaptureCheck::reason
// in liveness.h; the passive check's failure is Reason::kSpoofSuspectedRecapture).
enum class CaptureReason {
  kTooFewFrames,           // fewer frames than the capture rules ask for
  kTimestampsImplausible,  // capture times not increasing, or too short or long a capture
  kFramesRepeated,         // the same frame sent twice
  kFaceLost,               // no face in too many frames
  kMultipleFaces,          // a second person in a frame
  kFaceChanged,            // another person's face in a frame
  kChallengeNotFollowed,   // an action not seen, or not in the asked order
  kPlanarMotion,           // the face moved as a flat picture moves
};
std::string_view CaptureReasonCode(CaptureReason reason);  // "PLANAR_MOTION"

// Why a face fails a quality measure. The code a client sees is prefixed by
// the face's side: SELFIE_TOO_DARK, DOCUMENT_TOO_DARK, IMAGE_TOO_DARK.
enum class QualityProblem {
  kTooBlurry,
  kTooDark,
  kTooBright,
  kLowContrast,
  kFaceTooSmall,
  kHeadTurned,
  kHeadPitched,
  kHeadTilted,
  kEyesClosed,
  kFaceCutOff,
};
enum class FaceSide { kSelfie, kDocument, kImage };
std::string_view QualityProblemCode(QualityProblem problem);           // "TOO_DARK"
std::string QualityReasonCode(FaceSide side, QualityProblem problem);  // "SELFIE_TOO_DARK"
// A quality reason code in words a person retaking the photo understands,
// without the side: "the face is too dark (face a light source)".
std::string_view QualityProblemWords(std::string_view code);

// The checks run on a read document (docs/document.md).
enum class DocumentCheckKind { kNotExpired, kMinimumAge, kCheckDigits, kFieldsCertain, kBarcodeMrzConsistent };
std::string_view DocumentCheckName(DocumentCheckKind kind);  // "not_expired"

// Where a document's fields were read.
enum class DocumentSource { kPdf417, kMrz };
std::string_view DocumentSourceName(DocumentSource source);  // "pdf417", "mrz"

// What a face found on the document photo is.
enum class TargetFaceRole {
  kPortrait,  // the deciding face
  kGhost,     // a smaller copy of the portrait's face (ID-card ghost image): reported, never matched
  kOther,     // any other face
};
std::string_view TargetFaceRoleName(TargetFaceRole role);  // "portrait", "ghost", "other"

// A decision as the audit trail, the access log and the metrics name it.
inline constexpr std::string_view kDecisionMatch = "match";
inline constexpr std::string_view kDecisionNoMatch = "no_match";
inline std::string_view DecisionName(bool match) { return match ? kDecisionMatch : kDecisionNoMatch; }

// Any code of an answer (a Reason, a side-prefixed quality reason, an
// ErrorCode, a document check name) in plain words for the person in front of
// the camera; the code itself when it is unknown.
std::string WordsFor(std::string_view code);

// Every code with its words, for GET /v1/vocabulary and the docs check.
struct VocabularyEntry {
  std::string code;
  std::string words;
};
struct Vocabulary {
  std::vector<VocabularyEntry> reasons;  // Reason codes and every side-prefixed quality reason
  std::vector<VocabularyEntry> errors;   // ErrorCode names
  std::vector<VocabularyEntry> checks;   // document check names
};
const Vocabulary& AllWords();

}  // namespace idmatch
