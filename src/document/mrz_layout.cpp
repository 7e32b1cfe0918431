#include "document/mrz_layout.h"

namespace idmatch::document {

MrzLayout MrzLayoutFor(MrzFormat f) {
  const MrzField code{0, 0, 2, MrzFieldKind::kAlpha}, state{0, 2, 3, MrzFieldKind::kAlpha};
  switch (f) {
    case MrzFormat::kTd1:
      return {f,
              3,
              30,
              {code,
               state,
               {0, 5, 9, MrzFieldKind::kAlnum},
               {0, 14, 1, MrzFieldKind::kCheck},
               {0, 15, 15, MrzFieldKind::kAlnum},
               {1, 0, 6, MrzFieldKind::kNumeric},
               {1, 6, 1, MrzFieldKind::kCheck},
               {1, 7, 1, MrzFieldKind::kSex},
               {1, 8, 6, MrzFieldKind::kNumeric},
               {1, 14, 1, MrzFieldKind::kCheck},
               {1, 15, 3, MrzFieldKind::kAlpha},
               {1, 18, 11, MrzFieldKind::kAlnum},
               {1, 29, 1, MrzFieldKind::kCheck},
               {2, 0, 30, MrzFieldKind::kAlpha}}};
    case MrzFormat::kTd2:
    case MrzFormat::kMrvB:
    case MrzFormat::kTd3:
    case MrzFormat::kMrvA: {
      const int width = (f == MrzFormat::kTd2 || f == MrzFormat::kMrvB) ? 36 : 44;
      const bool composite = f == MrzFormat::kTd2 || f == MrzFormat::kTd3;
      MrzLayout l{f,
                  2,
                  width,
                  {code,
                   state,
                   {0, 5, width - 5, MrzFieldKind::kAlpha},
                   {1, 0, 9, MrzFieldKind::kAlnum},
                   {1, 9, 1, MrzFieldKind::kCheck},
                   {1, 10, 3, MrzFieldKind::kAlpha},
                   {1, 13, 6, MrzFieldKind::kNumeric},
                   {1, 19, 1, MrzFieldKind::kCheck},
                   {1, 20, 1, MrzFieldKind::kSex},
                   {1, 21, 6, MrzFieldKind::kNumeric},
                   {1, 27, 1, MrzFieldKind::kCheck}}};
      if (f == MrzFormat::kTd3) {
        l.fields.push_back({1, 28, 14, MrzFieldKind::kAlnum});
        l.fields.push_back({1, 42, 1, MrzFieldKind::kCheck});
      } else {
        l.fields.push_back({1, 28, width - 28 - (composite ? 1 : 0), MrzFieldKind::kAlnum});
      }
      if (composite) l.fields.push_back({1, width - 1, 1, MrzFieldKind::kCheck});
      return l;
    }
    case MrzFormat::kFrenchId:
      return {f,
              2,
              36,
              {code,
               state,
               {0, 5, 25, MrzFieldKind::kAlpha},
               {0, 30, 6, MrzFieldKind::kAlnum},
               {1, 0, 4, MrzFieldKind::kNumeric},
               {1, 4, 3, MrzFieldKind::kAlnum},
               {1, 7, 5, MrzFieldKind::kNumeric},
               {1, 12, 1, MrzFieldKind::kCheck},
               {1, 13, 14, MrzFieldKind::kAlpha},
               {1, 27, 6, MrzFieldKind::kNumeric},
               {1, 33, 1, MrzFieldKind::kCheck},
               {1, 34, 1, MrzFieldKind::kSex},
               {1, 35, 1, MrzFieldKind::kCheck}}};
  }
  return {f, 0, 0, {}};
}

}  // namespace idmatch::document
