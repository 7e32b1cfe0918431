#include "idmatch/vocabulary.h"

#include <array>

#include "idmatch/status.h"

namespace idmatch {
namespace {

template <typename Enum>
struct Row {
  Enum value;
  std::string_view code;
  std::string_view words;
};

// The one table of decision reasons. The web page and the CLI show `words`;
// tests/unit/vocabulary_test.cpp checks every enum value has one row.
constexpr std::array kReasons = {
    Row<Reason>{Reason::kMultipleFacesInSource, "MULTIPLE_FACES_IN_SOURCE",
                "The selfie shows more than one face; the main one was used."},
    Row<Reason>{Reason::kSourceFacesCompete, "SOURCE_FACES_COMPETE",
                "Two faces in the selfie are about the same size and place; the larger, more central one was "
                "compared. Retake the selfie with only your face in the picture."},
    Row<Reason>{Reason::kGhostPortraitFound, "GHOST_PORTRAIT_FOUND",
                "The document's small ghost portrait was found; the main portrait was used."},
    Row<Reason>{Reason::kMultipleFacesInTarget, "MULTIPLE_FACES_IN_TARGET",
                "The ID photo shows more than one person's face; the document portrait was used."},
    Row<Reason>{Reason::kTargetTurned, "TARGET_TURNED",
                "The ID photo was sideways or upside down; it was turned upright."},
    Row<Reason>{Reason::kTargetFacesExcludedByQuality, "TARGET_FACES_EXCLUDED_BY_QUALITY",
                "Some faces on the ID photo were too poor to use."},
    Row<Reason>{Reason::kLive, "LIVE", "The selfie looks like a live person."},
    Row<Reason>{Reason::kSpoofSuspectedRecapture, "SPOOF_SUSPECTED_RECAPTURE",
                "The selfie looks like a photo of a screen or a print."},
    Row<Reason>{Reason::kSpoofSuspected, "SPOOF_SUSPECTED", "The selfie looks like a presentation attack."},
    Row<Reason>{Reason::kLivenessDisabled, "LIVENESS_DISABLED", "Liveness was not checked."},
    Row<Reason>{Reason::kLivenessNotAssessed, "LIVENESS_NOT_ASSESSED", "Liveness could not be checked."},
    Row<Reason>{Reason::kDocumentNotRead, "DOCUMENT_NOT_READ",
                "Nothing on the ID photo could be read (no barcode or MRZ found)."},
    Row<Reason>{Reason::kDocumentExpired, "DOCUMENT_EXPIRED", "The document has expired."},
    Row<Reason>{Reason::kUnderMinimumAge, "UNDER_MINIMUM_AGE", "The holder is under the minimum age."},
    Row<Reason>{Reason::kMrzCheckDigitFailed, "MRZ_CHECK_DIGIT_FAILED",
                "A check digit of the machine-readable zone does not match."},
    Row<Reason>{Reason::kMrzFieldUncertain, "MRZ_FIELD_UNCERTAIN",
                "Part of the machine-readable zone could not be read with certainty: check the flagged fields by "
                "eye or retake the photo."},
    Row<Reason>{Reason::kBarcodeMrzMismatch, "BARCODE_MRZ_MISMATCH",
                "The barcode and the machine-readable zone disagree."},
    Row<Reason>{Reason::kDocumentPortraitTooSmall, "DOCUMENT_PORTRAIT_TOO_SMALL",
                "The portrait on the ID is too small in the photo to tell the faces apart reliably. Move the camera "
                "closer so the card fills the frame, and retake the photo of the ID."},
    Row<Reason>{Reason::kSimilarityAboveThreshold, "SIMILARITY_ABOVE_THRESHOLD",
                "The faces are similar enough to be the same person."},
    Row<Reason>{Reason::kSimilarityBelowThreshold, "SIMILARITY_BELOW_THRESHOLD", "The faces are not similar enough."},
    Row<Reason>{Reason::kNotAssessed, "NOT_ASSESSED", "This could not be measured."},
};

// Quality problems; the words say what to do about them (docs/quality.md).
constexpr std::array kQualityProblems = {
    Row<QualityProblem>{QualityProblem::kTooBlurry, "TOO_BLURRY",
                        "the face is blurred (hold still, clean the lens, let the camera focus)"},
    Row<QualityProblem>{QualityProblem::kTooDark, "TOO_DARK", "the face is too dark (face a light source)"},
    Row<QualityProblem>{QualityProblem::kTooBright, "TOO_BRIGHT",
                        "the face is overexposed (avoid direct light or flash glare)"},
    Row<QualityProblem>{QualityProblem::kLowContrast, "LOW_CONTRAST", "the face is washed out (too little contrast)"},
    Row<QualityProblem>{QualityProblem::kFaceTooSmall, "FACE_TOO_SMALL",
                        "the face is too small in the picture (move closer)"},
    Row<QualityProblem>{QualityProblem::kHeadTurned, "HEAD_TURNED",
                        "the head is turned sideways (look straight at the camera)"},
    Row<QualityProblem>{QualityProblem::kHeadPitched, "HEAD_PITCHED",
                        "the head is tilted up or down (look straight at the camera)"},
    Row<QualityProblem>{QualityProblem::kHeadTilted, "HEAD_TILTED", "the head is tilted sideways (hold it upright)"},
    Row<QualityProblem>{QualityProblem::kEyesClosed, "EYES_CLOSED", "the eyes are closed"},
    Row<QualityProblem>{QualityProblem::kFaceCutOff, "FACE_CUT_OFF", "the face is cut off by the edge of the picture"},
};

constexpr std::array kQualityFilters = {
    Row<QualityFilter>{QualityFilter::kNone, "NONE", "nothing is excluded; failed measures are advice"},
    Row<QualityFilter>{QualityFilter::kAuto, "AUTO", "MEDIUM for the selfie, LOW for the document portrait"},
    Row<QualityFilter>{QualityFilter::kLow, "LOW", "only clearly unusable faces are excluded"},
    Row<QualityFilter>{QualityFilter::kMedium, "MEDIUM", "faces below the medium bar are excluded"},
    Row<QualityFilter>{QualityFilter::kHigh, "HIGH", "only good faces are used"},
};

constexpr std::array kSides = {
    Row<FaceSide>{FaceSide::kSelfie, "SELFIE_", "Selfie"},
    Row<FaceSide>{FaceSide::kDocument, "DOCUMENT_", "ID photo"},
    Row<FaceSide>{FaceSide::kImage, "IMAGE_", "Image"},
};

constexpr std::array kChecks = {
    Row<DocumentCheckKind>{DocumentCheckKind::kNotExpired, "not_expired", "Not expired"},
    Row<DocumentCheckKind>{DocumentCheckKind::kMinimumAge, "minimum_age", "Minimum age"},
    Row<DocumentCheckKind>{DocumentCheckKind::kCheckDigits, "check_digits", "Check digits"},
    Row<DocumentCheckKind>{DocumentCheckKind::kFieldsCertain, "fields_certain", "Fields read with certainty"},
    Row<DocumentCheckKind>{DocumentCheckKind::kBarcodeMrzConsistent, "barcode_mrz_consistent", "Barcode and MRZ agree"},
};

constexpr std::array kSources = {
    Row<DocumentSource>{DocumentSource::kPdf417, "pdf417", "the PDF417 barcode"},
    Row<DocumentSource>{DocumentSource::kMrz, "mrz", "the machine-readable zone"},
};

constexpr std::array kRoles = {
    Row<TargetFaceRole>{TargetFaceRole::kPortrait, "portrait", "the document portrait"},
    Row<TargetFaceRole>{TargetFaceRole::kGhost, "ghost", "the ghost portrait"},
    Row<TargetFaceRole>{TargetFaceRole::kOther, "other", "another face"},
};

template <typename Enum, size_t N>
const Row<Enum>& Find(const std::array<Row<Enum>, N>& table, Enum value) {
  for (const auto& row : table) {
    if (row.value == value) return row;
  }
  return table.front();  // unreachable: tests/unit/vocabulary_test.cpp checks every value has a row
}

template <typename Enum, size_t N>
const Row<Enum>* FindCode(const std::array<Row<Enum>, N>& table, std::string_view code) {
  for (const auto& row : table) {
    if (row.code == code) return &row;
  }
  return nullptr;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

// The capture reasons of a liveness check (liveness/capture_checks.cpp).
constexpr std::array kCaptureReasons = {
    Row<CaptureReason>{CaptureReason::kTooFewFrames, "TOO_FEW_FRAMES",
                       "Too few frames were captured; try the check again."},
    Row<CaptureReason>{CaptureReason::kTimestampsImplausible, "TIMESTAMPS_IMPLAUSIBLE",
                       "The frames' capture times are not those of a camera recording."},
    Row<CaptureReason>{CaptureReason::kFramesRepeated, "FRAMES_REPEATED", "The same frame was sent more than once."},
    Row<CaptureReason>{CaptureReason::kFaceLost, "FACE_LOST",
                       "The face was out of view too often; keep your whole face in the frame."},
    Row<CaptureReason>{CaptureReason::kMultipleFaces, "MULTIPLE_FACES",
                       "Another person was in view; do the check alone."},
    Row<CaptureReason>{CaptureReason::kFaceChanged, "FACE_CHANGED",
                       "The face changed to another person's during the check."},
    Row<CaptureReason>{CaptureReason::kChallengeNotFollowed, "CHALLENGE_NOT_FOLLOWED",
                       "The instructions were not followed in the order given; try again and do each one clearly."},
    Row<CaptureReason>{CaptureReason::kPlanarMotion, "PLANAR_MOTION",
                       "The face moved like a flat picture, not like a head turning."},
};

std::string_view ReasonCode(Reason reason) { return Find(kReasons, reason).code; }

std::optional<Reason> ParseReason(std::string_view code) {
  if (const auto* row = FindCode(kReasons, code)) return row->value;
  return std::nullopt;
}

std::string_view QualityProblemCode(QualityProblem problem) { return Find(kQualityProblems, problem).code; }

std::string QualityReasonCode(FaceSide side, QualityProblem problem) {
  std::string code(Find(kSides, side).code);
  code += QualityProblemCode(problem);
  return code;
}

std::string_view QualityProblemWords(std::string_view code) {
  for (const auto& side : kSides) {
    if (StartsWith(code, side.code)) code.remove_prefix(side.code.size());
  }
  if (const auto* row = FindCode(kQualityProblems, code)) return row->words;
  return "the face does not meet the quality bar";
}

std::string_view QualityFilterName(QualityFilter f) { return Find(kQualityFilters, f).code; }

std::optional<QualityFilter> ParseQualityFilter(std::string_view name) {
  if (const auto* row = FindCode(kQualityFilters, name)) return row->value;
  return std::nullopt;
}

std::string_view CaptureReasonCode(CaptureReason reason) { return Find(kCaptureReasons, reason).code; }

std::string_view DocumentCheckName(DocumentCheckKind kind) { return Find(kChecks, kind).code; }
std::string_view DocumentSourceName(DocumentSource source) { return Find(kSources, source).code; }
std::string_view TargetFaceRoleName(TargetFaceRole role) { return Find(kRoles, role).code; }

const Vocabulary& AllWords() {
  static const Vocabulary words = [] {
    Vocabulary v;
    for (const auto& r : kReasons) v.reasons.push_back({std::string(r.code), std::string(r.words)});
    for (const auto& r : kCaptureReasons) v.reasons.push_back({std::string(r.code), std::string(r.words)});
    for (const auto& side : kSides) {
      for (const auto& p : kQualityProblems) {
        v.reasons.push_back(
            {QualityReasonCode(side.value, p.value), std::string(side.words) + ": " + std::string(p.words) + "."});
      }
    }
    for (ErrorCode code : AllErrorCodes()) {
      if (code != ErrorCode::kOk) v.errors.push_back({std::string(ErrorCodeName(code)), std::string(ErrorWords(code))});
    }
    for (const auto& c : kChecks) v.checks.push_back({std::string(c.code), std::string(c.words)});
    return v;
  }();
  return words;
}

std::string WordsFor(std::string_view code) {
  const auto& all = AllWords();
  for (const auto* list : {&all.reasons, &all.errors, &all.checks}) {
    for (const auto& entry : *list) {
      if (entry.code == code) return entry.words;
    }
  }
  return std::string(code);
}

}  // namespace idmatch
