// The AAMVA DL/ID Card Design Standard record carried in the PDF417 barcode
// on the back of US and Canadian driver's licences and ID cards (versions
// 1-10): header, subfile designators, DL/ID subfiles and their data
// elements. Tolerates the deviations real cards show (missing or wrong
// separators, bad subfile offsets, lower case, trailing spaces) and lists
// each one it tolerated; anything it cannot read is a precise error.
//
// Thread contract: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch::document {

struct AamvaSubfile {
  std::string type;  // "DL", "ID", or a jurisdiction subfile such as "ZC"
  int offset = 0;    // as declared in the header
  int length = 0;
};

struct AamvaRecord {
  std::string file_type;  // "ANSI" (or "AAMVA" on early cards)
  std::string iin;        // issuer identification number, 6 digits
  int version = 0;        // AAMVA standard version, 1..10 (0 = pre-standard)
  int jurisdiction_version = 0;
  std::vector<AamvaSubfile> subfiles;
  std::string document_type;  // "DL" or "ID": the subfile the fields below come from
  // Common data elements (empty when absent); dates ISO 8601 YYYY-MM-DD.
  std::string family_name;             // DCS
  std::string given_names;             // DAC (+ DAD) or DCT
  std::string middle_names;            // DAD
  std::string birth_date;              // DBB
  std::string expiry_date;             // DBA
  std::string issue_date;              // DBD
  std::string customer_id;             // DAQ (the licence number)
  std::string sex;                     // DBC: "M", "F" or "X"
  std::string eye_colour;              // DAY
  std::string height;                  // DAU, as printed ("070 IN", "178 CM")
  std::string street;                  // DAG
  std::string city;                    // DAI
  std::string state;                   // DAJ
  std::string postal_code;             // DAK
  std::string country;                 // DCG ("USA", "CAN")
  std::string document_discriminator;  // DCF
  // Every element of every subfile, raw (trimmed), keyed "DL.DAQ", "ZC.ZCA"...
  std::map<std::string, std::string> elements;
  std::vector<std::string> warnings;  // tolerated deviations, in plain words
};

// `data`: the decoded barcode text. Errors: kInvalidArgument naming what is
// wrong (not an AAMVA record, header fields, no DL/ID subfile, a date that
// is no date in either order).
Result<AamvaRecord> ParseAamva(std::string_view data);

// "MMDDCCYY" (US, versions 2+) or "CCYYMMDD" (Canada, and version 1) to
// YYYY-MM-DD; "" when not a real date in that order.
std::string AamvaDate(std::string_view raw, bool year_first);

}  // namespace idmatch::document
