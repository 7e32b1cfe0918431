#include "document/mrz_charset.h"

namespace idmatch::document {
namespace {

// Line 2 of TD3/TD2 and visas: number, check, nationality, birth date, check,
// sex, expiry, check, optional data (with its own check on TD3), composite.
MrzCharset LongLine2(int characters, int column) {
  if (column < 9) return MrzCharset::kAlnum;
  if (column == 9) return MrzCharset::kDigit;
  if (column < 13) return MrzCharset::kAlpha;
  if (column < 20) return MrzCharset::kDigit;
  if (column == 20) return MrzCharset::kSex;
  if (column < 28) return MrzCharset::kDigit;
  if (column == characters - 1) return MrzCharset::kDigitFiller;  // composite (a visa's optional data)
  if (characters == 44 && column == 42) return MrzCharset::kDigitFiller;
  return MrzCharset::kAlnum;
}

MrzCharset Td1(int line, int column) {
  if (line == 0) {
    if (column < 5) return MrzCharset::kAlpha;
    if (column == 14) return MrzCharset::kDigitFiller;
    return MrzCharset::kAlnum;
  }
  if (line == 1) {
    if (column < 7) return MrzCharset::kDigit;
    if (column == 7) return MrzCharset::kSex;
    if (column < 15) return MrzCharset::kDigit;
    if (column < 18) return MrzCharset::kAlpha;
    if (column == 29) return MrzCharset::kDigit;
    return MrzCharset::kAlnum;
  }
  return MrzCharset::kAlpha;
}

}  // namespace

namespace {

// The French identity card: surname and administrative code on line 1;
// number (YYMM, office, sequence), check, given names, birth date, check,
// sex, composite on line 2.
MrzCharset FrenchId(int line, int column) {
  if (line == 0) return column < 30 ? MrzCharset::kAlpha : MrzCharset::kAlnum;
  if (column < 4) return MrzCharset::kDigit;
  if (column < 7) return MrzCharset::kAlnum;
  if (column < 13) return MrzCharset::kDigit;
  if (column < 27) return MrzCharset::kAlpha;
  if (column == 34) return MrzCharset::kSex;
  return MrzCharset::kDigit;
}

}  // namespace

MrzCharset MrzPositionCharset(int characters, int line, int column, bool french_id) {
  if (characters == 36 && french_id) return FrenchId(line, column);
  if (characters == 30) return Td1(line, column);
  if (line == 0) return MrzCharset::kAlpha;
  return LongLine2(characters, column);
}

bool MrzCharsetAllows(MrzCharset set, char c) {
  const bool digit = c >= '0' && c <= '9', letter = c >= 'A' && c <= 'Z', filler = c == '<';
  switch (set) {
    case MrzCharset::kDigit: return digit;
    case MrzCharset::kDigitFiller: return digit || filler;
    case MrzCharset::kAlpha: return letter || filler;
    case MrzCharset::kAlnum: return digit || letter || filler;
    case MrzCharset::kSex: return c == 'M' || c == 'F' || c == 'X' || filler;
  }
  return false;
}

}  // namespace idmatch::document
