// ICAO 9303 machine-readable zones: TD1 (ID cards, 3x30), TD2 (2x36), TD3
// (passports, 2x44) and machine-readable visas MRV-A (2x44) and MRV-B
// (2x36). Parses the fields, verifies every check digit and the composite,
// and repairs common OCR confusions where the field type or a check digit
// decides them, saying which characters were changed.
//
// Thread contract: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::document {

// kFrenchId: the French national identity card of 1988-2021 (2 x 36, not
// ICAO: surname on line 1, card number YYMM + office + sequence, given names,
// birth date, sex and a composite over both lines on line 2; no expiry date).
// Still valid for years and common in KYC.
enum class MrzFormat { kTd1, kTd2, kTd3, kMrvA, kMrvB, kFrenchId };
std::string_view MrzFormatName(MrzFormat f);  // "TD1", "TD2", "TD3", "MRV-A", "MRV-B", "FR-ID"

struct MrzCheck {
  std::string field;  // "document_number", "birth_date", "expiry_date", "optional_data", "composite"
  bool valid = false;
  char expected = '<';  // computed check digit
  char found = '<';     // digit in the MRZ
};

struct MrzRepair {
  int line = 0;    // 0-based
  int column = 0;  // 0-based
  char from = 0;
  char to = 0;
  std::string reason;  // "field is numeric", "field is alphabetic", "check digit", "filler"
};

struct MrzDate {
  std::string raw;  // YYMMDD as printed
  std::string iso;  // YYYY-MM-DD, or "" when not a valid date
};

struct Mrz {
  MrzFormat format = MrzFormat::kTd3;
  std::vector<std::string> lines;  // after repairs
  std::string document_code;       // e.g. "P", "PN", "I", "ID", "V"
  std::string issuing_state;       // ICAO 3-letter code, e.g. "UTO" ("D" for Germany keeps its "<" removed)
  std::string surname;
  std::string given_names;  // space separated
  std::string document_number;
  std::string nationality;
  MrzDate birth_date;
  std::string sex;  // "M", "F" or "X" (unspecified)
  MrzDate expiry_date;
  std::string optional_data;    // TD3 personal number / TD1 line 1 optional data
  std::string optional_data_2;  // TD1 line 2 optional data
  std::vector<MrzCheck> checks;
  std::vector<MrzRepair> repairs;
  bool all_checks_valid() const;
};

// ICAO 9303 check digit (weights 7, 3, 1; A-Z = 10-35, '<' = 0). Returns -1
// when `field` holds a character outside 0-9, A-Z and '<'.
int MrzCheckDigit(std::string_view field);

// `text`: the MRZ lines separated by line breaks (blank lines and spaces are
// ignored; lower case is folded). `today`: YYYY-MM-DD, the reference for the
// century of two-digit years (birth dates are never in the future; expiry
// dates fall within 50 years of today). Errors: kInvalidArgument naming what
// does not fit an MRZ (line count and lengths, characters that cannot be
// read even after repair).
Result<Mrz> ParseMrz(std::string_view text, std::string_view today);

}  // namespace idmatch::document
