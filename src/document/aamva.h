// The AAMVA DL/ID Card Design Standard record carried in the PDF417 barcode
// on the back of US and Canadian driver's licences and ID cards (versions
// 1-10): header, subfile designators, DL/ID subfiles and their data
// elements. Tolerates the deviations real cards and scanners show, and lists
// each one it tolerated (`warnings`):
// - header: missing or altered separators, the early "AAMVA" (and misprinted
//   "AMVA") file type, version-1 headers with or without the jurisdiction
//   version field, no '@';
// - subfiles: wrong offsets and lengths (located by content instead);
// - elements: LF, CR, CRLF or RS separators, or none at all (split at the
//   standard's element ids), lower case, padding and control bytes;
// - text: bytes that are not UTF-8 are read as Windows-1252 / ISO 8859-1, so
//   every string of a record is valid UTF-8;
// - names: version-1 DAA "LAST,FIRST,MIDDLE,SUFFIX" or "FIRST MIDDLE LAST",
//   DAB/DAC/DAD, versions 2-3 DCS/DCT, trailing commas.
// Anything it cannot read is a precise error.
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
  // Common data elements (empty when absent); dates ISO 8601 YYYY-MM-DD. All
  // text is valid UTF-8 with control and padding bytes removed.
  std::string family_name;             // DCS (v2+), DAB or DAA (v1)
  std::string given_names;             // DAC + DAD, DCT (v2-3) or DAA (v1), space separated
  std::string middle_names;            // DAD
  std::string name_suffix;             // DCU, DAE, or DAA's fourth part ("JR", "3RD")
  std::string birth_date;              // DBB
  std::string expiry_date;             // DBA
  std::string issue_date;              // DBD
  std::string customer_id;             // DAQ (the licence number); v1 DBJ when DAQ is absent
  std::string sex;                     // DBC: "M", "F" or "X"
  std::string eye_colour;              // DAY
  std::string height;                  // DAU, as printed ("070 IN", "178 CM")
  std::string street;                  // DAG
  std::string city;                    // DAI
  std::string state;                   // DAJ, else the IIN's jurisdiction
  std::string postal_code;             // DAK, trailing '-' and padding removed
  std::string country;                 // DCG ("USA", "CAN"), else the IIN's country
  std::string document_discriminator;  // DCF
  // Names the card marks as truncated (DDE/DDF/DDG = "T"): "family_name",
  // "given_names" (first), "middle_names".
  std::vector<std::string> truncated;
  // Every element of every subfile, cleaned, keyed "DL.DAQ", "ZC.ZCA"...
  std::map<std::string, std::string> elements;
  std::vector<std::string> warnings;  // tolerated deviations, in plain words
};

// `data`: the decoded barcode bytes. Errors: kInvalidArgument naming what is
// wrong (not an AAMVA record, header fields, no DL/ID subfile).
Result<AamvaRecord> ParseAamva(std::string_view data);

// "MMDDCCYY" (US, versions 2+) or "CCYYMMDD" (Canada, and version 1) to
// YYYY-MM-DD; "" when not a real date in that order.
std::string AamvaDate(std::string_view raw, bool year_first);

}  // namespace idmatch::document
