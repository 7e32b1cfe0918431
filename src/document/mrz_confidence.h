// How sure an MRZ read is of each field. The OCR scores every cell against
// every OCR-B glyph; a cell's margin is the chosen character's correlation
// minus that of the best other character its position allows (E against F,
// O against Q/D/0, 8 against B...). A field's margin is its smallest cell
// margin. A field is certain when its own check digit validates, or - for
// the fields no check digit protects (names, nationality, sex, document
// code, issuing state) - when its margin reaches kMrzCertainMargin. A field
// whose check digit fails is never certain.
//
// Thread contract: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "document/mrz.h"

namespace idmatch::document {

// Correlation margin (0..1) at and above which an unprotected field is
// certain. Rule (bench/mrz_confidence, docs/document.md): the largest margin
// of any misread unprotected field on the dev data - 18 rendered TD1/TD2/TD3
// documents under 5 degradations at 12 and 6 px/mm, plus the real photos of
// ../shared/testdata/documents/mrz-photos - rounded up to 0.01, plus 0.01 of
// headroom: 0.0517 -> 0.07 (0 of 43 misread fields certain; 7.7% of 1,066
// right fields flagged, most on the blurred 6 px/mm renderings).
inline constexpr float kMrzCertainMargin = 0.07f;

struct MrzFieldConfidence {
  // 0..1 per DocumentFields name ("family_name", "given_names",
  // "document_number", "birth_date", "expiry_date", "sex", "nationality",
  // "issuing_country", "type", "optional_data"): 1 when the field's check
  // digit validates, else margin / (2 * kMrzCertainMargin) capped at 1, so
  // 0.5 is the line between certain and uncertain.
  std::map<std::string, float> confidence;
  std::vector<std::string> uncertain;   // confidence below 0.5, in field order
  std::map<std::string, float> margin;  // the raw smallest cell margin per field (for bench/mrz_confidence)
};

// `margins` and `runner_up`: per line, per cell, of the read that produced
// `mrz` (same geometry as mrz.lines). Cells the parser repaired count as
// margin 0. A check digit settles its field only when it discriminates: if
// the field with its doubtful cells (margin below kMrzCertainMargin) read as
// their runners-up validates as well, the field is uncertain.
MrzFieldConfidence AssessMrzFields(const Mrz& mrz, const std::vector<std::vector<float>>& margins,
                                   const std::vector<std::string>& runner_up);

}  // namespace idmatch::document
