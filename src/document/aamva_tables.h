// Reference tables of the AAMVA DL/ID Card Design Standard (2000-2020
// editions): the data element identifiers of the DL/ID subfiles, and the
// issuer identification numbers (IIN) of US and Canadian jurisdictions.
//
// Thread contract: read-only data.
#pragma once

#include <string_view>

namespace idmatch::document {

// True for a data element id the standard defines for DL/ID subfiles in any
// version ("DAQ", "DCS", ... and version 1's "DAA", "DAB", permit "PAA"...).
// Used to split payloads whose element separators were lost.
bool IsAamvaElementId(std::string_view id);

struct AamvaIssuer {
  std::string_view jurisdiction;  // postal abbreviation, e.g. "NY", "ON"
  std::string_view country;       // "USA" or "CAN"
};

// The jurisdiction an IIN was issued to; {"", ""} when unknown.
AamvaIssuer AamvaIssuerOf(std::string_view iin);

}  // namespace idmatch::document
