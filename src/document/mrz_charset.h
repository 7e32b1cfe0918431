// Which characters ICAO 9303 allows at each MRZ position (by format, line and
// column), so the OCR chooses a cell's character among those only: digits in
// dates and check digits, letters and '<' in names and codes, both in
// document numbers and optional data.
//
// Thread contract: pure functions.
#pragma once

#include <string_view>

namespace idmatch::document {

enum class MrzCharset {
  kDigit,        // 0-9
  kDigitFiller,  // 0-9 or '<' (an empty field's check, TD1's long-number marker)
  kAlpha,        // A-Z or '<'
  kAlnum,        // A-Z, 0-9 or '<'
  kSex,          // M, F, X or '<'
};

// `characters` per line: 44 (TD3, MRV-A), 36 (TD2, MRV-B) or 30 (TD1).
// `french_id`: the 2 x 36 French identity card layout (mrz.h) instead of TD2.
MrzCharset MrzPositionCharset(int characters, int line, int column, bool french_id = false);
bool MrzCharsetAllows(MrzCharset set, char c);

}  // namespace idmatch::document
