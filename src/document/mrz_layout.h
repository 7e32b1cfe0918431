// The fields of each machine-readable zone format (ICAO 9303 parts 4-6:
// TD1, TD2, TD3, MRV-A, MRV-B; and the French national ID card's own
// layout): where each field sits and what kind of character it holds, for
// the parser's type-driven repair of OCR confusions (mrz.cpp).
//
// Thread contract: pure functions.
#pragma once

#include <vector>

#include "document/mrz.h"

namespace idmatch::document {

enum class MrzFieldKind { kAlpha, kNumeric, kAlnum, kCheck, kSex };

struct MrzField {
  int line, start, length;  // 0-based line, first character, characters
  MrzFieldKind kind;
};

struct MrzLayout {
  MrzFormat format;
  int lines, width;              // lines of `width` characters each
  std::vector<MrzField> fields;  // for type-driven repair
};

// The layout of `f`; {f, 0, 0, {}} for a format without one.
MrzLayout MrzLayoutFor(MrzFormat f);

}  // namespace idmatch::document
