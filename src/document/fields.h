// One shape for what any document reader found (PDF417/AAMVA now, the MRZ
// once it is read from photos), and the checks run on it.
//
// Thread contract: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "document/aamva.h"
#include "document/mrz.h"

namespace idmatch::document {

struct DocumentFields {
  std::string source;           // "pdf417" or "mrz"
  std::string type;             // "DL", "ID" (AAMVA); "P", "I", "V"... (MRZ document code)
  std::string issuing_country;  // "USA", "CAN", or the MRZ's ICAO code
  std::string jurisdiction;     // state/province (AAMVA DAJ)
  std::string family_name;
  std::string given_names;
  std::string birth_date;   // YYYY-MM-DD or ""
  std::string expiry_date;  // YYYY-MM-DD or ""
  std::string issue_date;   // YYYY-MM-DD or ""
  std::string document_number;
  std::string sex;                         // "M", "F", "X" or ""
  std::map<std::string, std::string> raw;  // every element / field as read
  std::vector<std::string> warnings;
  bool mrz_checks_valid = true;  // MRZ only: every check digit and the composite
};

DocumentFields FromAamva(const AamvaRecord& record);
DocumentFields FromMrz(const Mrz& mrz);

struct DocumentCheck {
  std::string name;       // "not_expired", "minimum_age", "check_digits"
  bool assessed = false;  // false when the needed field is missing
  bool passed = true;
  std::string reason;  // on failure: DOCUMENT_EXPIRED, UNDER_MINIMUM_AGE, MRZ_CHECK_DIGIT_FAILED
};

// `today`: YYYY-MM-DD. `minimum_age`: years (18 by default at the callers).
std::vector<DocumentCheck> CheckDocument(const DocumentFields& fields, std::string_view today, int minimum_age);

}  // namespace idmatch::document
